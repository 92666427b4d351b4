"""The review desk's decision form: approve keeping the typed, the read or a corrected amount
and tubes (nothing preselected where the ticket disagrees), or reject with a reason.
Used by sales/review_desk.py."""

from __future__ import annotations

from typing import Any

from django import forms

from sales.models import Venta
from sales.parsing import MAX_TUBOS, ParseError, parse_monto
from sales.texts import dinero

ESCRITO, LEIDO, CORREGIDO = "escrito", "leido", "corregido"
APROBAR, RECHAZAR = "aprobar", "rechazar"


# --- The decision --------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    """Approve keeping the typed, read or a corrected amount and tubes; or reject with a reason.

    `ronda` and `version` are the ones the reviewer saw: a decision on a round already decided,
    or on a sale that changed meanwhile (another photo, an edit), is refused.
    """

    ronda = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[(APROBAR, "Aprobar"), (RECHAZAR, "Rechazar")],
        error_messages={"required": "Elige aprobar o rechazar."},
    )
    # Not required by the field: a rejection needs neither; `clean` asks for them on approval.
    monto = forms.ChoiceField(label="Monto que se queda", widget=forms.RadioSelect, required=False)
    monto_corregido = forms.CharField(label="Monto corregido", required=False, max_length=30)
    tubos = forms.ChoiceField(label="Tubos que se quedan", widget=forms.RadioSelect, required=False)
    tubos_corregidos = forms.IntegerField(
        label="Tubos corregidos", required=False, min_value=0, max_value=MAX_TUBOS
    )
    razon = forms.CharField(
        label="Razón (obligatoria para rechazar)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, venta: Venta, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"v{venta.pk}")
        kwargs.setdefault(
            "initial",
            {
                "ronda": venta.ronda_revision,
                "version": venta.version,
                # Where the ticket disagrees with what was typed, the reviewer must choose:
                # nothing is preselected (an approval once paid the typed tubes by default).
                "monto": preselected(venta.monto, venta.monto_leido),
                "tubos": preselected(venta.tubos, venta.tubos_leidos),
            },
        )
        super().__init__(*args, **kwargs)
        self.venta = venta
        self.fields["monto"].choices = _choices(venta.monto, venta.monto_leido, dinero)
        self.fields["tubos"].choices = _choices(venta.tubos, venta.tubos_leidos, str)

    def clean(self) -> dict[str, Any]:
        datos = super().clean()
        if datos.get("decision") == RECHAZAR:
            if not datos.get("razon", "").strip():
                self.add_error("razon", "Para rechazar hay que escribir la razón.")
            return datos
        for campo, que in (("monto", "qué monto se queda"), ("tubos", "cuántos tubos se quedan")):
            if not datos.get(campo):
                self.add_error(campo, f"Elige {que}: lo escrito, lo del ticket o una corrección.")
        corregido = (datos.get("monto_corregido") or "").strip()
        if datos.get("monto") == CORREGIDO:
            try:
                datos["monto_corregido"] = parse_monto(corregido)
            except ParseError as exc:
                problema = exc.problema if corregido else "Escribe el monto corregido"
                self.add_error("monto_corregido", f"{problema}.")
        elif corregido:
            self.add_error(
                "monto_corregido", "Escribiste un monto corregido: elige «Corregido» o bórralo."
            )
        tubos = datos.get("tubos_corregidos")
        if datos.get("tubos") == CORREGIDO and tubos is None:
            self.add_error("tubos_corregidos", "Escribe los tubos corregidos.")
        elif datos.get("tubos") != CORREGIDO and tubos is not None:
            self.add_error(
                "tubos_corregidos", "Escribiste tubos corregidos: elige «Corregido» o bórralos."
            )
        return datos

    def decision_kwargs(self) -> dict[str, Any]:
        """The keyword arguments for `sales.services.review.decide_review`."""
        datos, venta = self.cleaned_data, self.venta
        if datos["decision"] == RECHAZAR:
            return {"aprobar": False, "razon": datos["razon"].strip()}
        monto = {ESCRITO: venta.monto, LEIDO: venta.monto_leido}.get(
            datos["monto"], datos["monto_corregido"]
        )
        tubos = {ESCRITO: venta.tubos, LEIDO: venta.tubos_leidos}.get(
            datos["tubos"], datos["tubos_corregidos"]
        )
        return {
            "aprobar": True,
            "monto": monto,
            "tubos": tubos,
            "razon": datos["razon"].strip(),
            "eleccion": {"monto": datos["monto"], "tubos": datos["tubos"]},
        }


def preselected(escrito, leido) -> str | None:
    """The option checked when the card opens: the typed value when the ticket agrees (or was
    not read), none when they differ."""
    return ESCRITO if leido is None or leido == escrito else None


def _choices(escrito, leido, formato) -> list[tuple[str, str]]:
    opciones = [(ESCRITO, f"Escrito: {formato(escrito)}")]
    if leido is not None:
        opciones.append((LEIDO, f"Leído: {formato(leido)}"))
    return [*opciones, (CORREGIDO, "Corregido:")]

"""Deciding a flagged sale from its card in Mattermost (sales/cards.py): a button's click and the
rejection dialog's submission, each answered within Mattermost's wait.

Nothing in the request is trusted by itself (docs/mattermost-interactive.md): the context must
carry salesbot's signature for that sale, round and decision; the post must be the sale's card;
the clicking Mattermost account must be linked to a Django user who may decide reviews. The
decision then goes through the same service as the admin's desk (audit, one decision per round,
the seller's reply and reaction, the card updated). Every refusal is a 200 with an ephemeral
message for the clicker only.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.crypto import constant_time_compare, salted_hmac

from integrations.mattermost import client
from integrations.mattermost.client import MattermostError
from sales import cards
from sales.models import AvisoMattermost, Estado, RevisorMattermost, Venta
from sales.parsing import ParseError, parse_monto, parse_tubos
from sales.permissions import DECIDIR
from sales.services.review import VentaYaDecidida, decide_review
from sales.texts import cards as textos

logger = logging.getLogger(__name__)

# A rejection's dialog state is good for this long after the click.
VIGENCIA_DIALOGO = 15 * 60
# The dialog opens shortly after the click is answered: the webapp shows it only once it has
# the click's answer (docs/mattermost-interactive.md#dialogs).
ESPERA_DIALOGO = 0.3


class Rechazo(Exception):
    """A click or submission that decides nothing; the message says why, for the clicker."""


def click(datos: dict[str, Any]) -> dict[str, Any]:
    """The answer to a button's click (always a 200 for Mattermost)."""
    try:
        venta, revisor, decision = _checked_click(datos)
    except Rechazo as exc:
        return {"ephemeral_text": str(exc)}
    if decision == cards.RECHAZAR:
        _open_dialog_soon(datos.get("trigger_id", ""), _rejection(venta, datos["user_id"]))
        return {"ephemeral_text": textos.ABRIENDO_DIALOGO}
    if decision == cards.CORREGIR:
        _open_dialog_soon(datos.get("trigger_id", ""), _correction(venta, datos["user_id"]))
        return {"ephemeral_text": textos.ABRIENDO_CORRECCION}
    return {"ephemeral_text": _decide(venta, revisor, aprobar=True, con=decision)}


def _checked_click(datos: dict[str, Any]) -> tuple[Venta, User, str]:
    contexto = datos.get("context") if isinstance(datos.get("context"), dict) else {}
    if not cards.valid_signature(contexto) or contexto.get("decision") not in cards.DECISIONES:
        raise Rechazo(textos.TARJETA_INVALIDA)
    venta = _card_sale(str(contexto.get("venta", "")), str(datos.get("post_id", "")))
    revisor = _reviewer(str(datos.get("user_id", "")))
    if str(venta.ronda_revision) != contexto.get("ronda") or venta.estado != Estado.EN_REVISION:
        raise Rechazo(_who_decided(venta))
    return venta, revisor, contexto["decision"]


def _card_sale(venta_id: str, post_id: str) -> Venta:
    """The sale whose card is the post clicked (a copied context on another post is refused)."""
    if not venta_id.isdigit():
        raise Rechazo(textos.TARJETA_INVALIDA)
    tarjeta = AvisoMattermost.objects.filter(clave=cards.card_key(venta_id)).first()
    if tarjeta is None or not post_id or tarjeta.mm_post_id != post_id:
        raise Rechazo(textos.TARJETA_INVALIDA)
    return Venta.objects.select_related("vendedor").get(pk=int(venta_id))


def _reviewer(mm_user_id: str) -> User:
    cuentas = RevisorMattermost.objects.select_related("usuario")
    cuenta = cuentas.filter(mm_user_id=mm_user_id).first()
    if cuenta is None or not cuenta.usuario.is_active or not cuenta.usuario.has_perm(DECIDIR):
        raise Rechazo(textos.SIN_PERMISO)
    return cuenta.usuario


def _who_decided(venta: Venta) -> str:
    entrada = cards.last_decision(venta)
    if entrada is None:
        return textos.TARJETA_INVALIDA
    return textos.ya_decidida(venta.pk, entrada.actor, entrada.accion)


def _decide(venta: Venta, revisor: User, *, aprobar: bool, **como: Any) -> str:
    """Decide through the review service; what the reviewer reads. `como`: `con` (the button:
    the ticket's or the typed values), `corregido` (monto and tubos), `razon`."""
    campos: dict[str, Any] = {"aprobar": aprobar, "razon": como.get("razon", "")}
    if como.get("corregido") is not None:
        eleccion = {"monto": "corregido", "tubos": "corregido"}
        campos |= {**como["corregido"], "eleccion": eleccion}
    elif aprobar:
        campos |= _kept_values(venta, como.get("con") == cards.TICKET)
    try:
        decide_review(
            venta=venta,
            ronda=venta.ronda_revision,
            version=venta.version,
            revisor=revisor.get_username(),
            nombre_revisor=revisor.get_full_name().strip(),
            **campos,
        )
    except VentaYaDecidida:
        return _who_decided(Venta.objects.get(pk=venta.pk))
    return textos.decidida(venta.pk, aprobar)


def _kept_values(venta: Venta, del_ticket: bool) -> dict[str, Any]:
    """The amount and tubes an approval keeps: the ticket's where it read them."""
    monto_leido = del_ticket and venta.monto_leido is not None
    tubos_leidos = del_ticket and venta.tubos_leidos is not None
    return {
        "monto": venta.monto_leido if monto_leido else venta.monto,
        "tubos": venta.tubos_leidos if tubos_leidos else venta.tubos,
        "eleccion": {
            "monto": "leido" if monto_leido else "escrito",
            "tubos": "leido" if tubos_leidos else "escrito",
        },
    }


# --- The dialogs: the reason of a rejection, the values of a correction ------------------------


def dialog_state(venta: Venta, mm_user_id: str, tipo: str, expira: int | None = None) -> str:
    """What a dialog carries back, signed: the sale, its round, the user, an expiry and what
    it does (the browser sees it: nothing secret in it)."""
    expira = expira if expira is not None else int(time.time()) + VIGENCIA_DIALOGO
    texto = f"{venta.pk}.{venta.ronda_revision}.{mm_user_id}.{expira}.{tipo}"
    return f"{texto}.{_state_signature(texto)}"


def _state_signature(texto: str) -> str:
    return salted_hmac("salesbot.dialogo", texto, algorithm="sha256").hexdigest()


def _rejection(venta: Venta, mm_user_id: str) -> dict[str, Any]:
    razon = {
        "display_name": textos.CAMPO_RAZON,
        "name": "razon",
        "type": "textarea",
        "help_text": textos.AYUDA_RAZON,
        "min_length": 1,
        "max_length": 1000,
        "optional": False,
    }
    return {
        "callback_id": "rechazo",
        "title": textos.TITULO_DIALOGO,
        "elements": [razon],
        "submit_label": textos.BOTON_RECHAZAR,
        "state": dialog_state(venta, mm_user_id, cards.RECHAZAR),
    }


def _correction(venta: Venta, mm_user_id: str) -> dict[str, Any]:
    monto = venta.monto_leido if venta.monto_leido is not None else venta.monto
    tubos = venta.tubos_leidos if venta.tubos_leidos is not None else venta.tubos
    elementos = [
        {"display_name": textos.CAMPO_MONTO, "name": "monto", "type": "text",
         "default": f"{monto:.2f}", "optional": False},
        {"display_name": textos.CAMPO_TUBOS, "name": "tubos", "type": "text",
         "subtype": "number", "default": str(tubos), "optional": False},
    ]  # fmt: skip
    return {
        "callback_id": "correccion",
        "title": textos.TITULO_CORRECCION,
        "elements": elementos,
        "submit_label": "Aprobar",
        "state": dialog_state(venta, mm_user_id, cards.CORREGIR),
    }


def _open_dialog_soon(trigger_id: str, dialogo: dict[str, Any]) -> None:
    url = f"{settings.SALESBOT_PUBLIC_URL}/mattermost/dialogo"
    hilo = threading.Timer(ESPERA_DIALOGO, _open_dialog, args=(trigger_id, url, dialogo))
    hilo.daemon = True
    hilo.start()


def _open_dialog(trigger_id: str, url: str, dialogo: dict[str, Any]) -> None:
    cuerpo = {"trigger_id": trigger_id, "url": url, "dialog": dialogo}
    try:
        client.request("POST", "/actions/dialogs/open", json=cuerpo)
    except MattermostError as exc:
        logger.warning("A review dialog did not open: %s", exc)


def submit(datos: dict[str, Any]) -> dict[str, Any]:
    """The answer to a dialog: `{}` closes it, `errors` keeps it open under the field."""
    if datos.get("cancelled") is True or datos.get("type") == "refresh":
        # A closed dialog is sent only with `notify_on_cancel`, and a refresh only for elements
        # marked `refresh`: ours ask for neither. Were one sent, whatever its values, closing a
        # dialog or redrawing it decides nothing.
        return {}
    try:
        venta, revisor, tipo = _checked_submission(datos)
        envio = datos.get("submission") if isinstance(datos.get("submission"), dict) else {}
        if tipo == cards.RECHAZAR:
            mensaje, aprobada = _decide(venta, revisor, aprobar=False, razon=_reason(envio)), False
        else:
            corregido = _corrected(envio)
            mensaje, aprobada = _decide(venta, revisor, aprobar=True, corregido=corregido), True
    except Rechazo as exc:
        return exc.args[0] if isinstance(exc.args[0], dict) else {"error": str(exc)}
    if mensaje != textos.decidida(venta.pk, aprobada):
        return {"error": mensaje.removeprefix(":information_source: ")}
    return {}


def _reason(envio: dict[str, Any]) -> str:
    razon = str(envio.get("razon") or "").strip()
    if not razon:
        raise Rechazo({"errors": {"razon": textos.FALTA_RAZON}})
    return razon[:1000]


def _corrected(envio: dict[str, Any]) -> dict[str, Any]:
    """The corrected amount and tubes; Rechazo with the field's Spanish error otherwise."""
    return {
        "monto": _field(envio, "monto", parse_monto),
        "tubos": _field(envio, "tubos", parse_tubos),
    }


def _field(envio: dict[str, Any], campo: str, parse):
    """A dialog field read by the sale message's own rule; its Spanish error under the field."""
    try:
        return parse(str(envio.get(campo) or ""))
    except ParseError as exc:
        raise Rechazo({"errors": {campo: f"{exc.problema}."}}) from None


def _checked_submission(datos: dict[str, Any]) -> tuple[Venta, User, str]:
    partes = str(datos.get("state", "")).split(".")
    if len(partes) != 6 or not partes[0].isdigit() or not partes[3].isdigit():
        raise Rechazo(textos.TARJETA_INVALIDA)
    venta_id, ronda, mm_user_id, expira, tipo, firma = partes
    if not constant_time_compare(firma, _state_signature(".".join(partes[:5]))):
        raise Rechazo(textos.TARJETA_INVALIDA)
    if int(expira) < time.time() or mm_user_id != datos.get("user_id"):
        raise Rechazo(textos.TARJETA_INVALIDA)
    revisor = _reviewer(mm_user_id)
    venta = Venta.objects.select_related("vendedor").get(pk=int(venta_id))
    if str(venta.ronda_revision) != ronda or venta.estado != Estado.EN_REVISION:
        raise Rechazo(_who_decided(venta).removeprefix(":information_source: "))
    return venta, revisor, tipo

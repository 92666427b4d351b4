"""The audit trail as people read it: each entry a sentence («lucia aprobó la venta #3») and its
changes in words («estado: En revisión → Aprobada · monto: $1,600.00 → $1,500.00»), never the
code's names (`aprobar`, `ronda_revision`, `en_revision`).

Part of the bot's catalogue (`sales.texts`); the admin shows these (sales/admin.py).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sales.texts import dinero

# What each action did, as a sentence about its object (`{id}`).
_ACCIONES = {
    "registrar": ("registró la venta #{id}", "Registrar una venta"),
    "adjuntar_comprobante": ("adjuntó la foto del ticket a la venta #{id}", "Adjuntar foto"),
    "marcar_revision": ("mandó a revisión la venta #{id}", "Mandar a revisión"),
    "aprobar": ("aprobó la venta #{id}", "Aprobar"),
    "rechazar": ("rechazó la venta #{id}", "Rechazar"),
    "corregir": ("corrigió la venta #{id}", "Corregir una venta"),
    "anular": ("anuló la venta #{id}", "Anular una venta"),
    "recalcular_comision": ("recalculó la comisión de la venta #{id}", "Recalcular comisión"),
    "crear_meta": ("fijó la meta #{id}", "Fijar una meta"),
    "fijar_meta": ("cambió la meta #{id}", "Cambiar una meta"),
    "quitar_meta": ("quitó la meta #{id}", "Quitar una meta"),
    "editar_vendedor": ("editó los datos del vendedor #{id}", "Editar un vendedor"),
    "ajuste": ("causó el ajuste #{id} de un mes cerrado", "Ajuste de un mes cerrado"),
    "cerrar_mes": ("cerró el mes (cierre #{id})", "Cerrar un mes"),
    "reabrir_mes": ("reabrió el mes (cierre #{id})", "Reabrir un mes"),
    "crear_plan": ("creó el plan de comisión #{id}", "Crear un plan"),
    "publicar_plan": ("publicó el plan de comisión #{id}", "Publicar un plan"),
    "editar_plan": ("editó el plan de comisión #{id}", "Editar un plan"),
}

# The fields of the snapshots, as people call them.
_CAMPOS = {
    "ronda_revision": "ronda de revisión",
    "comision": "comisión",
    "estados_de_cuenta": "estados de cuenta",
    "excluidas": "pendientes que quedaron fuera",
    "oculto_en_ranking": "nombre oculto en el ranking",
    "por_tubo": "comisión por tubo",
    "umbral_escalon": "umbral del escalón",
    "por_tubo_escalon": "comisión por tubo del escalón",
    "vigente_desde": "vigente desde",
    "mes_origen": "mes de la venta",
}
_DINERO = {"monto", "comision", "total", "por_tubo", "por_tubo_escalon"}


def sentence(actor: str, accion: str, objeto_id: int) -> str:
    """`lucia aprobó la venta #3`."""
    plantilla = _ACCIONES.get(accion, (f"{accion.replace('_', ' ')} #{{id}}", ""))[0]
    return f"{actor} {plantilla.format(id=objeto_id)}"


def action_choices() -> list[tuple[str, str]]:
    """(action, its name) for the audit list's filter."""
    return [(accion, nombre) for accion, (_frase, nombre) in _ACCIONES.items()]


def changes(antes: dict | None, despues: dict | None, etiquetas: dict[str, dict]) -> str:
    """What an entry changed, in words; `etiquetas` names coded values (estado, motivo)."""
    antes, despues = antes or {}, despues or {}

    def valor(campo: str, v: Any) -> str:
        return _value(campo, v, etiquetas)

    if not antes:
        return "alta: " + " · ".join(f"{_field(c)}: {valor(c, v)}" for c, v in despues.items())
    return " · ".join(
        f"{_field(c)}: {valor(c, antes.get(c))} → {valor(c, v)}"
        for c, v in despues.items()
        if antes.get(c) != v
    )


def _field(campo: str) -> str:
    return _CAMPOS.get(campo, campo.replace("_", " "))


def _value(campo: str, valor: Any, etiquetas: dict[str, dict]) -> str:
    if valor in (None, "", []):
        return "—"
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, list):
        return ", ".join(str(v) for v in valor)
    if campo in _DINERO:
        try:
            return dinero(Decimal(str(valor)))
        except InvalidOperation:
            return str(valor)
    texto = str(etiquetas.get(campo, {}).get(valor, valor))
    return texto.replace("_", " ")

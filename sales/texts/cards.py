"""The review card in the reviewers' Mattermost channel, and what a reviewer reads when they
press its buttons or fill its dialog (sales/cards.py, sales/review_chat.py).

Part of the bot's catalogue (`sales.texts`).
"""

from __future__ import annotations

from django.utils import timezone

from sales.texts import dinero, literal, tubos

BOTON_TICKET = "Aprobar con lo del ticket"
BOTON_ESCRITO = "Aprobar con lo escrito"
BOTON_CORREGIR = "Corregir"
BOTON_RECHAZAR = "Rechazar"
SIN_PERMISO = (
    ":no_entry: No tienes permiso para revisar ventas. Pide a un administrador que vincule tu "
    "cuenta de Mattermost con tu usuario de revisor."
)
TARJETA_INVALIDA = (
    ":warning: Este botón no es de una tarjeta vigente de salesbot: no se registró nada."
)
TITULO_DIALOGO = "Rechazar la venta"
CAMPO_RAZON = "Razón"
AYUDA_RAZON = "El vendedor la verá en su hilo y en /ventas."
FALTA_RAZON = "Escribe la razón del rechazo."
ABRIENDO_DIALOGO = "Escribe la razón del rechazo en el formulario."
TITULO_CORRECCION = "Corregir y aprobar"
CAMPO_MONTO = "Monto"
CAMPO_TUBOS = "Tubos"
ABRIENDO_CORRECCION = "Escribe el monto y los tubos correctos en el formulario."


def mensaje_tarjeta(venta, enlace: str) -> str:
    leido = (
        f"{dinero(venta.monto_leido)} · {tubos(venta.tubos_leidos)}"
        if venta.monto_leido is not None and venta.tubos_leidos is not None
        else (dinero(venta.monto_leido) if venta.monto_leido is not None else "no se leyó")
    )
    lineas = [
        f"**Venta #{venta.pk} para revisión** · {venta.get_motivo_display()}",
        f"Vendedor: {literal(str(venta.vendedor))} · Cliente: {literal(venta.cliente)}",
        f"Escrito: {dinero(venta.monto)} · {tubos(venta.tubos)}",
        f"Ticket: {leido}"
        + (
            f" (diferencia {venta.diferencia_pct:.2f} %)"
            if venta.diferencia_pct is not None
            else ""
        ),
        f"Mensaje del vendedor: {literal(venta.mensaje, 300)}",
        f"[Ver la venta en la administración]({enlace})",
    ]
    return "\n".join(lineas)


def estado_tarjeta(venta, decision) -> str:
    """The line under the card once it is not pending: who decided what, when."""
    if venta.estado == "anulada":
        return "Venta anulada: el vendedor borró su publicación."
    if decision is None:
        return f"Revisión n.º {venta.ronda_revision}: pendiente."
    cuando = f"{timezone.localtime(decision.creado):%d/%m %H:%M}"
    quien = decision.actor
    if decision.accion == "aprobar":
        return f"Aprobada por {quien} el {cuando}: {dinero(venta.monto)} · {tubos(venta.tubos)}."
    return f"Rechazada por {quien} el {cuando}: {literal(decision.nota, 300)}"


def ya_decidida(venta_id: int, quien: str, accion: str) -> str:
    verbo = "aprobó" if accion == "aprobar" else "rechazó"
    return (
        f":information_source: {quien} ya {verbo} la venta #{venta_id} antes que tú: "
        "no se registró tu decisión."
    )


def decidida(venta_id: int, aprobada: bool) -> str:
    return (
        f":white_check_mark: Aprobaste la venta #{venta_id}."
        if aprobada
        else f":x: Rechazaste la venta #{venta_id}."
    )

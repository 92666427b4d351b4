"""The audit entry every change of a sale leaves: who, what, the state before and after."""

from __future__ import annotations

from typing import Any

from sales.models import Auditoria, Venta

# The actor of what salesbot does on its own.
SISTEMA = "sistema"


def snapshot(venta: Venta) -> dict[str, Any]:
    return {
        "estado": venta.estado,
        "motivo": venta.motivo,
        "cliente": venta.cliente,
        "monto": str(venta.monto),
        "tubos": venta.tubos,
        "comision": str(venta.comision),
        "ronda_revision": venta.ronda_revision,
    }


def audit(
    venta: Venta, *, actor: str, accion: str, antes: dict[str, Any] | None, nota: str = ""
) -> Auditoria:
    return record(
        actor=actor,
        accion=accion,
        objeto=venta,
        antes=antes,
        despues=snapshot(venta),
        nota=nota,
    )


def record(*, actor: str, accion: str, objeto, antes, despues, nota: str = "") -> Auditoria:
    """An audit entry for any ledger object (a sale's entries are linked to it)."""
    return Auditoria.objects.create(
        actor=actor,
        accion=accion,
        modelo=type(objeto).__name__,
        objeto_id=objeto.pk,
        venta=objeto if isinstance(objeto, Venta) else None,
        antes=antes,
        despues=despues,
        nota=nota,
    )

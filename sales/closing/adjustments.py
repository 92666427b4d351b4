"""A closed month's sale changed: the difference is paid or taken back in the next open month.

`record_adjustment` is what the sale flow calls after any change to a sale (an edit, a deleted
post, a late approval or rejection, a reviewer's correction, a late sale): for a sale of an
open month it does nothing; for a closed month it compares what the seller's statement paid
(plus the adjustments already written against it) with what the month owes now, and writes the
difference as one adjustment on the next open month. Calling it again for the same change finds
no difference: one change, one adjustment.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from integrations.nocodb import outbox
from sales.closing.figures import seller_figures
from sales.closing.models import Ajuste, CierreMes, EstadoCuenta
from sales.models import Auditoria, Meta, Vendedor, Venta
from sales.reports.figures import month_ended, month_of
from sales.texts import closing as textos

# A month is closed only once it has ended (statements.close_month), and a change to a sale
# commits within seconds: a sale of a month not ended this far from now has no close to adjust,
# now or before its change commits.
_MARGEN_CIERRE = dt.timedelta(minutes=10)


def record_adjustment(*, venta: Venta, actor: str, motivo: str = "") -> Ajuste | None:
    """The adjustment this sale's change makes on its closed month, or None (open month, or
    nothing owed changed). Runs in the caller's transaction when there is one. A sale of the
    running month returns at once, with no query (docs/benchmarks.md, month-end burst)."""
    # The caller's instance is enough here: a sale's fecha (its post's time) never changes.
    if not month_ended(month_of(venta.fecha), at=timezone.now() + _MARGEN_CIERRE):
        return None
    with transaction.atomic():
        # As it stands now: the caller may hold the instance from before the change.
        venta = Venta.objects.get(pk=venta.pk)
        mes = month_of(venta.fecha)
        # Waits for a close in progress (statements.lock_sellers) and for another adjustment
        # of this seller: both read what is paid before writing the difference.
        vendedor = Vendedor.objects.select_for_update(no_key=True).get(pk=venta.vendedor_id)
        cierre = (
            CierreMes.objects.filter(mes=mes, estado=CierreMes.Estado.CERRADO)
            .select_related("plan")
            .first()
        )
        if cierre is None:
            return None
        estado = cierre.estados_cuenta.filter(vendedor=vendedor).first()
        diferencia = owed(cierre, estado, vendedor) - paid(cierre, estado, vendedor)
        if not diferencia:
            return None
        ajuste = Ajuste.objects.create(
            vendedor=vendedor,
            venta=venta,
            cierre=cierre,
            estado_cuenta=estado,
            mes_origen=mes,
            mes=next_open_month(mes),
            tipo=Ajuste.Tipo.CONTRACARGO if diferencia < 0 else Ajuste.Tipo.ABONO,
            monto=diferencia,
            motivo=motivo or textos.motivo_ajuste(venta.estado, mes),
            actor=actor,
        )
        _auditar(ajuste)
        outbox.record(ajuste)
        return ajuste


def owed(cierre: CierreMes, estado: EstadoCuenta | None, vendedor: Vendedor) -> Decimal:
    """The closed month's commission by plan as the ledger stands now, with the plan and goal
    the close froze (the live goal for a seller the close had no statement for)."""
    if estado is not None:
        meta = (estado.meta_monto, estado.meta_tubos)
    else:
        viva = Meta.objects.filter(vendedor=vendedor, mes=cierre.mes).first()
        meta = (viva.monto, viva.tubos) if viva else (None, None)
    regla = cierre.plan.regla if cierre.plan else None
    return seller_figures(vendedor, cierre.mes, regla, meta).comision


def paid(cierre: CierreMes, estado: EstadoCuenta | None, vendedor: Vendedor) -> Decimal:
    """What the statement paid for the month plus the adjustments already written for it."""
    ajustes = Ajuste.objects.filter(cierre=cierre, vendedor=vendedor, anulado_en=None)
    ya = ajustes.aggregate(suma=Sum("monto"))["suma"] or Decimal("0.00")
    return (estado.comision if estado else Decimal("0.00")) + ya


def next_open_month(mes: dt.date) -> dt.date:
    cerrados = set(
        CierreMes.objects.filter(estado=CierreMes.Estado.CERRADO, mes__gt=mes).values_list(
            "mes", flat=True
        )
    )
    siguiente = _siguiente(mes)
    while siguiente in cerrados:
        siguiente = _siguiente(siguiente)
    return siguiente


def _siguiente(mes: dt.date) -> dt.date:
    return dt.date(mes.year + mes.month // 12, mes.month % 12 + 1, 1)


def _auditar(ajuste: Ajuste) -> None:
    Auditoria.objects.create(
        actor=ajuste.actor,
        accion="ajuste",
        modelo="Ajuste",
        objeto_id=ajuste.pk,
        venta_id=ajuste.venta_id,
        despues={
            "tipo": ajuste.tipo,
            "monto": str(ajuste.monto),
            "mes_origen": ajuste.mes_origen.isoformat(),
            "mes": ajuste.mes.isoformat(),
            "estado_cuenta": ajuste.estado_cuenta_id,
        },
        nota=ajuste.motivo,
    )

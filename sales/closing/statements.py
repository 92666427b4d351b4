"""Closing a month into statements, and reopening it.

`close_month` freezes each seller's month (figures.py) into an immutable statement, with the
pending adjustments of earlier months' changes; `reopen_month` (superusers) keeps those
statements as superseded. Both leave an audit entry and run one at a time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from integrations.nocodb import outbox
from sales import queue
from sales.closing.figures import CifrasVendedor, load_month
from sales.closing.models import Ajuste, CierreMes, EstadoCuenta, LineaEstadoCuenta
from sales.closing.plans import plan_for_month, serialize_closing
from sales.models import Auditoria, Estado, Vendedor
from sales.reports.figures import month_ended, sales_of_month
from sales.texts import closing as textos

# The figures a statement keeps as they were at the close (figures.CifrasVendedor).
CIFRAS_CONGELADAS = (
    "tubos",
    "monto",
    "meta_monto",
    "meta_tubos",
    "avance_monto",
    "avance_tubos",
    "comision_ventas",
    "acelerador",
    "comision",
)
# Sales that may still come to count: a close asks before leaving them out.
PENDIENTES = (Estado.EN_REVISION, Estado.ESPERANDO_FOTO)


class CierreRechazado(Exception):
    """The month cannot be closed or reopened now; the message says why, in Spanish."""


class VentasPendientes(CierreRechazado):
    def __init__(self, mes: dt.date, ventas: list[int]) -> None:
        super().__init__(textos.ventas_pendientes(mes, len(ventas)))
        self.ventas = ventas


def pending_sales(mes: dt.date):
    return sales_of_month(mes).filter(estado__in=PENDIENTES).order_by("fecha", "id")


def lock_sellers() -> None:
    """Every seller's row, so that no adjustment (adjustments.py) is decided halfway through."""
    list(Vendedor.objects.select_for_update(no_key=True).order_by("id").values_list("id"))


def close_month(*, mes: dt.date, actor: str, excluir_pendientes: bool = False) -> CierreMes:
    """Close a finished month: one statement per seller. Raises VentasPendientes while a sale of
    the month is in review or waits for a photo, unless `excluir_pendientes`; CierreRechazado
    for a month not finished or already closed."""
    mes = mes.replace(day=1)
    if not month_ended(mes):
        raise CierreRechazado(textos.mes_no_terminado(mes))
    with transaction.atomic():
        serialize_closing()
        lock_sellers()
        if CierreMes.objects.filter(mes=mes, estado=CierreMes.Estado.CERRADO).exists():
            raise CierreRechazado(textos.mes_ya_cerrado(mes))
        pendientes = list(pending_sales(mes).values_list("id", flat=True))
        if pendientes and not excluir_pendientes:
            raise VentasPendientes(mes, pendientes)
        plan = plan_for_month(mes)
        cierre = CierreMes.objects.create(
            mes=mes, plan=plan, cerrado_por=actor, excluidas=pendientes
        )
        por_aplicar = pending_adjustments(mes)
        datos = load_month(mes, incluir=por_aplicar)
        for cifras in datos.cifras(plan.regla if plan else None):
            write_statement(cierre, cifras, por_aplicar.get(cifras.vendedor.pk, []))
        _auditar(cierre, actor, "cerrar_mes", nota=f"{len(pendientes)} pendientes excluidas")
        queue.enqueue("send_statements", cierre.pk)  # each seller's direct message
        return cierre


def pending_adjustments(mes: dt.date) -> dict[int, list[Ajuste]]:
    """Adjustments not yet paid, due in this month or earlier, by seller."""
    ajustes = Ajuste.objects.filter(mes__lte=mes, aplicado_en=None, anulado_en=None)
    por_vendedor: dict[int, list[Ajuste]] = defaultdict(list)
    for ajuste in ajustes.order_by("creado", "id"):
        por_vendedor[ajuste.vendedor_id].append(ajuste)
    return por_vendedor


def write_statement(
    cierre: CierreMes, cifras: CifrasVendedor, ajustes: list[Ajuste]
) -> EstadoCuenta:
    suma = sum((a.monto for a in ajustes), Decimal("0.00"))
    estado = EstadoCuenta.objects.create(
        cierre=cierre,
        vendedor=cifras.vendedor,
        mes=cierre.mes,
        plan=cierre.plan,
        ventas=len(cifras.ventas),
        **{campo: getattr(cifras, campo) for campo in CIFRAS_CONGELADAS},
        ajustes=suma,
        total=cifras.comision + suma,
        cerrado_por=cierre.cerrado_por,
        cerrado_en=cierre.cerrado_en,
    )
    LineaEstadoCuenta.objects.bulk_create(
        LineaEstadoCuenta(
            estado_cuenta=estado,
            venta=v,
            fecha=v.fecha,
            cliente=v.cliente,
            monto=v.monto,
            tubos=v.tubos,
            comision=comision,
        )
        for v, comision in zip(cifras.ventas, cifras.comisiones, strict=True)
    )
    Ajuste.objects.filter(pk__in=[a.pk for a in ajustes]).update(aplicado_en=estado)
    outbox.record(estado)
    for ajuste in ajustes:
        outbox.record(ajuste)
    return estado


def reopen_month(*, cierre: CierreMes, usuario, motivo: str) -> CierreMes:
    """Reopen the latest closed month (superusers only). Its statements stay, superseded; the
    adjustments they paid wait for the next close again, and the ones their sales' changes
    caused are cancelled: the next close of this month counts those changes itself."""
    if not usuario.is_superuser:
        raise PermissionDenied(textos.SOLO_SUPERUSUARIO)
    motivo = motivo.replace("\x00", "")  # PostgreSQL refuses a NUL in text
    if not motivo.strip():
        raise CierreRechazado(textos.FALTA_MOTIVO)
    with transaction.atomic():
        serialize_closing()
        lock_sellers()
        cierre = CierreMes.objects.select_for_update().get(pk=cierre.pk)
        if not cierre.vigente:
            raise CierreRechazado(textos.mes_no_cerrado(cierre.mes))
        posterior = _cierre_posterior(cierre.mes)
        if posterior is not None:
            raise CierreRechazado(textos.hay_mes_posterior_cerrado(cierre.mes, posterior.mes))
        ahora = timezone.now()
        estados = list(cierre.estados_cuenta.all())
        anulados = Ajuste.objects.filter(cierre=cierre, aplicado_en=None, anulado_en=None)
        devueltos = Ajuste.objects.filter(aplicado_en__in=estados)
        cambian = [*anulados, *devueltos]
        anulados.update(anulado_en=ahora)
        devueltos.update(aplicado_en=None)
        cierre.estado = CierreMes.Estado.REABIERTO
        cierre.reabierto_por, cierre.reabierto_en = usuario.get_username(), ahora
        cierre.motivo_reapertura = motivo.strip()
        cierre.save(update_fields=["estado", "reabierto_por", "reabierto_en", "motivo_reapertura"])
        _auditar(cierre, usuario.get_username(), "reabrir_mes", nota=cierre.motivo_reapertura)
        for objeto in [*estados, *cambian]:  # the mirror shows them superseded or unpaid
            outbox.record(objeto)
        return cierre


def _cierre_posterior(mes: dt.date) -> CierreMes | None:
    cerrados = CierreMes.objects.filter(estado=CierreMes.Estado.CERRADO, mes__gt=mes)
    return cerrados.order_by("mes").first()


def _auditar(cierre: CierreMes, actor: str, accion: str, nota: str) -> None:
    totales = cierre.estados_cuenta.values_list("total", flat=True)
    Auditoria.objects.create(
        actor=actor,
        accion=accion,
        modelo="CierreMes",
        objeto_id=cierre.pk,
        despues={
            "mes": cierre.mes.isoformat(),
            "estado": cierre.estado,
            "plan": cierre.plan_id,
            "estados_de_cuenta": len(totales),
            "total": str(sum(totales, Decimal("0.00"))),
            "excluidas": cierre.excluidas,
        },
        nota=nota,
    )

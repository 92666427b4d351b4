"""The payroll CSV of a closed month, read from its statements (never from live data): what the
close froze is what payroll pays, even if a sale changed afterwards (that change is an
adjustment on a later month)."""

from __future__ import annotations

from django.utils import timezone

from sales.closing.models import Ajuste, CierreMes, LineaEstadoCuenta
from sales.reports.spreadsheet import amount


def closed(mes) -> CierreMes | None:
    """The month's close in force, if the month is closed."""
    return CierreMes.objects.filter(mes=mes, estado=CierreMes.Estado.CERRADO).first()


def rows_by_seller(cierre: CierreMes):
    yield [
        "Mes",
        "Vendedor",
        "Usuario",
        "Ventas",
        "Tubos",
        "Monto vendido",
        "Comisión de las ventas",
        "Acelerador",
        "Ajustes",
        "Total a pagar",
        "Meta (monto)",
        "Avance de la meta (%)",
        "Plan",
        "Cerrado por",
        "Cerrado",
    ]
    estados = cierre.estados_cuenta.select_related("vendedor", "plan").order_by(
        "vendedor__username"
    )
    for e in estados:
        yield [
            f"{e.mes:%Y-%m}",
            str(e.vendedor),
            e.vendedor.username,
            e.ventas,
            e.tubos,
            amount(e.monto),
            amount(e.comision_ventas),
            amount(e.acelerador),
            amount(e.ajustes),
            amount(e.total),
            amount(e.meta_monto),
            "" if e.avance_monto is None else int(e.avance_monto),
            e.plan.nombre if e.plan else "",
            e.cerrado_por,
            f"{timezone.localtime(e.cerrado_en):%Y-%m-%d %H:%M}",
        ]


def rows_by_sale(cierre: CierreMes):
    """Each counted sale, then each adjustment paid: the «Comisión» column adds up to the
    month's total to pay."""
    yield ["Concepto", "Venta", "Fecha", "Vendedor", "Usuario", "Cliente", "Monto", "Tubos",
           "Comisión", "Motivo"]  # fmt: skip
    lineas = LineaEstadoCuenta.objects.filter(estado_cuenta__cierre=cierre).select_related(
        "estado_cuenta__vendedor"
    )
    for linea in lineas.order_by("estado_cuenta__vendedor__username", "fecha", "id"):
        vendedor = linea.estado_cuenta.vendedor
        yield [
            "Venta",
            linea.venta_id,
            f"{timezone.localtime(linea.fecha):%Y-%m-%d %H:%M}",
            str(vendedor),
            vendedor.username,
            linea.cliente,
            amount(linea.monto),
            linea.tubos,
            amount(linea.comision),
            "",
        ]
    yield from _adjustments(cierre.estados_cuenta.all())


def _adjustments(estados):
    ajustes = Ajuste.objects.filter(aplicado_en__in=estados).select_related("vendedor")
    for a in ajustes.order_by("vendedor__username", "creado", "id"):
        yield [
            a.get_tipo_display(),
            a.venta_id,
            f"{timezone.localtime(a.creado):%Y-%m-%d %H:%M}",
            str(a.vendedor),
            a.vendedor.username,
            "",
            "",
            "",
            amount(a.monto),
            a.motivo,
        ]

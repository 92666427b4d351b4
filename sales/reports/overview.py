"""The month at a glance, in the admin: per seller sales, tubes, commission and progress toward
the Meta, as a table and a chart drawn here as SVG (no JavaScript, nothing from a CDN); and the
month's commissions as CSV for payroll, per seller and per sale.

Reached from the admin (`VentaAdmin.get_urls`): `/admin/sales/venta/resumen/?mes=2026-11` and
`/admin/sales/venta/resumen/csv/?mes=2026-11&por=vendedor` (or `por=venta`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from sales.closing import payroll
from sales.models import ESTADOS_QUE_CUENTAN, Estado, Venta
from sales.permissions import VER_VENTAS
from sales.reports.board import chart, elapsed, figures_by_seller
from sales.reports.figures import parse_month, sales_of_month
from sales.reports.spreadsheet import amount, write_rows
from sales.review_desk import require
from sales.texts import nombre_mes

# --- Views -------------------------------------------------------------------------------------


def requested_month(request: HttpRequest) -> dt.date:
    """`?mes=2026-11`, or the current month."""
    return parse_month(request.GET.get("mes", "")) or timezone.localdate().replace(day=1)


def overview_page(model_admin, request: HttpRequest) -> HttpResponse:
    require(request, VER_VENTAS)
    mes = requested_month(request)
    filas = figures_by_seller(mes)
    transcurrido = elapsed(mes, timezone.localdate())
    anterior = (mes - dt.timedelta(days=1)).replace(day=1)
    siguiente = (mes + dt.timedelta(days=31)).replace(day=1)
    contexto = {
        **model_admin.admin_site.each_context(request),
        "opts": Venta._meta,
        "title": f"Resumen de {nombre_mes(mes)}",
        "mes": mes,
        "anterior": anterior,
        "siguiente": siguiente,
        "filas": [(f, f.pace(transcurrido)) for f in filas],
        "totales": {
            "ventas": sum(f.ventas for f in filas),
            "tubos": sum(f.tubos for f in filas),
            "monto": sum((f.monto for f in filas), Decimal("0.00")),
            "comision": sum((f.comision for f in filas), Decimal("0.00")),
            "en_revision": sum(f.en_revision for f in filas),
        },
        "grafica": chart(filas),
    }
    return TemplateResponse(request, "admin/sales/venta/resumen.html", contexto)


def month_totals(mes: dt.date) -> dict[str, Any]:
    """What the sales list shows above the rows: the month's counting totals and its queue."""
    cuenta = Q(estado__in=ESTADOS_QUE_CUENTAN)
    totales = sales_of_month(mes).aggregate(  # one query
        ventas=Count("id", filter=cuenta),
        monto=Sum("monto", filter=cuenta),
        tubos=Sum("tubos", filter=cuenta),
        comision=Sum("comision", filter=cuenta),
        en_revision=Count("id", filter=Q(estado=Estado.EN_REVISION)),
    )
    return {
        "mes": mes,
        "nombre": nombre_mes(mes),
        "ventas": totales["ventas"],
        "monto": totales["monto"] or Decimal("0.00"),
        "tubos": totales["tubos"] or 0,
        "comision": totales["comision"] or Decimal("0.00"),
        "en_revision": totales["en_revision"],
    }


def export_csv(model_admin, request: HttpRequest) -> HttpResponse:
    """The month's commissions as CSV (UTF-8 with BOM, so Excel reads the accents)."""
    require(request, VER_VENTAS)
    mes = requested_month(request)
    por_venta = request.GET.get("por") == "venta"
    nombre = f"comisiones-{mes:%Y-%m}-{'ventas' if por_venta else 'vendedores'}.csv"
    respuesta = HttpResponse(content_type="text/csv; charset=utf-8")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    respuesta["Cache-Control"] = "private, no-store"
    respuesta.write("\ufeff")
    if cierre := payroll.closed(mes):  # a closed month pays what its statements froze
        filas = payroll.rows_by_sale(cierre) if por_venta else payroll.rows_by_seller(cierre)
    else:
        filas = _rows_by_sale(mes) if por_venta else _rows_by_seller(mes)
    write_rows(respuesta, filas)
    return respuesta


def _rows_by_seller(mes: dt.date):
    yield [
        "Mes",
        "Vendedor",
        "Usuario",
        "Ventas",
        "Tubos",
        "Monto vendido",
        "Comisión",
        "Meta (monto)",
        "Avance de la meta (%)",
        "En revisión",
    ]
    for f in figures_by_seller(mes):
        yield [
            f"{mes:%Y-%m}",
            str(f.vendedor),
            f.vendedor.username,
            f.ventas,
            f.tubos,
            amount(f.monto),
            amount(f.comision),
            amount(f.meta_monto),
            "" if f.avance is None else f.avance,
            f.en_revision,
        ]


def _rows_by_sale(mes: dt.date):
    yield [
        "Venta",
        "Fecha",
        "Vendedor",
        "Usuario",
        "Cliente",
        "Producto",
        "Monto",
        "Tubos",
        "Comisión",
        "Estado",
    ]
    ventas = (
        sales_of_month(mes)
        .filter(estado__in=ESTADOS_QUE_CUENTAN)
        .select_related("vendedor")
        .order_by("vendedor__username", "fecha", "id")
    )
    for v in ventas.iterator(chunk_size=1000):
        yield [
            v.pk,
            f"{timezone.localtime(v.fecha):%Y-%m-%d %H:%M}",
            str(v.vendedor),
            v.vendedor.username,
            v.cliente,
            v.producto,
            amount(v.monto),
            v.tubos,
            amount(v.comision),
            v.get_estado_display(),
        ]

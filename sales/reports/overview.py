"""The month at a glance, in the admin: per seller sales, tubes, commission and progress toward
the Meta, as a table and a chart drawn here as SVG (no JavaScript, nothing from a CDN); and the
month's commissions as CSV for payroll, per seller and per sale.

Reached from the admin (`VentaAdmin.get_urls`): `/admin/sales/venta/resumen/?mes=2026-11` and
`/admin/sales/venta/resumen/csv/?mes=2026-11&por=vendedor` (or `por=venta`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from sales.models import ESTADOS_QUE_CUENTAN, Meta, Vendedor, Venta
from sales.permissions import VER_VENTAS
from sales.reports.figures import sales_of_month, totals_by_seller
from sales.reports.spreadsheet import amount, write_rows
from sales.review_desk import require
from sales.texts import dinero, nombre_mes


@dataclass(frozen=True)
class FilaVendedor:
    vendedor: Vendedor
    ventas: int
    tubos: int
    monto: Decimal
    comision: Decimal
    en_revision: int
    meta_monto: Decimal | None
    meta_tubos: int | None

    @property
    def avance(self) -> int | None:
        """Percent of the amount goal reached; None without a goal."""
        if not self.meta_monto:
            return None
        return int(self.monto * 100 / self.meta_monto)


def figures_by_seller(mes: dt.date) -> list[FilaVendedor]:
    """Every active seller, and any other with sales that month, biggest amount first."""
    metas = Meta.objects.filter(vendedor=OuterRef("pk"), mes=mes)
    vendedores = totals_by_seller(mes).annotate(
        meta_monto=Subquery(metas.values("monto")[:1]),
        meta_tubos=Subquery(metas.values("tubos")[:1]),
    )
    filas = [
        FilaVendedor(
            vendedor=v,
            ventas=v.n_ventas,
            tubos=v.total_tubos,
            monto=v.total_monto,
            comision=v.total_comision,
            en_revision=v.n_revision,
            meta_monto=v.meta_monto,
            meta_tubos=v.meta_tubos,
        )
        for v in vendedores
        if v.activo or v.n_ventas or v.n_revision
    ]
    return sorted(filas, key=lambda f: (-f.monto, f.vendedor.username))


# --- The chart ------------------------------------------------------------------------------------

ETIQUETA, BARRAS, TEXTO, FILA = 170, 460, 260, 34


def chart(filas: list[FilaVendedor]) -> dict[str, Any]:
    """Horizontal bars: each seller's amount, with a mark where the goal is.

    Coordinates leave here as strings: the template must not localize them (`123,4`)."""
    tope = max([f.monto for f in filas] + [f.meta_monto or 0 for f in filas] + [Decimal(1)])
    barras = []
    for n, fila in enumerate(filas):
        texto = dinero(fila.monto)
        if fila.meta_monto:
            texto += f" de {dinero(fila.meta_monto)} ({fila.avance} %)"
        else:
            texto += " (sin meta)"
        arriba = n * FILA + 8
        meta_x = ETIQUETA + BARRAS * float(fila.meta_monto / tope) if fila.meta_monto else None
        barras.append(
            {
                "y": str(arriba),
                "y_texto": str(arriba + 17),
                "y_meta": (str(arriba - 4), str(arriba + 26)),
                "nombre": str(fila.vendedor)[:24],
                "ancho": f"{BARRAS * float(fila.monto / tope):.1f}",
                "meta_x": None if meta_x is None else f"{meta_x:.1f}",
                "cumplida": fila.avance is not None and fila.avance >= 100,
                "texto": texto,
            }
        )
    return {
        "ancho": str(ETIQUETA + BARRAS + TEXTO),
        "alto": str(max(1, len(filas)) * FILA + 10),
        "x_etiqueta": str(ETIQUETA - 8),
        "x_barras": str(ETIQUETA),
        "x_texto": str(ETIQUETA + BARRAS + 8),
        "barras": barras,
    }


# --- Views -------------------------------------------------------------------------------------


def requested_month(request: HttpRequest) -> dt.date:
    """`?mes=2026-11`, or the current month."""
    try:
        return dt.datetime.strptime(request.GET.get("mes", ""), "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def overview_page(model_admin, request: HttpRequest) -> HttpResponse:
    require(request, VER_VENTAS)
    mes = requested_month(request)
    filas = figures_by_seller(mes)
    anterior = (mes - dt.timedelta(days=1)).replace(day=1)
    siguiente = (mes + dt.timedelta(days=31)).replace(day=1)
    contexto = {
        **model_admin.admin_site.each_context(request),
        "opts": Venta._meta,
        "title": f"Resumen de {nombre_mes(mes)}",
        "mes": mes,
        "anterior": anterior,
        "siguiente": siguiente,
        "filas": filas,
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
    write_rows(respuesta, _rows_by_sale(mes) if por_venta else _rows_by_seller(mes))
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

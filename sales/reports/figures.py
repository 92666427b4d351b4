"""Monthly figures: a seller's progress toward the Meta, and per-seller totals.

Only sales that count (registrada, aprobada) are summed. Months are calendar months in the
configured TIME_ZONE.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from sales.models import ESTADOS_QUE_CUENTAN, Estado, Meta, Vendedor, Venta

# The months anyone can ask about: a year outside these is a typo (and the year 10000, or a
# month before year 1, would not fit a date).
PRIMER_ANIO, ULTIMO_ANIO = 2000, 2999


def parse_month(texto: str) -> dt.date | None:
    """`2026-11` as the month's first day; None for anything else or a year out of range."""
    try:
        mes = dt.datetime.strptime(texto or "", "%Y-%m").date()
    except ValueError:
        return None
    return mes if valid_year(mes.year) else None


def valid_year(anio: int) -> bool:
    return PRIMER_ANIO <= anio <= ULTIMO_ANIO


def month_of(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date().replace(day=1)


def shift_month(mes: dt.date, meses: int) -> dt.date:
    """The first day of the month `meses` after `mes`'s (before it, when negative)."""
    total = mes.year * 12 + mes.month - 1 + meses
    return dt.date(total // 12, total % 12 + 1, 1)


def month_ended(mes: dt.date, *, at: dt.datetime | None = None) -> bool:
    """Whether the month (its first day) is over at `at` (now): only then can it be closed."""
    return mes < month_of(at or timezone.now())


def month_range(mes: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The [start, end) instants of a calendar month in the local time zone."""
    inicio = dt.datetime(mes.year, mes.month, 1)
    siguiente = dt.datetime(mes.year + mes.month // 12, mes.month % 12 + 1, 1)
    return timezone.make_aware(inicio), timezone.make_aware(siguiente)


def sales_of_month(mes: dt.date):
    inicio, fin = month_range(mes)
    return Venta.objects.filter(fecha__gte=inicio, fecha__lt=fin)


@dataclass(frozen=True)
class Progreso:
    mes: dt.date
    monto: Decimal
    tubos: int
    comision: Decimal
    ventas: int
    meta_monto: Decimal | None = None
    meta_tubos: int | None = None

    @property
    def porcentaje_monto(self) -> int | None:
        if not self.meta_monto:
            return None
        return int(self.monto * 100 / self.meta_monto)

    @property
    def porcentaje_tubos(self) -> int | None:
        if not self.meta_tubos:
            return None
        return int(self.tubos * 100 / self.meta_tubos)


def progress(vendedor: Vendedor, mes: dt.date) -> Progreso:
    totales = (
        sales_of_month(mes)
        .filter(vendedor=vendedor, estado__in=ESTADOS_QUE_CUENTAN)
        .aggregate(monto=Sum("monto"), tubos=Sum("tubos"), comision=Sum("comision"), n=Count("id"))
    )
    meta = Meta.objects.filter(vendedor=vendedor, mes=mes).first()
    return Progreso(
        mes=mes,
        monto=totales["monto"] or Decimal("0.00"),
        tubos=totales["tubos"] or 0,
        comision=totales["comision"] or Decimal("0.00"),
        ventas=totales["n"],
        meta_monto=meta.monto if meta else None,
        meta_tubos=meta.tubos if meta else None,
    )


def totals_by_seller(mes: dt.date):
    """Sellers with their month's counting totals, flagged count and goal, in one query."""
    inicio, fin = month_range(mes)
    en_mes = Q(ventas__fecha__gte=inicio, ventas__fecha__lt=fin)
    cuenta = en_mes & Q(ventas__estado__in=ESTADOS_QUE_CUENTAN)
    return Vendedor.objects.annotate(
        n_ventas=Count("ventas", filter=cuenta),
        total_monto=Sum("ventas__monto", filter=cuenta, default=Decimal("0.00")),
        total_tubos=Sum("ventas__tubos", filter=cuenta, default=0),
        total_comision=Sum("ventas__comision", filter=cuenta, default=Decimal("0.00")),
        n_revision=Count("ventas", filter=en_mes & Q(ventas__estado="en_revision")),
    )


def seller_sales(vendedor: Vendedor | None, mes: dt.date) -> list[Venta]:
    """A seller's sales of the month, oldest first (none for someone who never sold)."""
    if vendedor is None:
        return []
    return list(sales_of_month(mes).filter(vendedor=vendedor).order_by("fecha", "id"))


def in_review(vendedor: Vendedor, mes: dt.date) -> tuple[int, Decimal]:
    """How many of the seller's sales of the month wait in review, and their amount."""
    revision = sales_of_month(mes).filter(vendedor=vendedor, estado=Estado.EN_REVISION)
    totales = revision.aggregate(n=Count("id"), monto=Sum("monto"))
    return totales["n"], totales["monto"] or Decimal("0.00")


def days_left(mes: dt.date) -> int | None:
    """Days left in the month, today included; None for another month than this one."""
    hoy = timezone.localdate()
    if (hoy.year, hoy.month) != (mes.year, mes.month):
        return None
    return calendar.monthrange(mes.year, mes.month)[1] - hoy.day + 1

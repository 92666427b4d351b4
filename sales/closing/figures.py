"""A month's commission figures per seller, computed from the ledger without writing anything.

The close freezes them into statements; the what-if compares two sets of them; an adjustment
compares them with what a statement froze. Only sales that count (registrada, aprobada) are
summed, as everywhere else (sales/reports.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from sales.closing.rules import Regla, accelerator
from sales.models import ESTADOS_QUE_CUENTAN, Meta, Vendedor, Venta
from sales.reports.figures import month_range, sales_of_month

ComisionDe = Callable[[Venta], Decimal]
CERO = Decimal("0.00")


def stored(venta: Venta) -> Decimal:
    """The commission the sale was priced with (what it pays today)."""
    return venta.comision


def _porcentaje(valor: Decimal | int, meta: Decimal | int | None) -> Decimal | None:
    if not meta:
        return None
    return (Decimal(valor) * 100 / Decimal(meta)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class CifrasVendedor:
    vendedor: Vendedor
    ventas: tuple[Venta, ...]
    comisiones: tuple[Decimal, ...]  # one per sale, in the same order
    meta_monto: Decimal | None
    meta_tubos: int | None
    acelerador: Decimal

    @property
    def tubos(self) -> int:
        return sum(v.tubos for v in self.ventas)

    @property
    def monto(self) -> Decimal:
        return sum((v.monto for v in self.ventas), CERO)

    @property
    def comision_ventas(self) -> Decimal:
        return sum(self.comisiones, CERO)

    @property
    def comision(self) -> Decimal:
        """The commission by plan: the sales' own plus the month's accelerator."""
        return self.comision_ventas + self.acelerador

    @property
    def avance_monto(self) -> Decimal | None:
        return _porcentaje(self.monto, self.meta_monto)

    @property
    def avance_tubos(self) -> Decimal | None:
        return _porcentaje(self.tubos, self.meta_tubos)


def cifras_de(
    vendedor: Vendedor,
    ventas: Iterable[Venta],
    meta: tuple[Decimal | None, int | None],
    regla: Regla | None,
    comision_de: ComisionDe = stored,
) -> CifrasVendedor:
    """One seller's figures; `regla` None (a month before every plan): no accelerator."""
    ventas = tuple(ventas)
    tubos = sum(v.tubos for v in ventas)
    return CifrasVendedor(
        vendedor=vendedor,
        ventas=ventas,
        comisiones=tuple(comision_de(v) for v in ventas),
        meta_monto=meta[0],
        meta_tubos=meta[1],
        acelerador=accelerator(tubos, meta[1], regla) if regla else CERO,
    )


def counted_sales(mes: dt.date):
    return sales_of_month(mes).filter(estado__in=ESTADOS_QUE_CUENTAN).order_by("fecha", "id")


@dataclass
class DatosMes:
    """What the month's figures are made of, read in three queries."""

    mes: dt.date
    vendedores: list[Vendedor]
    ventas: dict[int, list[Venta]] = field(default_factory=dict)
    metas: dict[int, Meta] = field(default_factory=dict)

    def meta_de(self, vendedor: Vendedor) -> tuple[Decimal | None, int | None]:
        meta = self.metas.get(vendedor.pk)
        return (meta.monto, meta.tubos) if meta else (None, None)

    def cifras(self, regla: Regla | None, comision_de: ComisionDe = stored) -> list[CifrasVendedor]:
        return [
            cifras_de(v, self.ventas.get(v.pk, ()), self.meta_de(v), regla, comision_de)
            for v in self.vendedores
        ]


def load_month(mes: dt.date, incluir: Iterable[int] = ()) -> DatosMes:
    """Every active seller, any seller with a sale in the month (in any state) and the sellers
    in `incluir`, by username."""
    inicio, fin = month_range(mes)
    vendedores = (
        Vendedor.objects.filter(
            Q(activo=True)
            | Q(ventas__fecha__gte=inicio, ventas__fecha__lt=fin)
            | Q(pk__in=list(incluir))
        )
        .distinct()
        .order_by("username", "id")
    )
    datos = DatosMes(mes=mes, vendedores=list(vendedores))
    ventas = defaultdict(list)
    for venta in counted_sales(mes).select_related("plan"):
        ventas[venta.vendedor_id].append(venta)
    datos.ventas = dict(ventas)
    datos.metas = {m.vendedor_id: m for m in Meta.objects.filter(mes=mes)}
    return datos


def seller_figures(
    vendedor: Vendedor,
    mes: dt.date,
    regla: Regla | None,
    meta: tuple[Decimal | None, int | None],
) -> CifrasVendedor:
    """One seller's month as the ledger stands now, against a given goal."""
    return cifras_de(vendedor, counted_sales(mes).filter(vendedor=vendedor), meta, regla)

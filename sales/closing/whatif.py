""" "¿Y si…?": what a month would pay under another plan (a draft, usually), beside what it pays
now. Reads only: nothing is saved, priced or audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sales.closing.figures import load_month
from sales.closing.models import PlanComision
from sales.closing.plans import plan_for_month
from sales.closing.rules import sale_commission
from sales.models import Vendedor


@dataclass(frozen=True)
class Comparacion:
    vendedor: Vendedor
    ventas: int
    tubos: int
    meta_tubos: int | None
    actual: Decimal
    propuesta: Decimal

    @property
    def diferencia(self) -> Decimal:
        return self.propuesta - self.actual


def compare(*, plan: PlanComision, mes: dt.date) -> list[Comparacion]:
    """Per seller: the month's commission by plan as it stands (each sale's own commission and
    the month's plan accelerator) and under `plan` (every counted sale priced again with it)."""
    mes = mes.replace(day=1)
    datos = load_month(mes)
    vigente = plan_for_month(mes)
    actuales = datos.cifras(vigente.regla if vigente else None)
    regla = plan.regla
    propuestas = datos.cifras(regla, comision_de=lambda v: sale_commission(v.tubos, regla))
    return [
        Comparacion(
            vendedor=actual.vendedor,
            ventas=len(actual.ventas),
            tubos=actual.tubos,
            meta_tubos=actual.meta_tubos,
            actual=actual.comision,
            propuesta=propuesta.comision,
        )
        for actual, propuesta in zip(actuales, propuestas, strict=True)
    ]

"""The commission rule: one function, and the rule stored with each sale."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from sales.models import Venta


@dataclass(frozen=True)
class ReglaComision:
    por_tubo: Decimal
    umbral: int

    @classmethod
    def vigente(cls) -> ReglaComision:
        """The rule the settings define now (COMISION_POR_TUBO, COMISION_UMBRAL_TUBOS)."""
        return cls(por_tubo=settings.COMISION_POR_TUBO, umbral=settings.COMISION_UMBRAL_TUBOS)

    @classmethod
    def de(cls, venta: Venta) -> ReglaComision:
        """The rule stored with the sale when it was registered."""
        return cls(por_tubo=venta.comision_por_tubo, umbral=venta.comision_umbral)


def commission_for(tubos: int, regla: ReglaComision) -> Decimal:
    """`por_tubo × (tubos − umbral)` when tubos exceed the threshold, else 0."""
    if tubos <= regla.umbral:
        return Decimal("0.00")
    return (regla.por_tubo * (tubos - regla.umbral)).quantize(Decimal("0.01"))

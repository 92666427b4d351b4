"""A commission plan's rule as plain values, and the two formulas it drives.

Per sale (as today): `por_tubo` for each tube of the sale above `umbral`; with a tier, the tubes
above `umbral_escalon` pay `por_tubo_escalon` instead. Per month: with an accelerator, each of
the month's counted tubes above the seller's tube goal earns an extra `(acelerador − 1) ×
por_tubo`. docs/closing.md explains why they combine this way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sales.commission import ReglaComision, commission_for

CENTAVO = Decimal("0.01")


@dataclass(frozen=True)
class Regla:
    umbral: int
    por_tubo: Decimal
    umbral_escalon: int | None = None
    por_tubo_escalon: Decimal | None = None
    acelerador: Decimal | None = None

    @classmethod
    def de_ajustes(cls) -> Regla:
        """Today's rule from the settings (COMISION_*): months before any published plan."""
        vigente = ReglaComision.vigente()
        return cls(umbral=vigente.umbral, por_tubo=vigente.por_tubo)

    @property
    def tiene_escalon(self) -> bool:
        return self.umbral_escalon is not None and self.por_tubo_escalon is not None


def sale_commission(tubos: int, regla: Regla) -> Decimal:
    """What one sale of `tubos` tubes earns under the rule (tiers included)."""
    base = ReglaComision(por_tubo=regla.por_tubo, umbral=regla.umbral)
    if regla.umbral_escalon is None or regla.por_tubo_escalon is None:
        return commission_for(tubos, base)
    hasta_escalon = commission_for(min(tubos, regla.umbral_escalon), base)
    arriba = max(0, tubos - regla.umbral_escalon)
    return (hasta_escalon + regla.por_tubo_escalon * arriba).quantize(CENTAVO)


def accelerator(tubos_del_mes: int, meta_tubos: int | None, regla: Regla) -> Decimal:
    """The month's extra for the tubes above the tube goal; 0 without an accelerator, without a
    tube goal, or below it."""
    if not regla.acelerador or not meta_tubos or tubos_del_mes <= meta_tubos:
        return Decimal("0.00")
    extra = (regla.acelerador - 1) * regla.por_tubo * (tubos_del_mes - meta_tubos)
    return extra.quantize(CENTAVO)

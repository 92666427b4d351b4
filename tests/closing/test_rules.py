"""The plan's formulas: per sale with an optional tier, and the monthly accelerator."""

from decimal import Decimal

import pytest

from sales.closing.rules import Regla, accelerator, sale_commission
from sales.commission import ReglaComision, commission_for

HOY = Regla(umbral=3, por_tubo=Decimal("10"))
CON_ESCALON = Regla(
    umbral=3, por_tubo=Decimal("10"), umbral_escalon=10, por_tubo_escalon=Decimal("15")
)
ACELERADO = Regla(umbral=3, por_tubo=Decimal("10"), acelerador=Decimal("1.5"))


@pytest.mark.parametrize("tubos", [0, 3, 4, 5, 13, 40])
def test_without_a_tier_a_sale_earns_exactly_what_todays_rule_pays(tubos):
    hoy = commission_for(tubos, ReglaComision(por_tubo=Decimal("10"), umbral=3))
    assert sale_commission(tubos, HOY) == hoy


@pytest.mark.parametrize(
    ("tubos", "comision"),
    [(3, "0.00"), (5, "20.00"), (10, "70.00"), (11, "85.00"), (14, "130.00")],
)
def test_the_tubes_above_the_second_threshold_pay_the_tier_amount(tubos, comision):
    assert sale_commission(tubos, CON_ESCALON) == Decimal(comision)


@pytest.mark.parametrize(
    ("tubos", "meta", "extra"),
    [(52, 40, "60.00"), (40, 40, "0.00"), (30, 40, "0.00"), (52, None, "0.00"), (52, 0, "0.00")],
)
def test_the_accelerator_pays_extra_for_each_tube_of_the_month_above_the_tube_goal(
    tubos, meta, extra
):
    assert accelerator(tubos, meta, ACELERADO) == Decimal(extra)


def test_a_plan_without_an_accelerator_pays_no_extra():
    assert accelerator(80, 40, HOY) == Decimal("0.00")


def test_the_settings_rule_is_todays_rule(settings):
    settings.COMISION_POR_TUBO = Decimal("12.50")
    settings.COMISION_UMBRAL_TUBOS = 5
    assert Regla.de_ajustes() == Regla(umbral=5, por_tubo=Decimal("12.50"))

from decimal import Decimal

import pytest

from sales.commission import ReglaComision, commission_for

REGLA = ReglaComision(por_tubo=Decimal("10"), umbral=3)


@pytest.mark.parametrize(
    ("tubos", "comision"), [(0, "0"), (3, "0"), (4, "10"), (5, "20"), (13, "100")]
)
def test_ten_pesos_per_tube_above_three(tubos, comision):
    assert commission_for(tubos, REGLA) == Decimal(comision)


def test_the_rule_comes_from_the_settings(settings):
    settings.COMISION_POR_TUBO = Decimal("12.50")
    settings.COMISION_UMBRAL_TUBOS = 5
    assert commission_for(7, ReglaComision.vigente()) == Decimal("25.00")

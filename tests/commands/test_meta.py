"""`/meta`: my progress toward this month's goal."""

from decimal import Decimal

import pytest

from tests.factories import MetaFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_shows_the_progress_and_what_is_missing(commands, month_of_sales, seller):
    MetaFactory(vendedor=seller, monto=Decimal("10000"), tubos=40)
    text = commands.run("/meta")
    assert "Monto: $2,300.00 de $10,000.00 (23 %) · te faltan $7,700.00." in text
    assert "Tubos: 7 de 40 (17 %) · te faltan 33." in text
    assert "1 venta en revisión ($600.00) que sumará si se aprueba." in text
    assert "del mes." in text


def test_a_goal_reached_is_celebrated(commands, month_of_sales, seller):
    MetaFactory(vendedor=seller, monto=Decimal("2000"), tubos=0)
    assert "(115 %) · :tada: ¡meta cumplida!" in commands.run("/meta")


def test_without_a_goal_it_says_so_and_shows_the_month_so_far(commands, month_of_sales):
    text = commands.run("/meta")
    assert "Aún no tienes meta para" in text
    assert "Llevas $2,300.00 y 7 tubos en 2 ventas que cuentan." in text

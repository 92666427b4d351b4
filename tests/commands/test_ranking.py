"""`/ranking [AAAA-MM]`: the team's ranking by amount, with tubes."""

from decimal import Decimal

import pytest

from sales.models import Estado
from tests.commands.conftest import this_month
from tests.factories import VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_ranks_the_team_by_amount_and_marks_me(commands, month_of_sales):
    ana = VendedorFactory(username="ana.ventas")
    VentaFactory(vendedor=ana, monto=Decimal("5000"), tubos=20, fecha=this_month(1))
    VentaFactory(vendedor=ana, monto=Decimal("9000"), tubos=30, fecha=this_month(1),
                 estado=Estado.EN_REVISION)  # fmt: skip
    VendedorFactory(username="sin.ventas")
    text = commands.run("/ranking")
    # Names read as @username without mentioning anyone (a zero-width space after the @).
    assert "| 1 | @\u200bana.ventas | $5,000.00 | 20 | 1 |" in text
    assert "| 2 | **@\u200bjuan.vendedor (tú)** | $2,300.00 | 7 | 2 |" in text
    assert "sin.ventas" not in text


def test_a_seller_not_in_the_ranking_is_told(commands, seller):
    VentaFactory(monto=Decimal("100"), tubos=1, fecha=this_month(1))
    text = commands.run("/ranking")
    assert "| 1 |" in text
    assert "Tú aún no tienes ventas que cuenten" in text


def test_an_empty_month(commands):
    assert "Todavía no hay ventas que cuenten en enero 2024." in commands.run("/ranking 2024-01")

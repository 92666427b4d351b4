"""`/comision [AAAA-MM]`: my commission, with each sale's part."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_shows_the_total_and_each_sales_part(commands, month_of_sales):
    text = commands.run("/comision")
    assert "Tu comisión de" in text
    assert text.splitlines()[0].endswith(": $20.00**")
    assert "| Ana | 5 | $20.00 (2 tubos arriba de 3 × $10.00) |" in text
    assert "| Luis | 2 | $0.00 (se paga a partir de 4 tubos) |" in text
    assert "Pedro" not in text  # rejected: no part
    assert ":warning: En revisión: 1 venta que daría $10.00 de comisión si se aprueba." in text


def test_a_month_without_sales_that_count(commands, seller):
    text = commands.run("/comision 2024-02")
    assert text == (
        "**Tu comisión de febrero 2024: $0.00**\nAún no tienes ventas que cuenten en febrero 2024."
    )

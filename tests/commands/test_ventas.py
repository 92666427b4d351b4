"""`/ventas [AAAA-MM]`: my sales of the month, what counts and what is flagged."""

import pytest

from sales.reports.figures import month_of
from sales.texts import nombre_mes

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_lists_my_sales_of_this_month_with_totals_and_the_flagged_ones(commands, month_of_sales):
    text = commands.run("/ventas")
    today = month_of_sales[0].fecha
    assert text.startswith(f"**Tus ventas de {nombre_mes(month_of(today))}**")
    assert "Cuentan 2 ventas: **$2,300.00** · 7 tubos · comisión **$20.00**." in text
    assert ":warning: 1 venta en revisión ($600.00): no cuenta hasta que" in text
    assert ":x: 1 rechazada: no cuenta." in text
    assert "| Ana | $1,500.00 | 5 | $20.00 | :white_check_mark: Registrada |" in text
    assert "| Marta | $600.00 | 4 | $10.00 | :warning: En revisión (sin comprobante) |" in text
    assert "Viejo" not in text


def test_it_answers_for_the_month_asked(commands, month_of_sales):
    old = month_of_sales[-1]
    text = commands.run(f"/ventas {old.fecha:%Y-%m}")
    assert "Cuentan 1 venta: **$9,999.00** · 50 tubos · comisión **$470.00**." in text
    assert "Ana" not in text


def test_a_seller_without_sales_is_told_how_to_record_one(commands):
    text = commands.run("/ventas")
    assert "No tienes ventas en" in text
    assert "`/venta @monto 1500 @cliente Juan Pérez @tubos 5`" in text

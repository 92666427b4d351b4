"""Money as sellers, reviewers and managers read it, in every message and page: one way."""

from decimal import Decimal

from sales.texts import closing, dinero


def test_money_is_written_as_in_mexico_with_the_sign_before_the_peso_sign():
    assert dinero(Decimal("1500")) == "$1,500.00"
    assert dinero(Decimal("1234567.5")) == "$1,234,567.50"
    assert dinero(Decimal("-20")) == "-$20.00"  # a clawback, never "$-20.00"
    assert dinero(Decimal("0")) == "$0.00"
    assert closing.dinero is dinero  # the month close's statements write it the same way

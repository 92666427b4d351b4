from decimal import Decimal

from ocr.testing import fake_reading
from sales.rules import check_amount, check_tubes

TOL = Decimal("0.05")


def test_an_amount_within_five_percent_of_the_total_is_verified():
    result = check_amount(Decimal("1500"), fake_reading(total="1540.00"), TOL)
    assert result.outcome == "verificado"
    assert result.verified
    assert result.difference_pct == Decimal("2.60")


def test_an_amount_off_by_more_than_the_tolerance_does_not_match():
    result = check_amount(Decimal("1500"), fake_reading(total="1875.00"), TOL)
    assert result.outcome == "monto_no_coincide"
    assert result.difference_pct == Decimal("20.00")


def test_exactly_at_the_tolerance_is_still_verified():
    assert check_amount(Decimal("105"), fake_reading(total="100.00"), TOL).outcome == "verificado"


def test_without_a_total_the_amount_cannot_be_verified():
    result = check_amount(Decimal("1500"), fake_reading(total=None), TOL)
    assert result.outcome == "total_ilegible"
    assert result.difference_pct is None


def test_amounts_elsewhere_on_the_receipt_do_not_verify_a_sale():
    # The text has 1500.00 as an item, but the chosen total is 1740.00.
    reading = fake_reading(total="1740.00", items=[(1, "TUBO", "1500.00")])
    assert "1500.00" in reading.text
    assert check_amount(Decimal("1500"), reading, TOL).outcome == "monto_no_coincide"


def test_tubes_typed_equal_to_tubes_read_match():
    reading = fake_reading(items=[(2, "TUBO PVC", "90.00"), (3, "TUBOS COBRE", "30.00")])
    assert check_tubes(5, reading).outcome == "coinciden"
    assert check_tubes(4, reading).outcome == "no_coinciden"


def test_a_receipt_listing_no_tubes_gives_no_tube_reading():
    result = check_tubes(5, fake_reading(items=[(1, "CODO", "10.00")]))
    assert result.outcome == "sin_lectura"
    assert result.read is None

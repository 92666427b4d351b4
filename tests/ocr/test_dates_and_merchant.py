from datetime import date

from ocr.fields import merchant_key
from ocr.testing import extract_from_text, fake_reading
from sales.rules import duplicate_key


def test_the_date_is_read_day_first():
    assert extract_from_text("TIENDA\nFECHA: 02/08/2025 10:53\n").fecha == date(2025, 8, 2)


def test_a_month_first_date_is_read_when_day_first_is_impossible():
    assert extract_from_text("STORE\nDATE 06/29/2024\n").fecha == date(2024, 6, 29)


def test_spanish_month_names_are_understood():
    assert extract_from_text("TIENDA\n12-ENE-2024 10:00\n").fecha == date(2024, 1, 12)


def test_two_digit_years_and_iso_dates():
    assert extract_from_text("TIENDA\n11.01.18\n").fecha == date(2018, 1, 11)
    assert extract_from_text("TIENDA\n2024-03-05\n").fecha == date(2024, 3, 5)


def test_the_merchant_is_the_first_name_like_line():
    text = "*** \nFERRETERIA EL TUBO\nRFC: ABC123456XYZ\nAv. Juarez 120\n"
    assert extract_from_text(text).comercio == "FERRETERIA EL TUBO"


def test_the_duplicate_key_needs_total_date_and_merchant():
    reading = fake_reading(total="1500.00", fecha=date(2024, 1, 12), comercio="Ferretería  el Tubo")
    assert duplicate_key(reading) == "1500.00|2024-01-12|FERRETERIAELTUBO"
    assert duplicate_key(fake_reading(total="1500.00", fecha=None)) is None
    assert merchant_key("ferreteria EL tubo") == merchant_key("FERRETERÍA El Tubo")

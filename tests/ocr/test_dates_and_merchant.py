from datetime import date, timedelta

from ocr.fields import find_date, merchant_key
from ocr.lines import analyse_lines
from ocr.testing import extract_from_text, fake_reading, lines_from_text
from sales.rules import duplicate_key


def test_the_date_is_read_day_first():
    assert extract_from_text("TIENDA\nFECHA: 02/08/2025 10:53\n").fecha == date(2025, 8, 2)


def test_a_month_first_date_is_read_when_day_first_is_impossible():
    assert extract_from_text("STORE\nDATE 06/29/2024\n").fecha == date(2024, 6, 29)


def test_spanish_month_names_are_understood():
    assert extract_from_text("TIENDA\n12-ENE-2024 10:00\n").fecha == date(2024, 1, 12)


def test_a_date_written_out_as_invoices_write_it():
    for printed in ("Fecha: 5 de diciembre de 2025", "lunes, 05 de Diciembre del 2025"):
        assert extract_from_text(f"TIENDA\n{printed}\n").fecha == date(2025, 12, 5)


def test_a_date_with_the_month_first():
    for printed in ("FECHA: Dic 05, 2025 14:22", "Dec 5 2025"):
        assert extract_from_text(f"TIENDA\n{printed}\n").fecha == date(2025, 12, 5)
    # A weekday is no month, and a time is no year.
    assert extract_from_text("TIENDA\nMARTES 12 2024\nDEC 05 17:30\n").fecha is None


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


def test_a_receipt_dated_after_today_keeps_its_date_so_the_sale_can_be_checked():
    hoy = date.today()
    adelante = hoy + timedelta(days=40)
    assert extract_from_text(f"TIENDA\nFECHA: {adelante:%d/%m/%Y}\n").fecha == adelante


def test_a_coupons_later_term_does_not_hide_the_purchase_date():
    hoy = date.today()
    compra, vigencia = hoy - timedelta(days=2), hoy + timedelta(days=90)
    texto = f"TIENDA\nVIGENCIA {vigencia:%d/%m/%Y}\nFECHA {compra:%d/%m/%Y}\n"
    assert extract_from_text(texto).fecha == compra


def test_a_day_first_reading_after_today_gives_way_to_the_month_first_one_before_it():
    hoy = date(2026, 6, 1)
    # Day-first, 05/12/2026 is the 5th of December, after today; month-first, the 12th of May.
    assert find_date(analyse_lines(lines_from_text("TIENDA\n05/12/2026\n")), hoy) == date(
        2026, 5, 12
    )
    # Both readings before today: day-first, as always.
    assert find_date(analyse_lines(lines_from_text("TIENDA\n05/12/2025\n")), hoy) == date(
        2025, 12, 5
    )


def test_a_date_more_than_a_year_ahead_is_not_a_date():
    lejos = date.today() + timedelta(days=400)
    assert extract_from_text(f"TIENDA\nFECHA: {lejos:%d/%m/%Y}\n").fecha is None

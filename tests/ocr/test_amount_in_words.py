"""The total written in words ("importe con letra") is the total printed again."""

from decimal import Decimal

import pytest

from bench.tickets.letra import in_words
from ocr.in_words import amounts_in_words
from ocr.testing import extract_from_text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("(MIL SETECIENTOS NOVENTA Y UN PESOS 24/100 M.N.)", "1791.24"),
        ("SON: CIEN PESOS 00/100 MN", "100.00"),
        ("IMPORTE CON LETRA: CIENTO DOS PESOS 50/100 M.N.", "102.50"),
        ("(DOSCIENTOS MIL QUINIENTOS VEINTIUNO PESOS 05/100)", "200521.05"),
        ("(UN MILLÓN DOSCIENTOS MIL PESOS 00/100 M.N.)", "1200000.00"),
        ("(DOS MILLONES DE PESOS 00/100 M.N.)", "2000000.00"),
        ("(DIECISÉIS PESOS 50/100)", "16.50"),  # accents as the till prints them
        ("(UN PESO 99/100 M.N.)", "1.99"),
        ("(CERO PESOS 40/100 M.N.)", "0.40"),
        # wrapped over two printed lines, read as one text
        ("(TRES MIL CUATROCIENTOS SESENTA Y\nOCHO PESOS 12/100 M.N.)", "3468.12"),
        # glued, as PP-OCR reads the words of a line
        ("(MILSETECIENTOSDIECISIETEPESOS\n67/100M.N.)", "1717.67"),
        ("(SESENTAYOCHO PESOS 00/100)", "68.00"),
    ],
)
def test_it_reads_the_amount_a_till_writes_in_words(text, value):
    assert amounts_in_words(text) == [Decimal(value)]


@pytest.mark.parametrize(
    "text",
    [
        "(TREINTA DOS PESOS 00/100)",  # the Y a misread dropped
        "(CIEN DOS PESOS 00/100)",  # CIENTO DOS
        "(MIL MIL PESOS 00/100)",
        "(DOS MILLON PESOS 00/100)",
        "(DOSCIENTOS TRESCIENTOS PESOS 00/100)",
        "(OCHENTA Y PESOS 00/100)",
        "(CIENTO CINCUENTE PESOS 00/100)",  # a misread word
        "(CIENTO CINCUENTA PESOS 0O/100)",  # cents misread
        # a misread word early on must not leave its tail standing for the number
        "(CUARENTA Y SlETE MIL SEISCIENTOS NUEVE PESOS 59/100 M.N.)",
        "(DIEZ MIL QUIN-ENTOS TRECE PESOS 44/100 MN)",
        "MIL PESOS 00/100 M.N.",  # no opening mark: where the words start is unknown
        "TOTAL 150.00 PESOS",
        "(PESOS 00/100)",
        "(TOTALES PESOS 00/100)",  # letters that are not wholly number words stay a word
    ],
)
def test_words_that_are_not_a_well_formed_number_state_no_amount(text):
    assert amounts_in_words(text) == []


def test_every_amount_the_ticket_generator_writes_reads_back():
    values = [Decimal(n) / 100 for n in range(0, 10_000_000, 7_919)]
    values += [Decimal("1000000.00"), Decimal("21.00"), Decimal("1001.01")]
    for value in values:
        assert amounts_in_words(in_words(value)) == [value], in_words(value)


def test_the_words_settle_which_of_two_total_lines_is_the_total():
    two_totals = "TIENDA\nTOTAL 120.00\nTOTAL 150.00\n"
    assert extract_from_text(two_totals).total is None
    reading = extract_from_text(two_totals + "(CIENTO CINCUENTA PESOS 00/100 M.N.)\n")
    assert reading.total == Decimal("150.00")
    assert "el importe con letra dice lo mismo" in reading.candidates[0].evidence


def test_words_stating_another_amount_name_no_total():
    reading = extract_from_text(
        "TIENDA\nTOTAL 120.00\nTOTAL 150.00\n(DOSCIENTOS PESOS 00/100 M.N.)\n"
    )
    assert reading.total is None
    assert not any("con letra" in r for c in reading.candidates for r in c.evidence)

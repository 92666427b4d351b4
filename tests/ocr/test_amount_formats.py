from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocr.amounts import find_amounts, format_amount, misread_twins, parse_amount
from ocr.lines import analyse_lines
from ocr.testing import extract_from_text, lines_from_text

money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2)


@given(money, st.sampled_from(["us", "eu", "plain"]))
def test_every_printed_style_reads_back_as_the_same_amount(value, style):
    assert parse_amount(format_amount(value, style)) == value


@given(
    money, st.sampled_from(["us", "eu"]), st.sampled_from(["TOTAL", "Total:", "TOTAL A PAGAR $"])
)
def test_an_amount_is_found_inside_a_total_line(value, style, label):
    found = find_amounts(f"{label} {format_amount(value, style)}")
    assert [a.value for a in found] == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,500.00", "1500.00"),
        ("1.500,00", "1500.00"),
        ("1500,00", "1500.00"),
        ("1'500.00", "1500.00"),
        ("21.2O", "21.20"),  # O read for a zero
    ],
)
def test_latam_us_and_european_formats_are_understood(text, expected):
    assert parse_amount(text) == Decimal(expected)


def test_a_misread_decimal_mark_after_thousands_is_still_the_amount():
    assert parse_amount("1,455,20") == Decimal("1455.20")


def test_whole_pesos_after_a_dollar_sign_are_an_amount():
    # A till that prints no cents and no thousands mark: the sign says it is money.
    (amount,) = find_amounts("TOTAL $1500")
    assert (amount.value, amount.whole) == (Decimal("1500"), True)
    assert find_amounts("FOLIO 1500") == []
    text = "TIENDA\nTUBO 3/4 $1000\nCODO $500\nTOTAL $1500\nEFECTIVO $2000\nCAMBIO $500\n"
    assert extract_from_text(text).total == Decimal("1500")


def test_whole_unit_totals_are_found_but_marked_as_weaker():
    (amount,) = find_amounts("Total 224,400")
    assert amount.value == Decimal("224400")
    assert amount.whole


@pytest.mark.parametrize(
    "text",
    ["Fecha 12.05.2024", "Hora 12:30", "IVA 16%", "DESC 10.00%", "Tel 555-1234", "Folio 548380"],
)
def test_dates_times_percentages_and_codes_are_not_amounts(text):
    assert find_amounts(text) == []


def test_ocr_glue_and_dot_leaders_do_not_hide_the_amount():
    assert [a.value for a in find_amounts("TOTAL1,500.00")] == [Decimal("1500.00")]
    assert [a.value for a in find_amounts("TOTAL....16,70")] == [Decimal("16.70")]
    assert [a.value for a in find_amounts("TOTAL $13, 411.29")] == [Decimal("13411.29")]


def test_a_minus_sign_before_or_after_makes_the_amount_negative():
    assert [a.value for a in find_amounts("DESCUENTO -5.00")] == [Decimal("-5.00")]
    assert [a.value for a in find_amounts("CHANGE 28.80-")] == [Decimal("-28.80")]


@pytest.mark.parametrize(
    ("first", "second", "twins"),
    [
        ("327.96", "321.96", True),  # 7 and 1
        ("37.01", "37.81", True),  # 0 and 8
        ("37.81", "37.01", True),  # either way round
        ("37.01", "37.61", False),  # 0 and 6 are not taken for one another
        ("327.96", "921.96", False),  # two digits apart
        ("37.01", "137.01", False),  # one digit more
        ("37.01", "37.01", False),  # the same value
    ],
)
def test_misread_twins_differ_in_one_digit_ocr_takes_for_another(first, second, twins):
    assert misread_twins(Decimal(first), Decimal(second)) is twins


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("TOTAL A PAGAR $ 1 500.00", "1500.00"),
        ("TOTAL $1 500.00 MXN", "1500.00"),
        ("TOTAL € 12 345,67", "12345.67"),
        ("TOTAL $ 12 345 678.90", "12345678.90"),
    ],
)
def test_thousands_grouped_by_spaces_after_a_currency_sign_are_one_amount(line, expected):
    assert [a.value for a in find_amounts(line)] == [Decimal(expected)]


@pytest.mark.parametrize("line", ["3 500.00", "TUBO 3 $500.00", "PAN 2 120.00"])
def test_a_quantity_before_a_price_is_not_a_thousands_group(line):
    assert [a.value for a in find_amounts(line)][-1] < 1000


def test_a_total_grouped_by_spaces_is_not_read_as_its_last_three_digits():
    reading = extract_from_text(
        "FERRETERIA\nTUBO PVC 3 $500.00 $ 1 500.00\nTOTAL A PAGAR $ 1 500.00\n"
    )
    assert reading.total == Decimal("1500.00")
    assert Decimal("500.00") not in {c.value for c in reading.candidates}


@pytest.mark.parametrize(
    ("ticket", "total"),
    [
        ("BAR PEPE\nCAFE 1,50\nTOTAL 1 500,00 €\n", "1500.00"),
        ("TIENDA\nSUBTOTAL 1 293,10\nIVA 206,90\nTOTAL 1 500,00\n", "1500.00"),
        ("TIENDA\nTOTAL: 12 345,67 EUR\n", "12345.67"),
    ],
)
def test_on_a_total_line_a_group_before_the_amount_is_its_thousands(ticket, total):
    assert extract_from_text(ticket).total == Decimal(total)


def test_on_an_item_line_a_number_before_the_price_stays_a_quantity():
    lines = analyse_lines(lines_from_text("TUBO PVC 3 500.00\nTOTAL 1 500.00\n"))
    assert [a.value for a in lines[0].amounts] == [Decimal("500.00")]
    assert [a.value for a in lines[1].amounts] == [Decimal("1500.00")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("TOTAL $1,500.00M.N.", "1500.00"),  # the currency glued to the amount
        ("TOTAL:$1,500.00MN", "1500.00"),
        ("TOTAL 1,500.00MXN", "1500.00"),
        ("IMPORTE TOTAL S/.100.00", "100.00"),  # Peru's soles, written S/.
        ("TOTAL S1,500.00", "1500.00"),  # the dollar sign read as an S
    ],
)
def test_a_currency_glued_to_the_amount_does_not_hide_it(line, expected):
    assert [a.value for a in find_amounts(line)] == [Decimal(expected)]
    assert extract_from_text(f"TIENDA\nTUBO 3/4 90.00\n{line}\n").total == Decimal(expected)


@pytest.mark.parametrize(
    "line", ["CLAVE 12.00A", "REF 12.00MNX", "LOTE 4.99EURO", "MODELO SS1.00", "SKU S10"]
)
def test_other_letters_glued_to_a_number_still_make_it_a_code(line):
    assert find_amounts(line) == []

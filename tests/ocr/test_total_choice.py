"""The total is chosen from OCR text; traps must not be taken for it."""

from decimal import Decimal

import pytest

from ocr.extract import total_is_settled
from ocr.keywords import line_role
from ocr.testing import extract_from_text, lines_from_text
from ocr.total import NAME_PROBABILITY, WEIGHTS, Evidence

TICKET = """FERRETERIA EL TUBO
FECHA: 02/08/2025 10:53
2 TUBO PVC 1/2 45.00 90.00
1 CODO PVC 1/2 10.00 10.00
SUBTOTAL 100.00
IVA 16% 16.00
TOTAL 116.00
EFECTIVO 200.00
CAMBIO 84.00
"""


def test_it_takes_the_amount_on_the_total_line():
    assert extract_from_text(TICKET).total == Decimal("116.00")


@pytest.mark.parametrize("trap", ["SUBTOTAL", "IVA 16%", "EFECTIVO", "CAMBIO"])
def test_it_never_takes_a_subtotal_tax_cash_or_change_amount(trap):
    total = extract_from_text(TICKET).total
    trap_line = next(line for line in TICKET.splitlines() if line.startswith(trap))
    assert str(total) not in trap_line


def test_a_tip_and_a_discount_are_not_the_total():
    text = """RESTAURANTE
SUBTOTAL 500.00
DESCUENTO 50.00
PROPINA 45.00
TOTAL A PAGAR 450.00
"""
    assert extract_from_text(text).total == Decimal("450.00")


def test_ocr_misspellings_of_total_still_count():
    text = "TIENDA\nCOCA COLA 20.00\nT0TAL 20.00\nEFECTIVO 50.00\nCAMBIO 30.00\n"
    assert extract_from_text(text).total == Decimal("20.00")


def test_european_style_totals_are_read():
    text = "TIENDA\nTUBO 1.250,00\nSUBTOTAL 1.250,00\nIVA 200,00\nTOTAL 1.450,00\n"
    assert extract_from_text(text).total == Decimal("1450.00")


def test_german_summe_is_a_total():
    text = "LIDL\nBROT 1,99\nMILCH 0,99\nSUMME 2,98\nBAR 5,00\nRUCKGELD 2,02\n"
    assert extract_from_text(text).total == Decimal("2.98")


def test_total_a_pagar_wins_over_a_total_of_a_tax_summary():
    text = "TIENDA\nTotal 16% 100.00\nIVA 16.00\nTOTAL A PAGAR 116.00\n"
    assert extract_from_text(text).total == Decimal("116.00")


def test_a_total_agreed_by_several_passes_beats_a_single_misread():
    good = "TIENDA\nPAN 44.85\nTotal 44.85\n"
    misread = "TIENDA\nPAN 44.85\nTotal 44.35\n"
    assert extract_from_text(good, good, misread).total == Decimal("44.85")


def test_it_abstains_without_a_total_keyword():
    reading = extract_from_text("TIENDA\nPAN 20.00\nLECHE 25.00\n45.00\n")
    assert reading.total is None
    assert reading.total_motivo


def test_it_abstains_when_two_totals_are_equally_likely():
    reading = extract_from_text("TIENDA\nTOTAL 120.00\nTOTAL 150.00\n")
    assert reading.total is None


def test_it_abstains_when_the_only_total_is_smaller_than_the_items_above_it():
    reading = extract_from_text("TIENDA\nTUBO 2 PULG 350.00\nTUBO 3 PULG 420.00\nTOTAL 35.00\n")
    assert reading.total is None


def test_the_total_box_is_where_the_amount_was_read():
    reading = extract_from_text(TICKET)
    word = next(w for w in reading.words if w.text == "116.00")
    assert reading.total_box == word.box


def test_a_table_header_named_total_does_not_make_the_first_item_the_total():
    text = """RESTAURANTE
Descripcion Precio Total
2 Tacos al pastor 35 470.00
1 Agua 25.00
Subtotal 495.00
IVA 79.20
Importe a pagar 574.20
"""
    reading = extract_from_text(text)
    assert Decimal("470.00") not in {c.value for c in reading.candidates}
    assert reading.total == Decimal("574.20")


def test_each_candidate_carries_its_probability_and_none_of_them_keeps_the_rest():
    reading = extract_from_text(TICKET)
    chances = [c.probability for c in reading.candidates]
    assert reading.candidates[0].value == Decimal("116.00")
    assert chances == sorted(chances, reverse=True)
    assert 0 < sum(chances) < 1  # "none of them" is always possible
    assert chances[0] >= NAME_PROBABILITY
    assert reading.total_confidence == pytest.approx(chances[0], abs=0.001)


def test_agreement_and_arithmetic_make_a_total_likelier():
    lone = "TIENDA\nPAN 20.00\nTOTAL 45.00\n"
    added_up = "TIENDA\nSUBTOTAL 40.00\nIVA 5.00\nTOTAL 45.00\n"

    def chance(*texts):
        return extract_from_text(*texts).candidates[0].probability

    assert chance(lone) < chance(lone, lone) < chance(lone, lone, lone)
    assert chance(lone) < chance(added_up)


def test_a_payment_printed_with_a_minus_sign_still_adds_up_with_the_change():
    # Some tills print the cash given as a deduction; OCR also reads "CASH : 200.00" as "- 200.00".
    paid = "TIENDA\nPAN 20.00\nLECHE 25.00\nTOTAL 45.00\nEFECTIVO -50.00\nCAMBIO 5.00\n"
    evidence = extract_from_text(paid).candidates[0].evidence
    assert any(words.startswith("cuadra con las otras cifras") for words in evidence)
    # A misread total line no longer stands alone: cash - change names the item's amount.
    bar = (
        "BAR\nHEINEKEN 2x 95.00 190.00\nTotal (Inclusive of GST): 460.00\n"
        "CASH - 200.00\nCHANGE 10.00\n"
    )
    passes = {"upscale": lines_from_text(bar)}
    assert Decimal("190.00") in {c.value for c in extract_from_text(bar).candidates}
    assert not total_is_settled(passes, ("TUBO",))


def test_the_scorer_weighs_each_kind_of_evidence_it_is_given():
    assert set(WEIGHTS) == set(Evidence(Decimal(1)).features())


MISREAD_TOTAL = "SUPER\nLECHE 20.00\nPAN 17.01\nTOTAL 37.01\n"
MISREAD_TWIN = "SUPER\nLECHE 20.00\nPAN 17.01\nTOTAL 37.81\n"  # the 0 taken for an 8


def test_a_misread_twin_of_the_total_does_not_split_its_probability():
    reading = extract_from_text(MISREAD_TOTAL, MISREAD_TOTAL, MISREAD_TWIN)
    assert reading.total == Decimal("37.01")
    assert Decimal("37.81") not in {c.value for c in reading.candidates}
    assert "también leído 37.81" in reading.candidates[0].evidence


def test_two_twins_read_equally_often_stay_rivals():
    reading = extract_from_text(MISREAD_TOTAL, MISREAD_TWIN)
    assert reading.total is None
    assert {c.value for c in reading.candidates} == {Decimal("37.01"), Decimal("37.81")}


def test_a_tax_of_zero_does_not_make_the_subtotal_add_up():
    # A restaurant's bill with a gratuity; one pass also read the subtotal on a "Total" line.
    bill = "GRILL\nSubtotal 2977.00\nTax Exempt 0.00\nGratuity 20.00% 595.40\nTotal 3572.40\n"
    misread = bill.replace("Tax Exempt 0.00\n", "Tax Exempt 0.00\nTotal. 2977.00\n")
    reading = extract_from_text(bill, bill, misread)
    # Before, "2977.00 + 0.00 tax" counted as arithmetic and named the subtotal the total.
    assert reading.total != Decimal("2977.00")
    assert Decimal("3572.40") in [c.value for c in reading.candidates]


def test_a_misread_twin_does_not_keep_the_reading_going_once_the_total_is_settled():
    """The pipeline stops reading passes when the total is settled; it judges that on the same
    probabilities the choice uses, a misread twin's share given to the better reading."""
    read = (
        "SUPER LA ESQUINA\nLECHE 20.00\nPAN 17.01\nSUBTOTAL 31.90\nIVA 5.11\n"
        "TOTAL A PAGAR 37.01\nEFECTIVO 50.00\nCAMBIO 12.99\n"
    )
    misread = read.replace("TOTAL A PAGAR 37.01", "TOTAL A PAGAR 37.81")
    passes = {"upscale": lines_from_text(read), "normalized": lines_from_text(misread)}
    assert total_is_settled(passes, ("TUBO",))
    assert extract_from_text(read, misread).total == Decimal("37.01")


def test_the_cash_handed_over_is_not_the_total():
    # No total keyword and no change printed: the money handed over («paga con») is the largest
    # amount, but it is a payment, like EFECTIVO or RECIBIDO.
    text = "TIENDA\nTUBO A 100.00\nCODO B 36.00\n136.00\n136.00\nPaga con 150.00\n"
    extraction = extract_from_text(text)
    assert extraction.total != Decimal("150.00")
    assert extraction.candidates[0].value == Decimal("136.00")


# Tills of other Spanish-speaking countries name the same lines in their own words: Spain's
# "TOTAL (IVA INC.)" holds IVA yet is the total, its cash given is "ENTREGADO" and the change
# "A DEVOLVER" or "DEVOLUCION"; Peru's tax is IGV on an "OP. GRAVADA", Panama's ITBMS.
SPANISH_SPEAKING_TICKETS = {
    "spain, iva included": (
        "SUPERMERCADO EL SOL\nPAN BARRA 1,20\nLECHE ENTERA 6,54\nACEITE OLIVA 9,95\n"
        "TOTAL (IVA INC.) 17,69\nENTREGADO 20,00\nCAMBIO 2,31\n",
        "17.69",
    ),
    "spain, taxable base": (
        "FERRETERIA LOPEZ\nTUBO PVC 3/4 5 x 12,40 62,00\nCODO PVC 3/4 8 x 1,55 12,40\n"
        "BASE IMPONIBLE 61,49\nIVA 21% 12,91\nTOTAL IVA INCL. 74,40\nEFECTIVO 100,00\n"
        "A DEVOLVER 25,60\n",
        "74.40",
    ),
    "spain, taxes included": (
        "BAZAR\nARTICULO VARIOS 12,00\nARTICULO 30,50\nTOTAL IMPUESTOS INCLUIDOS 42,50\n"
        "TARJETA 42,50\n",
        "42.50",
    ),
    "spain, change as devolucion": (
        "SUPERMERCADO\n1 AGUA 6x1,5L 3,30\n1 PLATANO 2,15\nTOTAL (€) 5,45\nEFECTIVO 50,00\n"
        "DEVOLUCION 44,55\n",
        "5.45",
    ),
    "peru": (
        "FERRETERIA SAN JUAN SAC\nTUBO PVC 1/2 10 x 8.50 85.00\nPEGAMENTO 15.00\n"
        "OP. GRAVADA S/ 84.75\nI.G.V. 18% S/ 15.25\nIMPORTE TOTAL S/ 100.00\n"
        "EFECTIVO S/ 200.00\nVUELTO S/ 100.00\n",
        "100.00",
    ),
    "panama": (
        "FERRETERIA PANAMA\nTUBO 3/4 4 x 25.00 100.00\nSUBTOTAL 100.00\nITBMS 7% 7.00\n"
        "TOTAL 107.00\nEFECTIVO 110.00\nCAMBIO 3.00\n",
        "107.00",
    ),
}


@pytest.mark.parametrize("name", sorted(SPANISH_SPEAKING_TICKETS))
def test_tickets_of_other_spanish_speaking_countries_name_their_total(name):
    text, total = SPANISH_SPEAKING_TICKETS[name]
    extraction = extract_from_text(text)
    assert extraction.total == Decimal(total)
    # The cash handed over, the change and the tax are never candidates for the total.
    others = {c.value for c in extraction.candidates} - {Decimal(total)}
    printed_traps = {"20.00", "25.60", "44.55", "15.25", "7.00", "12.91"}
    assert not {str(v) for v in others} & printed_traps


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("TOTAL (IVA INC.)", "total_strong"),
        ("TOTAL I.V.A. INCL.", "total_strong"),
        ("TOTAL A COBRAR", "total_strong"),
        ("TOTAL (IVA 21% INCL.)", "total_strong"),
        ("TOTAL (I.V.A. INCLUIDO)", "total_strong"),
        ("TOTAL IVA 16% INCLUIDO", "total_strong"),
        ("SUB TOTAL IVA INCL.", "subtotal"),
        ("TOT.", "total"),
        ("SUB TOT", "subtotal"),
        ("TOTAL I.V.A.", "tax"),  # the sum of the tax, not the total
        ("CUOTA IVA", "tax"),
        ("I.E.P.S. 8%", "tax"),
        ("I.G.V. 18%", "tax"),
        ("ITBMS 7%", "tax"),
        ("BASE IMPONIBLE", "exclusive"),
        ("OP. GRAVADAS", "exclusive"),
        ("ENTREGADO", "tender"),
        ("A DEVOLVER", "change"),
        ("DEVOLUCION", "change"),
        ("DEVOLUCIONES SOLO CON ESTE TICKET", None),
        # The tax a price includes, with no total word: the tax, not the total.
        ("IVA INCLUIDO", "tax"),
        ("I.V.A. INCLUIDO", "tax"),
        ("TOTAL IVA INCLUIDO", "total_strong"),
    ],
)
def test_spanish_line_names_get_their_role(label, role):
    assert line_role(label) == role


def test_a_taxable_base_and_its_tax_add_up_to_the_total():
    text = "TIENDA\nBASE IMPONIBLE 100,00\nIVA 21% 21,00\nTOTAL 121,00\n"
    evidence = extract_from_text(text).candidates[0].evidence
    assert any("cuadra" in reason for reason in evidence)


def test_a_tax_tables_rate_line_printed_twice_is_not_a_total_printed_twice():
    # The zero-rate line is printed in the table and again under it; the total is payable.
    text = (
        "TIENDA\nPAN 25.56\nLECHE 13.90\nHUEVO 14.85\nTotal 0% supplies: 54.31\nCAFE 13.30\n"
        "Total 6% supplies (excl. GST): 13.30\nGST: 0.80\nTotal 6% supplies (Inc. GST): 14.10\n"
        "Total 0% supplies: 54.31\nTotal Payable: 68.41\n"
    )
    extraction = extract_from_text(text, text)
    assert extraction.candidates[0].value == Decimal("68.41")
    rate_line = next(c for c in extraction.candidates if c.value == Decimal("54.31"))
    assert "aparece más de una vez" not in rate_line.evidence


@pytest.mark.parametrize(
    "line",
    ["TOTAL (IVA 21% INCL.) 74,40", "TOTAL IVA INCLUIDO 16% 74,40", "TOTAL CON IVA 16% 74,40"],
)
def test_the_rate_of_the_tax_a_total_includes_does_not_make_it_a_per_rate_line(line):
    # "Total 16%" is a tax table's line for one rate; "TOTAL CON IVA 16%" is the total.
    extraction = extract_from_text(f"TIENDA\nTUBO 10,00\n{line}\n")
    assert extraction.total == Decimal("74.40")
    assert extract_from_text("TIENDA\nTUBO 10,00\nTotal 16% 74,40\n").total is None


# Mexican tills print the amount before a discount on a line of its own, under TOTAL, IMPORTE
# or SUMA, and the amount paid below the discount.
BEFORE_A_DISCOUNT = {
    "total, then total a pagar": "TOTAL 1,600.00\nDESCUENTO 100.00\nTOTAL A PAGAR 1,500.00\n",
    "importe, then total": "IMPORTE 1600.00\nDESCUENTO 100.00\nTOTAL 1500.00\n",
    "total, then neto a pagar": "TOTAL 1600.00\nUSTED AHORRO 100.00\nNETO A PAGAR 1500.00\n",
    "a discount printed with a minus": "SUMA 1600.00\nDESC. 10% -100.00\nTOTAL 1500.00\n",
}


@pytest.mark.parametrize("name", sorted(BEFORE_A_DISCOUNT))
def test_the_amount_before_a_discount_is_not_the_total(name):
    text = "FERRETERIA\n2 TUBO PVC 1/2 800.00 1600.00\n" + BEFORE_A_DISCOUNT[name]
    assert extract_from_text(text).total == Decimal("1500.00")


def test_a_total_above_a_discount_that_does_not_add_up_stays_a_total():
    # The savings line below the total is for information: nothing below equals 1,500 - 100.
    text = "TIENDA\nTUBO 1500.00\nTOTAL 1500.00\nUSTED AHORRO 100.00\nEFECTIVO 2000.00\n"
    assert extract_from_text(text).total == Decimal("1500.00")


@pytest.mark.parametrize(
    "line", ["TOTAL CON PROPINA 550.00", "TOTAL MAS PROPINA 550.00", "TOTAL INCLUYE PROPINA 550.00"]
)
def test_the_total_with_the_tip_is_a_total(line):
    text = f"RESTAURANTE\nCONSUMO 500.00\nSUBTOTAL 500.00\nPROPINA 50.00\n{line}\n"
    assert extract_from_text(text).total == Decimal("550.00")


# Malaysia's tills round the total to five sen and print the amount before the rounding first,
# under a stronger word than the rounded total's.
SALES = "Total Sales (Inclusive GST)"
BEFORE_A_ROUNDING = {
    "total sales, then total": f"{SALES} 45.02\nRounding Adj -0.02\nTotal 45.00\n",
    "the minus lost": f"{SALES} 45.02\nRounding Adj 0.02\nRounded Total 45.00\n",
    "rounded up": f"{SALES} 44.98\nRounding 0.02\nTotal 45.00\n",
    "before and after": "Total Before Rounding 45.02\nRounding -0.02\nTotal After Rounding 45.00\n",
    "on the rounding line": f"{SALES} 45.02\nRounding Adj -0.02\nRounding 45.00\n",
}


@pytest.mark.parametrize("name", sorted(BEFORE_A_ROUNDING))
def test_the_amount_before_a_rounding_is_not_the_total(name):
    text = "KEDAI ABC\n1 NASI LEMAK 20.00\n1 TEH TARIK 25.00\n" + BEFORE_A_ROUNDING[name]
    assert extract_from_text(text).total == Decimal("45.00")


def test_the_tax_a_price_includes_is_not_the_total():
    text = "OXXO\n1 TUBO PVC 1/2 45.00\nIVA INCLUIDO 6.21\nTOTAL 45.00\n"
    extraction = extract_from_text(text)
    assert extraction.total == Decimal("45.00")
    assert Decimal("6.21") not in {c.value for c in extraction.candidates}


@pytest.mark.parametrize(
    "garbled",
    ["Total e% supplies", "Total o% supplies", "Total Zero Rated Supplies", "Total @& suppIies"],
)
def test_a_gst_summarys_supplies_line_is_a_rate_line_whatever_its_rate_reads(garbled):
    text = (
        "KEDAI\nPAN 3.00\nSUSU 3.01\nTotal 0% supplies: 6.01\nKOPI 26.60\n"
        f"Total 6% supplies (Inc. GST): 28.20\n{garbled}: 6.01\nTotal Payable: 34.21\n"
    )
    extraction = extract_from_text(text)
    assert extraction.total == Decimal("34.21")
    rate_line = next(c for c in extraction.candidates if c.value == Decimal("6.01"))
    assert "en una línea de total" not in rate_line.evidence

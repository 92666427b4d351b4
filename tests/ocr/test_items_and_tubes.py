from decimal import Decimal

import pytest

from ocr.config import PPOCR_PASS, OcrConfig
from ocr.extract import extract_receipt
from ocr.testing import extract_from_text, lines_from_text


def items_of(text, **config):
    reading = extract_from_text(text, config=OcrConfig(**config))
    return reading, [(i.cantidad, i.descripcion, i.importe) for i in reading.items]


def test_quantity_first_items_are_read_with_their_prices():
    reading, items = items_of(
        'TIENDA\n2 TUBO PVC 1/2" 45.00 90.00\n1 CODO PVC 10.00 10.00\n'
        "SUBTOTAL 100.00\nTOTAL 116.00\n"
    )
    assert items == [(2, 'TUBO PVC 1/2"', Decimal("90.00")), (1, "CODO PVC", Decimal("10.00"))]
    assert reading.items[0].precio_unitario == Decimal("45.00")


def test_tubes_are_the_sum_of_the_quantities_of_tube_items():
    reading, _ = items_of(
        "TIENDA\n2 TUBO PVC 1/2 45.00 90.00\n3 TUBOS COBRE 10.00 30.00\n"
        "4 CODO PVC 5.00 20.00\nTOTAL 140.00\n"
    )
    assert reading.tubos == 5
    assert [i.es_tubo for i in reading.items] == [True, True, False]


def test_a_receipt_without_tubes_reads_no_tubes():
    reading, items = items_of("TIENDA\n4 CODO PVC 5.00 20.00\nTOTAL 20.00\n")
    assert items
    assert reading.tubos is None


def test_quantity_on_the_line_below_the_description():
    reading, items = items_of(
        "TIENDA\nTUBO GALV 1 PULG $2,319.28\n   4 x $579.82\n"
        "TUBO SANITARIO 4 $1,000.00\n   2 x $500.00\n"
        "SUB-TOTAL: $3,319.28\nTOTAL A PAGAR: $3,850.36\n"
    )
    assert [(q, d) for q, d, _ in items] == [(4, "TUBO GALV 1 PULG"), (2, "TUBO SANITARIO 4")]
    assert reading.tubos == 6


def test_description_alone_then_quantity_and_amount():
    reading, items = items_of(
        "TIENDA\nTUBO PVC 1/2\n  2 PZA $90.00\nCODO PVC\n  3 PZA $30.00\nNETO A PAGAR $120.00\n"
    )
    assert items == [(2, "TUBO PVC 1/2", Decimal("90.00")), (3, "CODO PVC", Decimal("30.00"))]
    assert reading.tubos == 2


def test_quantity_after_the_description_with_an_at_sign():
    _reading, items = items_of(
        "TIENDA\nTUBO HIDRAULICO 2 12 @ 744,18 8.930,16\nIMPORTE TOTAL 8.930,16\n"
    )
    assert items == [(12, "TUBO HIDRAULICO 2", Decimal("8930.16"))]


def test_a_misread_quantity_is_corrected_from_price_and_amount():
    _, items = items_of("TIENDA\n7 TUBO PVC 45.00 90.00\nTOTAL 90.00\n")
    assert items[0][0] == 2


def test_a_size_at_the_end_of_a_description_is_not_a_quantity():
    _reading, items = items_of("TIENDA\nTUBO PVC SANITARIO 4 $45.00\nTOTAL $45.00\n")
    assert items == [(1, "TUBO PVC SANITARIO 4", Decimal("45.00"))]


def test_the_tube_words_come_from_the_configuration():
    reading, _ = items_of(
        "TIENDA\n3 MANGUERA 10 M 10.00 30.00\nTOTAL 30.00\n", palabras_tubo=("manguera",)
    )
    assert reading.tubos == 3


def test_a_misread_tube_word_still_counts_but_a_bucket_does_not():
    reading, _ = items_of("TIENDA\n2 TUB0 PVC 10.00 20.00\n5 CUBO 10 L 10.00 50.00\nTOTAL 70.00\n")
    assert reading.tubos == 2


def test_a_quantity_glued_to_its_unit_is_still_a_quantity_line():
    reading, items = items_of("TIENDA\nTUBO PVC 1/2\n  1PZA $90.00\nNETO A PAGAR $90.00\n")
    assert items == [(1, "TUBO PVC 1/2", Decimal("90.00"))]
    assert reading.tubos == 1


def test_a_quantity_in_its_own_column_between_description_and_amount():
    reading, items = items_of(
        "TIENDA\nDESCRIPCION            CANT     TOTAL\n"
        'TUBO PPR 1"              10  4,924.60\n'
        "TUBO PVC SANITARIO 4      3    165.35\n"
        "LIJA AGUA 220             1     93.18\n"
        "SUB TOTAL $5,183.13\nTOTAL M.N. $6,012.43\n"
    )
    assert [(q, d) for q, d, _ in items] == [
        (10, 'TUBO PPR 1"'),
        (3, "TUBO PVC SANITARIO 4"),
        (1, "LIJA AGUA 220"),
    ]
    assert reading.tubos == 13


def test_a_size_right_after_the_description_is_not_a_quantity():
    reading, items = items_of("TIENDA\nTUBO SANITARIO 4          90.00\nTOTAL 90.00\n")
    assert items == [(1, "TUBO SANITARIO 4", Decimal("90.00"))]
    assert reading.tubos == 1


def by_recognizer(tesseract: str, ppocr: str):
    """One Tesseract pass and PP-OCR, each with its own text."""
    passes = {"upscale": lines_from_text(tesseract), PPOCR_PASS: lines_from_text(ppocr)}
    return extract_receipt(passes, OcrConfig())


def test_when_tesseract_lists_no_item_the_items_come_from_ppocr():
    # Under the time budget a photo's only Tesseract pass read no line at all; its empty list of
    # items counted as the reading and hid PP-OCR's six right ones (0 tubes for 21).
    reading = by_recognizer(
        "TOTAL $90.00\n", "TIENDA\nTUBO PVC 1/2 $90.00\n2 x $45.00\nTOTAL $90.00\n"
    )
    assert [(i.descripcion, i.cantidad) for i in reading.items] == [("TUBO PVC 1/2", 2)]
    assert reading.tubos == 2


def test_an_items_own_discount_does_not_close_the_list():
    reading, items = items_of(
        "FERRETERIA\n2 CODO PVC 10.00 20.00\nDESCUENTO 10% -2.00\n"
        "3 TUBO PVC 1/2 45.00 135.00\nSUBTOTAL 153.00\nIVA 24.48\nTOTAL 177.48\n"
    )
    assert [(q, d) for q, d, _ in items] == [(2, "CODO PVC"), (3, "TUBO PVC 1/2")]
    assert reading.tubos == 3


# Found on photos of the tuning families: `mostrador` (description alone, then `N PZA` and
# the amount; since the sixteenth session) and `plomeria` (`N PZA` and the description, then
# the unit price and the amount; since the seventeenth).


@pytest.mark.parametrize(
    ("text", "expected", "tubos"),
    [
        pytest.param(
            'TIENDA\n_ TUBO PVC 3/4"\n_ 20PZA $881.60\n_ SILICON TRANSPARENTE\n_ 3PZA $3,549.51\n'
            "SUBTOTAL $4,431.11\nNETO A PAGAR $5,140.09\n",
            [(20, 'TUBO PVC 3/4"', "881.60"), (3, "SILICON TRANSPARENTE", "3549.51")],
            20,
            id="a speck read as an underscore does not hide the quantity",
        ),
        pytest.param(
            # "1PZA" read "IPZA", "8PZA" "BPZA", "5PZA" "SPZA": not descriptions of their own,
            # but the lines under them.
            'TIENDA\nTUBOHIDRAULICO2PULG\nIPZA S 593.29\nTUBO PVC 1/2"\nBPZA $20,115.60\n'
            "TAPON CAPA 1/2\nSPZA $5,802.00\nSUBTOTAL $26,510.89\n",
            [
                (1, "TUBOHIDRAULICO2PULG", "593.29"),
                (8, 'TUBO PVC 1/2"', "20115.60"),
                (5, "TAPON CAPA 1/2", "5802.00"),
            ],
            9,
            id="a quantity read as letters is still a quantity",
        ),
        pytest.param(
            'TIENDA\n5 PZA TUBO COBRE 1/2"\nXL 41.55\n2 PZA LIJA AGUA 220\n85.13 170.26\n'
            "SUBTOTAL $211.81\nTOTAL $245.70\n",
            [(5, 'TUBO COBRE 1/2"', "41.55"), (2, "LIJA AGUA 220", "170.26")],
            5,
            id="the unit price unread: the quantity is the description line's",
        ),
        pytest.param(
            # "53.11" read as "5", "85.13" as "85-43", "2,405.51" as "2, 405251".
            "TIENDA\n20 PZA TUBO HIDRAULICO 2 PULG\n5 1,062.20\n2 PZA LIJA AGUA 220\n"
            "85-43 170.26\n1 PZA BROCHA 3 PULG\n2,405.51 2, 405251\nSUBTOTAL $3,637.97\n",
            [
                (20, "TUBO HIDRAULICO 2 PULG", "1062.20"),
                (2, "LIJA AGUA 220", "170.26"),
                (1, "BROCHA 3 PULG", "2405.51"),
            ],
            20,
            id="a misread price is not a quantity when the description line has one",
        ),
    ],
)
def test_quantity_lines_misread_by_ocr(text, expected, tubos):
    reading, items = items_of(text)
    assert items == [(q, d, Decimal(importe)) for q, d, importe in expected]
    assert reading.tubos == tubos


def test_a_quantity_that_does_not_divide_its_amount_is_read_as_the_digit_misread():
    # "10 PZA" read "18 PZA" by every pass: $1,068.20 is not 18 prices in cents, it is 10 of
    # $106.82. "3" stays 3: it divides its amount, whatever else would.
    reading, items = items_of(
        "TIENDA\nTUBO COBRE 1/2\n18 PZA $1,068.20\nTUBO PVC 1/2\n3 PZA $90.00\nSUBTOTAL $1,158.20\n"
    )
    assert items == [
        (10, "TUBO COBRE 1/2", Decimal("1068.20")),
        (3, "TUBO PVC 1/2", Decimal("90.00")),
    ]
    assert reading.tubos == 13


def test_a_quantity_is_kept_when_no_misreading_of_it_divides_its_amount():
    # 13 does not divide $100.03, and neither do 73 nor 18, its one-digit misreadings: the
    # quantity read is kept (a price with more decimals than cents, perhaps).
    _, items = items_of("TIENDA\nTUBO COBRE 1/2\n13 PZA $100.03\nSUBTOTAL $100.03\n")
    assert items == [(13, "TUBO COBRE 1/2", Decimal("100.03"))]


def test_a_description_glued_to_its_sizes_is_still_a_description():
    # PP-OCR drops the spaces: "BROCHA3PULG" has no word of its own, yet it is one.
    _, items = items_of(
        "TIENDA\nBROCHA3PULG\n1PZA $338.55\nTUBOPVC1/2\n5PZA $90.00\nTOTAL $428.55\n"
    )
    assert items == [(1, "BROCHA3PULG", Decimal("338.55")), (5, "TUBOPVC1/2", Decimal("90.00"))]


def test_ppocrs_items_win_when_only_they_add_up_to_the_subtotal():
    # Tesseract lost the tube's amount ("$99 96"); PP-OCR read every line, and its items add up
    # to the subtotal (the total adds the tax).
    reading = by_recognizer(
        "TIENDA\nTUBO PVC 3/4\n6PZA $99 96\nLIJA AGUA 220\n5PZA $235.10\n"
        "SUBTOTAL $335.06\nIVA $53.61\nTOTAL $388.67\n",
        "TIENDA\nTUBOPVC3/4\n6PZA $99.96\nLIJAAGUA220\n5PZA $235.10\n"
        "SUBTOTAL $335.06\nIVA $53.61\nTOTAL $388.67\n",
    )
    assert [(i.cantidad, i.importe) for i in reading.items] == [
        (6, Decimal("99.96")),
        (5, Decimal("235.10")),
    ]
    assert reading.tubos == 6


def test_a_quantity_read_by_another_pass_beats_one_assumed():
    # The first pass read the quantity line as "ae": one piece assumed; the second read 5.
    garbled = "TIENDA\nTUBO PVC 1/2\nae $1,172.75\nCODO PVC\n1PZA $27.25\nTOTAL $1,200.00\n"
    reading = extract_from_text(garbled, garbled.replace("ae", "5PZA"))
    assert [(i.cantidad, i.importe) for i in reading.items] == [
        (5, Decimal("1172.75")),
        (1, Decimal("27.25")),
    ]
    assert reading.tubos == 5


def test_a_printed_unit_price_confirms_a_quantity_before_one_worked_out():
    # One pass lost the unit price and read the 3 as an 8: 8 × (90.00 ÷ 8) = 90.00 says only
    # that 8 divides the amount. The other read the printed price: 3 × 30.00 = 90.00.
    no_price = "FERRETERIA\n8 TUBO PVC 1/2 90.00\nTOTAL 90.00\n"
    printed = "FERRETERIA\n3 TUBO PVC 1/2 30.00 90.00\nTOTAL 90.00\n"
    for passes in ((no_price, printed), (printed, no_price)):
        reading = extract_from_text(*passes)
        assert [(i.cantidad, i.precio_unitario) for i in reading.items] == [(3, Decimal("30.00"))]
        assert reading.tubos == 3


def test_a_worked_out_price_in_cents_corrects_a_quantity_that_does_not_divide_the_amount():
    # No unit price printed. Tesseract read 12 for 2: 459.06 ÷ 12 is no price in cents; PP-OCR's
    # 2 divides it (229.53 each), and with no printed price to say otherwise that confirms it.
    tesseract = "TIENDA\nTUBO GALV 1 PULG\n12 PZA $459.06\nTOTAL $459.06\n"
    reading = by_recognizer(tesseract, tesseract.replace("12 PZA", "2 PZA"))
    assert [(i.cantidad, i.importe) for i in reading.items] == [(2, Decimal("459.06"))]
    assert reading.tubos == 2


def test_a_quantity_glued_to_the_tube_word_still_makes_it_a_tube():
    # PP-OCR reads "  2 TUBO GALV 1 PULG" as one run "2TUB0GALV1PULG" on Spain's till layout.
    reading = extract_from_text(
        "TIENDA\n3VALVULAESFERA1/2 202,44 €\n2TUB0GALV1PULG 768,56 €\n"
        "1TUBOPVCSANITARIO4 31,92 €\n8MANGUERA 10 M 97,20 €\nTOTAL (IVA INC.) 1.100,12 €\n"
    )
    assert [i.es_tubo for i in reading.items] == [False, True, True, False]

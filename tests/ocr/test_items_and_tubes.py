from decimal import Decimal

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

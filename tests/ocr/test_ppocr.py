"""The second recognizer, PP-OCR through RapidOCR on onnxruntime, run for real on the committed
tickets (its models come from the wheel: nothing is downloaded)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from ocr import ppocr
from ocr.config import OcrConfig
from ocr.pipeline import read_receipt
from ocr.result import Box, Word

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "receipts"
TRUTH = json.loads((FIXTURES / "truth.json").read_text())
PPOCR_ONLY = OcrConfig(passes=("ppocr",))


@pytest.mark.parametrize("name", ["ticket_ferreteria_foto.jpg", "ticket_abarrotes_limpio.png"])
def test_ppocr_alone_reads_the_total_of_a_ticket_with_its_box_on_the_photo(name):
    reading = read_receipt((FIXTURES / name).read_bytes(), PPOCR_ONLY)
    assert reading.total == Decimal(TRUTH[name]["total"])
    assert set(reading.timings) >= {"ppocr_ppocr"}
    assert not any(step.startswith("tesseract") for step in reading.timings)
    box = reading.total_box
    assert 0 <= box.left < box.left + box.width <= reading.width
    assert reading.height * 0.4 < box.top < box.top + box.height <= reading.height


def test_segments_on_one_printed_row_become_one_line():
    def segment(text, left, top, width, height=20):
        return ppocr._segment(
            [[left, top], [left + width, top], [left + width, top + height], [left, top + height]],
            text,
            0.9,
        )

    rows = ppocr._rows(
        [
            segment("$3,221.06", 400, 103, 120),
            segment("TOTAL A PAGAR:", 10, 100, 180),
            segment("SU PAGO:", 10, 130, 100),
            segment("$3,500.00", 402, 134, 120),
        ]
    )
    lines = [" ".join(w.text for s in row for w in s) for row in rows]
    assert lines == ["TOTAL A PAGAR: $3,221.06", "SU PAGO: $3,500.00"]


def test_a_segment_is_split_into_words_sharing_its_box():
    words = ppocr._segment([[0, 0], [130, 0], [130, 20], [0, 20]], "NETO A PAGAR", 0.95)
    assert [w.text for w in words] == ["NETO", "A", "PAGAR"]
    assert words[0] == Word("NETO", 95.0, Box(0, 0, 43, 20))
    assert words[2].box.left == 75
    assert all(w.box.top == 0 and w.box.height == 20 for w in words)


def test_rows_of_a_tilted_photo_keep_each_amount_with_its_label():
    # Rows climbing 1 px in 10 (about 6°): the amount 400 px to the right of its label sits
    # 40 px higher, above the label of the row before.
    def tilted(text, left, top, width, height=20):
        rise = width / 10
        quad = [
            [left, top],
            [left + width, top - rise],
            [left + width, top - rise + height],
            [left, top + height],
        ]
        return quad, ppocr._segment(quad, text, 0.9)

    found = [
        tilted("SUBTOTAL", 10, 100, 100),
        tilted("$90.00", 420, 100 - 41, 80),
        tilted("TOTAL", 10, 130, 60),
        tilted("$104.40", 420, 130 - 41, 90),
    ]
    slope = ppocr._slope([quad for quad, _ in found])
    assert slope == pytest.approx(-0.1)
    rows = ppocr._rows([segment for _, segment in found], slope)
    lines = [" ".join(w.text for s in row for w in s) for row in rows]
    assert lines == ["SUBTOTAL $90.00", "TOTAL $104.40"]


def test_full_width_marks_and_glued_labels_are_read_as_printed():
    words = ppocr._segment([[0, 0], [300, 0], [300, 20], [0, 20]], "TOTAL:RM1，500.00", 0.9)
    assert [w.text for w in words] == ["TOTAL:", "RM", "1,500.00"]
    dated = ppocr._segment([[0, 0], [300, 0], [300, 20], [0, 20]], "FECHA:07-02-2419:49", 0.9)
    assert [w.text for w in dated] == ["FECHA:07-02-24", "19:49"]

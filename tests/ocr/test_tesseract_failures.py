"""What the pipeline does when Tesseract misbehaves (Tesseract itself is faked here), and how
the passes are scheduled (PP-OCR faked too where it takes part)."""

from decimal import Decimal

import pytest

from ocr import pipeline, ppocr
from ocr.config import OcrConfig
from ocr.errors import OcrNoDisponible, OcrTiempoAgotado
from ocr.testing import lines_from_text
from sales.texts import photos

from .images import encode, receipt_like

TESSERACT_ONLY = OcrConfig(passes=("upscale", "normalized", "adaptive"))
TEXT = "FERRETERIA EL TUBO\n2 TUBO PVC 45.00 90.00\nSUBTOTAL 90.00\nIVA 14.40\nTOTAL 104.40\n"


def test_a_pass_that_times_out_is_skipped_and_the_others_still_read(monkeypatch):
    calls = []

    def fake_read_lines(image, *, name, **kwargs):
        calls.append(name)
        if name == "upscale":
            raise OcrTiempoAgotado("slow")
        return lines_from_text(TEXT)

    monkeypatch.setattr(pipeline, "read_lines", fake_read_lines)
    reading = pipeline.read_receipt(encode(receipt_like(800, 1200, 24)), TESSERACT_ONLY)
    assert calls[0] == "upscale"
    assert reading.total == Decimal("104.40")


def test_a_missing_tesseract_is_our_problem_not_the_sellers(monkeypatch):
    def broken(image, **kwargs):
        raise OcrNoDisponible("tesseract binary not found")

    monkeypatch.setattr(pipeline, "read_lines", broken)
    with pytest.raises(OcrNoDisponible) as caught:
        pipeline.read_receipt(encode(receipt_like(800, 1200, 24)), TESSERACT_ONLY)
    assert caught.value.code == "ocr_no_disponible"
    assert "no hace falta" in photos.problema(caught.value.code)


def test_a_clear_first_pass_without_tubes_makes_the_others_unnecessary(monkeypatch):
    calls = []

    def fake_read_lines(image, *, name, **kwargs):
        calls.append(name)
        return lines_from_text(TEXT.replace("TUBO", "CODO") + "EFECTIVO 200.00\nCAMBIO 95.60\n")

    monkeypatch.setattr(pipeline, "read_lines", fake_read_lines)
    pipeline.read_receipt(encode(receipt_like(800, 1200, 24)), TESSERACT_ONLY)
    assert calls == ["upscale"]


def test_tubes_are_read_by_two_agreeing_passes(monkeypatch):
    calls = []

    def fake_read_lines(image, *, name, **kwargs):
        calls.append(name)
        return lines_from_text(TEXT + "EFECTIVO 200.00\nCAMBIO 95.60\n")

    monkeypatch.setattr(pipeline, "read_lines", fake_read_lines)
    reading = pipeline.read_receipt(encode(receipt_like(800, 1200, 24)), TESSERACT_ONLY)
    assert calls == ["upscale", "normalized"]
    assert reading.tubos == 2


def test_an_unclear_first_pass_asks_the_next_one(monkeypatch):
    calls = []

    def fake_read_lines(image, *, name, **kwargs):
        calls.append(name)
        # The first pass misses the TOTAL line: its best amount has weak evidence.
        return lines_from_text(
            "FERRETERIA EL TUBO\n2 TUBO PVC 45.00 90.00\n" if name == "upscale" else TEXT
        )

    monkeypatch.setattr(pipeline, "read_lines", fake_read_lines)
    reading = pipeline.read_receipt(encode(receipt_like(800, 1200, 24)), TESSERACT_ONLY)
    assert calls[:2] == ["upscale", "normalized"]
    assert reading.total == Decimal("104.40")


def _recording(calls, text):
    def fake_tesseract(image, *, name, **kwargs):
        calls.append(name)
        return lines_from_text(text)

    def fake_ppocr(image):
        calls.append("ppocr")
        return lines_from_text(text)

    return fake_tesseract, fake_ppocr


def test_a_plain_receipt_tesseract_settles_alone_needs_no_ppocr(monkeypatch):
    calls = []
    text = TEXT.replace("TUBO", "CODO") + "EFECTIVO 200.00\nCAMBIO 95.60\n"
    tesseract, second = _recording(calls, text)
    monkeypatch.setattr(pipeline, "read_lines", tesseract)
    monkeypatch.setattr(ppocr, "read_lines", second)
    reading = pipeline.read_receipt(encode(receipt_like(800, 1200, 24)))
    assert calls == ["upscale"]
    assert reading.total == Decimal("104.40")
    assert reading.candidates[0].value == Decimal("104.40")


def test_ppocr_reads_when_tesseract_alone_is_unsure(monkeypatch):
    calls = []
    tesseract, _ = _recording(calls, "FERRETERIA EL CODO\n2 CODO PVC 45.00 90.00\n")
    _, second = _recording(calls, TEXT.replace("TUBO", "CODO"))
    monkeypatch.setattr(pipeline, "read_lines", tesseract)
    monkeypatch.setattr(ppocr, "read_lines", second)
    reading = pipeline.read_receipt(encode(receipt_like(800, 1200, 24)))
    assert calls[:2] == ["upscale", "ppocr"]
    assert reading.total == Decimal("104.40")


def test_a_receipt_with_tubes_is_read_by_both_recognizers(monkeypatch):
    calls = []
    tesseract, second = _recording(calls, TEXT + "EFECTIVO 200.00\nCAMBIO 95.60\n")
    monkeypatch.setattr(pipeline, "read_lines", tesseract)
    monkeypatch.setattr(ppocr, "read_lines", second)
    reading = pipeline.read_receipt(encode(receipt_like(800, 1200, 24)))
    assert calls == ["upscale", "ppocr"]
    assert reading.tubos == 2
    assert "los dos lectores leen lo mismo" in reading.candidates[0].evidence


def test_no_pass_starts_once_the_budget_is_spent(monkeypatch):
    """OCR_PRESUPUESTO bounds a seller's wait: the first pass always runs, no other starts
    after the budget; with no budget (0) every pass runs until the total is settled."""
    calls = []

    def fake_read_lines(image, *, name, **kwargs):
        calls.append(name)
        return lines_from_text("TIENDA\nALGO SIN TOTAL\n")  # never settles

    monkeypatch.setattr(pipeline, "read_lines", fake_read_lines)
    spent = OcrConfig(passes=TESSERACT_ONLY.passes, budget=1e-9)  # spent before the first ends
    pipeline.read_receipt(encode(receipt_like(800, 1200, 24)), spent)
    assert calls == ["upscale"]
    calls.clear()
    pipeline.read_receipt(encode(receipt_like(800, 1200, 24)), TESSERACT_ONLY)
    assert calls == ["upscale", "normalized", "adaptive"]


def test_a_negative_budget_is_refused(settings):
    with pytest.raises(ValueError, match="OCR_PRESUPUESTO"):
        OcrConfig(budget=-1)
    settings.OCR_PRESUPUESTO = Decimal("3.5")
    assert OcrConfig.from_settings().budget == 3.5

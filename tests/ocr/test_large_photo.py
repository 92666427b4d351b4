"""A photo above LECTURA_MAXIMA pixels is read scaled down (a worker's memory stays bounded,
bench/ocr_memory.py) and its boxes come back in the original photo's pixels."""

import io
import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ocr import pipeline
from ocr.pipeline import bounded, read_receipt

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures/receipts/ticket_tlapaleria_limpio.png"


def test_a_photo_within_the_bound_is_not_touched():
    rgb = np.zeros((300, 200, 3), dtype=np.uint8)
    assert bounded(rgb) is rgb


def test_a_photo_over_the_bound_is_scaled_to_it(monkeypatch):
    monkeypatch.setattr(pipeline, "LECTURA_MAXIMA", 10_000)
    rgb = np.zeros((400, 100, 3), dtype=np.uint8)
    small = bounded(rgb)
    assert small.shape[0] * small.shape[1] <= 10_000
    assert small.shape[:2] == (200, 50)


def _as(fmt: str) -> bytes:
    if fmt == "PNG":
        return FIXTURE.read_bytes()
    out = io.BytesIO()
    Image.open(FIXTURE).convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()


@pytest.mark.tesseract
@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])  # a JPEG is decoded reduced by libjpeg itself
def test_boxes_read_on_the_scaled_photo_are_in_the_original_pixels(monkeypatch, fmt):
    data = _as(fmt)
    full = read_receipt(data)
    # A quarter of the ticket's pixels: read at half its width, boxes doubled back.
    monkeypatch.setattr(pipeline, "LECTURA_MAXIMA", full.width * full.height // 4)
    scaled = read_receipt(data)
    assert (scaled.width, scaled.height) == (full.width, full.height)
    truth = json.loads((FIXTURE.parent / "truth.json").read_text())[FIXTURE.name]
    assert scaled.total == full.total == Decimal(truth["total"])
    a, b = scaled.total_box, full.total_box
    assert a is not None
    assert b is not None
    tolerance = max(8, full.width // 100)
    assert abs(a.left - b.left) <= tolerance
    assert abs(a.top - b.top) <= tolerance
    assert abs(a.width - b.width) <= 2 * tolerance
    assert abs(a.height - b.height) <= tolerance
    word_boxes = [w.box for w in scaled.words if w.box is not None]
    assert word_boxes
    assert max(box.left + box.width for box in word_boxes) > full.width // 2

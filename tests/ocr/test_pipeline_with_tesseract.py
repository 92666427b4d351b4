"""The real pipeline, Tesseract included, on the committed generated tickets (tests/fixtures/)."""

import json
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from ocr.pipeline import read_receipt
from ocr.result import ReceiptReading
from sales.rules import check_amount, check_tubes
from sales.texts import photos
from tests.helpers.images import as_avif, as_heic

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "receipts"
TRUTH = json.loads((FIXTURES / "truth.json").read_text())
READABLE = [
    "ticket_abarrotes_limpio.png",
    "ticket_tlapaleria_limpio.png",
    "ticket_ferreteria_foto.jpg",
    "ticket_mostrador_foto.jpg",
]

pytestmark = pytest.mark.tesseract


@pytest.fixture(scope="module")
def readings():
    return {
        name: read_receipt((FIXTURES / name).read_bytes())
        for name in [*READABLE, "ticket_borroso_oscuro.jpg"]
    }


@pytest.mark.parametrize("name", READABLE)
def test_it_reads_the_total_and_the_tubes_of_a_generated_ticket(readings, name):
    reading, truth = readings[name], TRUTH[name]
    assert reading.total == Decimal(truth["total"])
    assert reading.tubos == truth["tubos"]
    assert reading.quality.ok
    assert check_amount(Decimal(truth["total"]), reading, Decimal("0.05")).outcome == "verificado"
    assert check_tubes(truth["tubos"], reading).outcome == "coinciden"


@pytest.mark.parametrize("name", READABLE)
def test_it_reads_the_date_and_the_merchant(readings, name):
    reading, truth = readings[name], TRUTH[name]
    assert reading.fecha.isoformat() == truth["fecha"]
    assert reading.comercio == truth["comercio"]


def test_the_total_box_outlines_the_total_on_the_original_photo(readings):
    reading = readings["ticket_ferreteria_foto.jpg"]
    box = reading.total_box
    assert 0 <= box.left < box.left + box.width <= reading.width
    assert 0 <= box.top < box.top + box.height <= reading.height
    # The total is printed in the lower half of the ticket, right-aligned.
    assert box.top > reading.height * 0.4
    assert box.left > reading.width * 0.4


def test_a_blurry_dark_photo_fails_the_quality_gate_with_spanish_reasons(readings):
    reading = readings["ticket_borroso_oscuro.jpg"]
    assert not reading.quality.ok
    assert reading.quality.dark or reading.quality.blurry
    assert photos.calidad(reading.quality).endswith(".")


@pytest.mark.parametrize(
    ("convert", "mime"), [(as_heic, "image/heic"), (as_avif, "image/avif")], ids=["heic", "avif"]
)
def test_the_same_photo_sent_as_an_iphones_heic_or_as_avif_reads_the_same(readings, convert, mime):
    name = "ticket_ferreteria_foto.jpg"
    reading = read_receipt(convert((FIXTURES / name).read_bytes()))
    assert reading.mime == mime
    assert (reading.total, reading.tubos) == (readings[name].total, readings[name].tubos)
    assert reading.total == Decimal(TRUTH[name]["total"])


def test_the_reading_is_json_serialisable_with_its_evidence(readings):
    reading = readings["ticket_abarrotes_limpio.png"]
    data = json.loads(json.dumps(reading.to_dict()))
    assert ReceiptReading.from_dict(data) == reading
    assert reading.words
    assert reading.text
    assert reading.timings["total"] > 0
    assert reading.mime == "image/png"


def test_the_pipeline_leaves_no_temporary_files(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    read_receipt((FIXTURES / "ticket_tlapaleria_limpio.png").read_bytes())
    assert list(tmp_path.iterdir()) == []

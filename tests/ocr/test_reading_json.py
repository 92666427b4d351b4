import json
from datetime import date
from decimal import Decimal

from ocr.result import ReceiptReading
from ocr.testing import fake_reading


def test_a_reading_survives_a_json_round_trip():
    reading = fake_reading(
        total="1234.50",
        items=[(2, "TUBO PVC", "90.00"), (1, "CODO", "10.00")],
        fecha=date(2024, 1, 12),
    )
    data = json.loads(json.dumps(reading.to_dict()))
    assert ReceiptReading.from_dict(data) == reading


def test_amounts_travel_as_strings_not_floats():
    data = fake_reading(total="1234.50", items=[(3, "TUBO", "0.30")]).to_dict()
    assert data["total"] == "1234.50"
    assert data["items"][0]["importe"] == "0.30"
    assert data["items"][0]["cantidad"] == 3


def test_an_abstained_reading_serialises_with_nulls():
    data = fake_reading(total=None).to_dict()
    assert data["total"] is None
    assert data["total_box"] is None
    assert ReceiptReading.from_dict(data).total is None


def test_the_json_keeps_the_review_desk_evidence():
    data = fake_reading(total="10.00").to_dict()
    for key in (
        "text",
        "words",
        "total_box",
        "timings",
        "sha256",
        "perceptual_hash",
        "width",
        "height",
        "mime",
    ):
        assert key in data
    assert data["words"][0]["box"] == data["total_box"]
    assert isinstance(ReceiptReading.from_dict(data).total, Decimal)

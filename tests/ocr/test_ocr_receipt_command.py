import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .images import encode, receipt_like


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "ticket.jpg"
    path.write_bytes(encode(receipt_like(), "JPEG"))
    return path


@pytest.fixture(autouse=True)
def fake_ocr(settings):
    settings.OCR_LECTOR = "ocr.testing.sample_reader"


def run(*args):
    out = io.StringIO()
    call_command("ocr_receipt", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_output_is_exactly_one_object_with_the_documented_keys(photo):
    data = json.loads(run(photo, "--json"))
    for key in ("total", "tubos", "items", "fecha", "comercio", "confidence", "quality", "seconds"):
        assert key in data
    assert data["total"] == "1500.00"
    assert data["tubos"] == 5
    assert data["fecha"] == "2024-01-12"
    assert "outcome" not in data


def test_with_a_typed_amount_the_outcome_is_given(photo):
    assert json.loads(run(photo, "--json", "--monto", "1500"))["outcome"] == "verificado"
    assert json.loads(run(photo, "--json", "--monto", "1900"))["outcome"] == "monto_no_coincide"


def test_typed_tubes_are_checked_too(photo):
    assert json.loads(run(photo, "--json", "--tubos", "5"))["tubos_outcome"] == "coinciden"


def test_the_human_output_is_in_spanish(photo):
    assert "Total:     1500.00" in run(photo, "--monto", "1500")


def test_an_unsupported_file_prints_the_error_as_json_and_fails(tmp_path, settings):
    settings.OCR_LECTOR = "ocr.pipeline.read_receipt"
    path = tmp_path / "ticket.jpg"
    path.write_bytes(b"GIF89a not really")
    out = io.StringIO()
    with pytest.raises(CommandError, match="formato_no_soportado"):
        call_command("ocr_receipt", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["error"] == "formato_no_soportado"


def test_a_bad_amount_is_refused(photo):
    with pytest.raises(CommandError, match="monto"):
        run(photo, "--monto", "mil y pico")


@pytest.mark.parametrize("typed", ["1.500", "$1,500.00", "1.500,00", "MXN 1500"])
def test_the_amount_is_read_as_a_seller_writes_it(photo, typed):
    assert json.loads(run(photo, "--json", "--monto", typed))["outcome"] == "verificado"


@pytest.mark.tesseract
def test_json_shows_the_candidates_and_why_the_typed_amount_was_verified(settings):
    settings.OCR_LECTOR = "ocr.pipeline.read_receipt"
    ticket = Path(__file__).resolve().parent.parent / "fixtures/receipts/ticket_ferreteria_foto.jpg"
    data = json.loads(run(ticket, "--json", "--monto", "3221.06"))
    assert data["outcome"] == "verificado"
    assert data["candidates"][0]["value"] == "3221.06"
    assert "en la línea del total a pagar" in data["candidates"][0]["evidence"]
    assert data["evidence"][:-1] == data["candidates"][0]["evidence"]
    assert data["candidates"][0]["probability"] >= 0.7
    assert data["evidence"][-1] == "99 % de probabilidad de ser el total"  # never 100 %
    assert data["qr"] is None
    humano = run(ticket, "--monto", "3221.06")
    assert "Candidato: 3221.06 (en la línea del total a pagar;" in humano
    assert "Por qué:   en la línea del total a pagar;" in humano

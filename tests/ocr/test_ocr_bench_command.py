import io
import json

from django.core.management import call_command

from .images import encode, receipt_like


def test_the_benchmark_reports_accuracy_and_verify_rates_per_folder(tmp_path, settings):
    settings.OCR_LECTOR = "ocr.testing.sample_reader"  # reads every photo as 1500.00, 5 tubes
    folder = tmp_path / "set"
    folder.mkdir()
    labels = [
        {"file": "a.jpg", "total": "1500.00", "tubos": 5},
        {"file": "b.jpg", "total": "99.00", "tubos": 1},
    ]
    for label in labels:
        (folder / label["file"]).write_bytes(encode(receipt_like(), "JPEG"))
    (folder / "labels.jsonl").write_text("\n".join(json.dumps(label) for label in labels))
    out = io.StringIO()
    call_command("ocr_bench", str(tmp_path), "--verify", "--no-plain", stdout=out)
    report = out.getvalue()
    assert "exact=50%" in report
    assert "wrong=50%" in report
    assert "tubes exact=50% of 2" in report
    assert "honest verified=50%" in report
    assert "peak RSS" in report


def test_codes_too_small_to_be_legible_are_counted_apart_from_cut_ones(tmp_path, settings):
    settings.OCR_LECTOR = "ocr.testing.sample_reader"  # reads no fiscal code
    folder = tmp_path / "set"
    folder.mkdir()
    code = {"qr_formato": "cfdi", "qr_documento": "X"}
    labels = [
        {"file": "a.jpg", "total": "1500.00", **code, "qr_tipo": "grande", "qr_legible": True},
        {"file": "b.jpg", "total": "1500.00", **code, "qr_tipo": "chico", "qr_legible": False},
        {"file": "c.jpg", "total": "1500.00", **code, "qr_tipo": "chico", "qr_legible": False},
        {"file": "d.jpg", "total": "1500.00", **code, "qr_tipo": "cortado", "qr_legible": False},
    ]
    for label in labels:
        (folder / label["file"]).write_bytes(encode(receipt_like(), "JPEG"))
    (folder / "labels.jsonl").write_text("\n".join(json.dumps(label) for label in labels))
    out = io.StringIO()
    call_command("ocr_bench", str(tmp_path), "--no-plain", stdout=out)
    report = out.getvalue()
    assert "fiscal QR: legible 1, document id read 0%, total exact 100%" in report
    assert "smaller modules 2, read 0%; cut off 1; misread 0" in report

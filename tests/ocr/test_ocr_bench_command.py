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

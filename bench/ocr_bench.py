"""Accuracy and time of the receipt pipeline on labelled folders (used by `manage.py ocr_bench`).

A folder is any directory holding a `labels.jsonl` (`{"file": "x.jpg", "total": "21.20"}`,
`"tubos": 5` optional); images are next to it or in its `images/`. Plain Tesseract
(`tesseract -l spa+eng IMG stdout`, one thread) runs on the same images in the same run, so the
time ratio is measured under the same machine load.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ocr.amounts import find_amounts
from ocr.config import PPOCR_PASS, OcrConfig
from ocr.errors import OcrError
from ocr.result import ReceiptReading
from sales.rules import VERIFICADO, check_amount

Reader = Callable[[bytes, OcrConfig], ReceiptReading]


@dataclass
class FolderResult:
    folder: Path
    n: int = 0
    exact: int = 0
    within: int = 0
    abstained: int = 0
    wrong: int = 0
    errors: int = 0
    tubes_labelled: int = 0
    tubes_exact: int = 0
    seconds: list[float] = field(default_factory=list)
    plain_seconds: list[float] = field(default_factory=list)
    honest: int = 0
    honest_verified: int = 0
    dishonest: int = 0
    dishonest_flagged: int = 0
    quality_flagged: int = 0
    # Tickets generated with a fiscal QR code (bench/tickets --qr).
    qr_legible: int = 0
    qr_read: int = 0  # legible codes whose document id was read right
    qr_total_exact: int = 0  # legible codes whose ticket's total was read exact
    # Whole codes whose modules are too small in the image to count as legible.
    qr_small: int = 0
    qr_small_read: int = 0
    qr_cut: int = 0
    qr_misread: int = 0  # a small or cut-off code read with a wrong document id

    def pct(self, count: int, of: int | None = None) -> str:
        total = self.n if of is None else of
        return f"{100 * count / total:.0f}%" if total else "-"


def recognizer_configs(config: OcrConfig) -> dict[str, OcrConfig]:
    """Each recognizer alone and the configured combination, to run on the same images."""
    tesseract = tuple(name for name in config.passes if name != PPOCR_PASS)
    return {
        "ppocr": replace(config, passes=(PPOCR_PASS,)),
        "tesseract": replace(config, passes=tesseract or ("upscale",)),
        "combinados": config,
    }


def find_folders(roots: list[Path]) -> Iterator[Path]:
    for root in roots:
        for labels in sorted(root.rglob("labels.jsonl")):
            yield labels.parent


def run_folder(
    folder: Path,
    reader: Reader,
    config: OcrConfig,
    *,
    verify: bool,
    plain: bool,
    limit: int | None = None,
    records: Any = None,
) -> FolderResult:
    result = FolderResult(folder)
    labels = [
        json.loads(line)
        for line in (folder / "labels.jsonl").read_text().splitlines()
        if line.strip()
    ]
    for label in labels[:limit]:
        image = folder / label["file"]
        if not image.exists():
            image = folder / "images" / label["file"]
        truth = Decimal(label["total"])
        data = image.read_bytes()
        started = time.perf_counter()
        try:
            reading = reader(data, config)
        except OcrError as exc:
            reading, error = None, exc.code
        else:
            error = None
        result.seconds.append(time.perf_counter() - started)
        plain_text = ""
        if plain:
            seconds, plain_text = plain_tesseract(image, config.lang)
            result.plain_seconds.append(seconds)
        _score(result, label, truth, reading, config, verify, plain_text)
        if records is not None:
            records.write(
                json.dumps(_record(folder, label, reading, error, result.seconds[-1])) + "\n"
            )
    return result


def _score(
    result: FolderResult,
    label: dict,
    truth: Decimal,
    reading: ReceiptReading | None,
    config: OcrConfig,
    verify: bool,
    plain_text: str = "",
) -> None:
    result.n += 1
    if reading is None:
        result.errors += 1
        result.abstained += 1
        if verify:
            # An unreadable photo verifies nothing and flags every amount typed.
            result.honest += 1
            wrong = wrong_amounts(truth, [plain_text], config.tolerancia)
            result.dishonest += len(wrong)
            result.dishonest_flagged += len(wrong)
        return
    result.quality_flagged += not reading.quality.ok
    if reading.total is None:
        result.abstained += 1
    elif reading.total == truth:
        result.exact += 1
    else:
        result.wrong += 1
    if (
        reading.total is not None
        and truth
        and abs(reading.total - truth) / truth <= config.tolerancia
    ):
        result.within += 1
    if label.get("tubos") is not None:
        result.tubes_labelled += 1
        result.tubes_exact += reading.tubos == int(label["tubos"]) or (
            reading.tubos is None and int(label["tubos"]) == 0
        )
    if "qr_legible" in label:
        _score_code(result, label, truth, reading)
    if verify:
        _verify(result, truth, reading, config.tolerancia, plain_text)


def _score_code(result: FolderResult, label: dict, truth: Decimal, reading) -> None:
    codigo = reading.codigo_fiscal
    right = codigo is not None and codigo.documento == label["qr_documento"]
    if label["qr_legible"]:
        result.qr_legible += 1
        result.qr_read += right
        result.qr_total_exact += reading.total == truth
        return
    result.qr_misread += codigo is not None and not right
    if label.get("qr_tipo") == "cortado":
        result.qr_cut += 1
    else:
        result.qr_small += 1
        result.qr_small_read += right


def _verify(
    result: FolderResult,
    truth: Decimal,
    reading: ReceiptReading,
    tolerance: Decimal,
    plain_text: str = "",
) -> None:
    """The true total typed must verify; wrong amounts typed (the total x 1.25 and x 0.8, every
    amount printed on the receipt that is not within tolerance of the total) must be flagged."""
    result.honest += 1
    result.honest_verified += check_amount(truth, reading, tolerance).outcome == VERIFICADO
    for typed in wrong_amounts(truth, [reading.text, plain_text], tolerance):
        result.dishonest += 1
        result.dishonest_flagged += check_amount(typed, reading, tolerance).outcome != VERIFICADO


# A seller typing a quarter more, or a fifth less, than the receipt says.
_WRONG_FACTORS = (Decimal("1.25"), Decimal("0.8"))


def wrong_amounts(truth: Decimal, texts: list[str], tolerance: Decimal) -> set[Decimal]:
    """The total x 1.25 and x 0.8, and every amount printed on the receipt (as the pipeline or plain
    Tesseract read it: the pipeline's own text alone would test only amounts it saw) that is
    not within tolerance of the true total."""
    wrong = {(truth * factor).quantize(Decimal("0.01")) for factor in _WRONG_FACTORS}
    for text in texts:
        for line in text.splitlines():
            for amount in find_amounts(line):
                if amount.value > 0 and abs(amount.value - truth) > truth * tolerance:
                    wrong.add(amount.value)
    return wrong


def plain_tesseract(image: Path, lang: str) -> tuple[float, str]:
    """Seconds and text of plain `tesseract -l LANG IMG stdout` on one thread."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started = time.perf_counter()
    done = subprocess.run(
        ["tesseract", "-l", lang, str(image), "stdout"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return time.perf_counter() - started, done.stdout


def _record(
    folder: Path, label: dict, reading: ReceiptReading | None, error: str | None, seconds: float
) -> dict:
    return {
        "folder": str(folder),
        "file": label["file"],
        "truth": label["total"],
        "tubos_truth": label.get("tubos"),
        "total": None if reading is None or reading.total is None else str(reading.total),
        "tubos": None if reading is None else reading.tubos,
        "motivo": None if reading is None else reading.total_motivo,
        "quality_ok": None if reading is None else reading.quality.ok,
        "error": error,
        "seconds": round(seconds, 3),
    }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def format_result(r: FolderResult, verify: bool) -> str:
    median = statistics.median(r.seconds) if r.seconds else float("nan")
    p95 = percentile(r.seconds, 0.95)
    parts = [
        f"{r.folder}",
        f"  n={r.n}  exact={r.pct(r.exact)}  within5%={r.pct(r.within)}"
        f"  abstained={r.pct(r.abstained)}"
        f"  wrong={r.pct(r.wrong)}  errors={r.errors}  quality_flagged={r.pct(r.quality_flagged)}",
    ]
    if r.tubes_labelled:
        parts.append(
            f"  tubes exact={r.pct(r.tubes_exact, r.tubes_labelled)} of {r.tubes_labelled}"
        )
    line = f"  seconds median={median:.2f} p95={p95:.2f}"
    if r.plain_seconds:
        plain_median = statistics.median(r.plain_seconds)
        plain_p95 = percentile(r.plain_seconds, 0.95)
        line += (
            f"  plain tesseract median={plain_median:.2f} p95={plain_p95:.2f}"
            f"  ratio median={median / plain_median:.1f}x p95={p95 / plain_p95:.1f}x"
        )
    parts.append(line)
    if r.qr_legible or r.qr_small or r.qr_cut:
        parts.append(
            f"  fiscal QR: legible {r.qr_legible},"
            f" document id read {r.pct(r.qr_read, r.qr_legible)},"
            f" total exact {r.pct(r.qr_total_exact, r.qr_legible)};"
            f" smaller modules {r.qr_small}, read {r.pct(r.qr_small_read, r.qr_small)};"
            f" cut off {r.qr_cut}; misread {r.qr_misread}"
        )
    if verify:
        parts.append(
            f"  verify: honest verified={r.pct(r.honest_verified, r.honest)} of {r.honest}"
            f"  wrong amounts flagged={r.pct(r.dishonest_flagged, r.dishonest)} of {r.dishonest}"
            f" ({r.dishonest - r.dishonest_flagged} accepted)"
        )
    return "\n".join(parts)


def peak_memory_mb() -> tuple[float, float]:
    """Peak RSS of this worker process and of the largest Tesseract child, in MB (Linux: KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children

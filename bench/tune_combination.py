"""Dev tool: how recognizers and passes combine, on cached lines (bench/ocr_cache.py, run with
every pass and `until_settled=False`), in seconds instead of an hour of OCR.

    python -m bench.tune_combination var/ocr-cache/v2 DIR [DIR ...] \\
        --orders ppocr:upscale,normalized,adaptive:ppocr,upscale,normalized,adaptive

Each order is replayed as the pipeline runs it (stopping once the total is settled); it prints
blind accuracy, `--verify`-style outcomes (ocr_bench's wrong set) and the recognizers' seconds,
and why each honest amount left unverified was: a wrong total named, the true total in no
pass's amounts (digits no pass read), read but not a candidate, or a candidate under the bar.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import django

django.setup()  # sales.rules (the amount check under test) reads the ledger's models

from bench.ocr_bench import percentile, wrong_amounts  # noqa: E402
from bench.tune_total import load  # noqa: E402
from ocr import ppocr  # noqa: E402
from ocr.amounts import find_amounts  # noqa: E402
from ocr.config import PPOCR_PASS, OcrConfig  # noqa: E402
from ocr.extract import extract_receipt, total_is_settled  # noqa: E402
from ocr.result import ReceiptReading, Word  # noqa: E402
from ocr.tesseract import Line  # noqa: E402
from ocr.testing import fake_reading  # noqa: E402
from sales.rules import VERIFICADO, check_amount  # noqa: E402

CONFIG = OcrConfig()
SHOW = os.environ.get("SHOW") == "1"


def replay(data: dict, order: list[str]) -> tuple[dict[str, list[Line]], float]:
    results: dict[str, list[Line]] = {}
    seconds = 0.0
    for name in order:
        if results and total_is_settled(results, CONFIG.palabras_tubo):
            break
        results[name] = lines_of(data, name)
        seconds += sum(v for k, v in data["timings"].items() if k.endswith(f"_{name}"))
    return results, seconds


def lines_of(data: dict, name: str) -> list[Line]:
    """One pass's cached lines, as the pipeline would hand them on."""
    return [Line(tuple(_words(name, words))) for words in data["passes"].get(name, [])]


def _words(name: str, words: list[dict]) -> list[Word]:
    """Cached words, PP-OCR's split again as ocr/ppocr.py splits segments today."""
    if name != PPOCR_PASS:
        return [Word.from_dict(w) for w in words]
    split = []
    for raw in words:
        left, top, width, height = raw["box"]
        quad = [
            [left, top],
            [left + width, top],
            [left + width, top + height],
            [left, top + height],
        ]
        split.extend(ppocr._segment(quad, raw["text"], raw["confidence"] / 100))
    return split


def as_reading(found) -> ReceiptReading:
    """What the amount check reads of a reading: its total and its candidates."""
    reading = fake_reading(total=found.total, tubos=found.tubos, text=found.text)
    return replace(reading, candidates=found.candidates)


def _leaders(found) -> list[tuple[str, float]]:
    return [(str(c.value), c.score) for c in found.candidates[:3]]


def score(label: dict, data: dict, order: list[str], counts: Counter, seconds: list) -> None:
    truth = Decimal(label["total"])
    results, spent = replay(data, order)
    seconds.append(spent)
    found = extract_receipt(results, CONFIG)
    reading = as_reading(found)
    counts["n"] += 1
    counts["exact" if found.total == truth else "abstain" if found.total is None else "wrong"] += 1
    verified = check_amount(truth, reading, CONFIG.tolerancia).outcome == VERIFICADO
    counts["honest_verified"] += verified
    if SHOW and not verified:
        print(f"  not verified {label['file'][:30]} truth={truth} total={found.total}"
              f" {_leaders(found)}")  # fmt: skip
    texts = ["\n".join(" ".join(w["text"] for w in line) for line in lines)
             for lines in data["passes"].values()]  # fmt: skip
    if not verified:
        counts[f"why: {why_unverified(truth, found, texts)}"] += 1
    for typed in wrong_amounts(truth, texts, CONFIG.tolerancia):
        counts["dishonest"] += 1
        accepted = check_amount(typed, reading, CONFIG.tolerancia).outcome == VERIFICADO
        counts["dishonest_accepted"] += accepted
        if SHOW and accepted:
            print(f"  wrong accepted {label['file'][:30]} truth={truth} typed={typed}"
                  f" total={found.total} {_leaders(found)}")  # fmt: skip
    if "tubos" in label:
        counts["tubes_labelled"] += 1
        counts["tubes_exact"] += (found.tubos or 0) == label["tubos"]


def why_unverified(truth: Decimal, found, texts: list[str]) -> str:
    """Why an honest amount was not verified, by what the reading holds of the true total."""
    if found.total is not None:
        return "wrong total named"
    if any(c.value == truth for c in found.candidates):
        return "candidate under the bar"
    read = {a.value for text in texts for line in text.splitlines() for a in find_amounts(line)}
    return "read, not a candidate" if truth in read else "in no pass's amounts"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cache")
    parser.add_argument("dirs", nargs="+")
    parser.add_argument("--orders", default="ppocr:upscale,normalized,adaptive")
    args = parser.parse_args()
    for order in args.orders.split(":"):
        counts: Counter = Counter()
        seconds: list[float] = []
        for folder in map(Path, args.dirs):
            for raw in (folder / "labels.jsonl").read_text().splitlines():
                label = json.loads(raw)
                score(label, load(Path(args.cache), folder, label["file"]), order.split(","),
                      counts, seconds)  # fmt: skip
        n = counts["n"]
        print(
            f"{order:40} n={n} exact={100 * counts['exact'] / n:.1f}% "
            f"wrong={100 * counts['wrong'] / n:.1f}% "
            f"honest_verified={100 * counts['honest_verified'] / n:.1f}% "
            f"wrong_flagged={100 - 100 * counts['dishonest_accepted'] / counts['dishonest']:.2f}%"
            f" ({counts['dishonest_accepted']} of {counts['dishonest']} accepted)"
            f" tubes={counts['tubes_exact']}/{counts['tubes_labelled']}"
            f" recognizer s median={statistics.median(seconds):.2f}"
            f" p95={percentile(seconds, 0.95):.2f}"
        )
        whys = sorted((k[5:], v) for k, v in counts.items() if k.startswith("why: "))
        print("  unverified: " + (", ".join(f"{why} {n}" for why, n in whys) or "none"))


if __name__ == "__main__":
    main()

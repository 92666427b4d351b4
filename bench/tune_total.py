"""Dev tool: score the total chooser on cached OCR lines (bench/ocr_cache.py) in seconds.

python -m bench.tune_total var/ocr-cache/v1 DIR [DIR ...] [--passes a,b] [--show wrong]
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path

from bench.ocr_cache import cache_name
from ocr.config import OcrConfig
from ocr.extract import extract_receipt
from ocr.lines import analyse_lines
from ocr.result import Word
from ocr.tesseract import Line
from ocr.total import choose_total, rank_totals


def load(cache: Path, folder: Path, file: str) -> dict:
    return json.loads((cache / cache_name(folder, file)).read_text())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cache")
    parser.add_argument("dirs", nargs="+")
    parser.add_argument("--passes", default="")
    parser.add_argument("--show", default="")
    args = parser.parse_args()
    for folder in map(Path, args.dirs):
        counts = {"exact": 0, "wrong": 0, "abstain": 0, "ceiling": 0, "n": 0}
        for raw in (folder / "labels.jsonl").read_text().splitlines():
            score_one(
                json.loads(raw),
                load(Path(args.cache), folder, json.loads(raw)["file"]),
                args,
                counts,
            )
        n = counts["n"]
        print(folder.name, {k: f"{100 * v / n:.0f}%" for k, v in counts.items() if k != "n"}, n)


def wanted(name: str, args) -> bool:
    return not args.passes or name in args.passes.split(",")


def lines_of(data: dict, args) -> dict[str, list[Line]]:
    return {
        name: [Line(tuple(Word.from_dict(w) for w in words)) for words in lines]
        for name, lines in data["passes"].items()
        if wanted(name, args)
    }


def score_one(label: dict, data: dict, args, counts: dict) -> None:
    truth = Decimal(label["total"])
    raw_lines = lines_of(data, args)
    passes = {name: analyse_lines(lines) for name, lines in raw_lines.items()}
    choice = choose_total(passes)
    if "tubos" in label:
        score_tubes(label, raw_lines, args, counts)
    in_text = any(a.value == truth for ls in passes.values() for ln in ls for a in ln.amounts)
    counts["n"] += 1
    counts["ceiling"] += in_text
    status = "abstain" if choice.value is None else "exact" if choice.value == truth else "wrong"
    counts[status] += 1
    if status in args.show.split(","):
        print(
            f"  {status:7} {label['file'][:40]:40} truth={truth} got={choice.value} "
            f"in_text={in_text} {choice.reason}"
        )
        for e in rank_totals(passes)[:3]:
            print(
                f"      {e.value} score={e.score:.2f} kw={e.keyword} "
                f"passes={len(e.passes)} conf={e.confidence:.0f} arith={e.arithmetic} "
                f"bigger={e.bigger_by_pass} rep={e.repeated}"
            )


def score_tubes(label: dict, raw_lines: dict[str, list[Line]], args, counts: dict) -> None:
    found = extract_receipt(raw_lines, OcrConfig())
    tubes_ok = (found.tubos or 0) == label["tubos"]
    counts["tubes"] = counts.get("tubes", 0) + tubes_ok
    if not tubes_ok and "tubes" in args.show.split(","):
        print(
            f"  tubes   {label['file']} truth={label['tubos']} got={found.tubos} "
            f"{[(i.cantidad, i.descripcion) for i in found.items]}"
        )


if __name__ == "__main__":
    main()

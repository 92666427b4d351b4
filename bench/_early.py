import json
import sys
from decimal import Decimal
from pathlib import Path

from bench.ocr_cache import cache_name
from ocr.lines import analyse_lines
from ocr.result import Word
from ocr.tesseract import Line
from ocr.total import choose_total, rank_totals

thr = float(sys.argv[1])
for folder in map(Path, sys.argv[2:]):
    c = {"exact": 0, "wrong": 0, "abst": 0, "early": 0, "n": 0}
    for raw in (folder / "labels.jsonl").read_text().splitlines():
        label = json.loads(raw)
        truth = Decimal(label["total"])
        data = json.loads(
            (Path("var/ocr-cache/v2") / cache_name(folder, label["file"])).read_text()
        )
        P = {
            n: analyse_lines([Line(tuple(Word.from_dict(w) for w in ws)) for ws in ls])
            for n, ls in data["passes"].items()
        }
        first = {k: P[k] for k in ("upscale", "normalized")}
        r = rank_totals(first)
        if r and r[0].score >= thr and (len(r) == 1 or r[0].score - r[1].score >= 2):
            ch = choose_total(first)
            c["early"] += 1
        else:
            ch = choose_total(P)
        c["n"] += 1
        c["abst" if ch.value is None else "exact" if ch.value == truth else "wrong"] += 1
    print(folder.name, c)

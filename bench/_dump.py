import json
import sys
from decimal import Decimal
from pathlib import Path

from ocr.lines import analyse_lines
from ocr.result import Word
from ocr.tesseract import Line

D = Path("/work/shared/receipts-dev")
labels = {}
for f in D.glob("*/labels.jsonl"):
    for r in f.read_text().splitlines():
        l = json.loads(r)
        labels[l["file"]] = (f.parent, l)
for pref in sys.argv[1:]:
    k = next(x for x in labels if x.startswith(pref))
    folder, l = labels[k]
    truth = Decimal(l["total"])
    data = json.loads(Path(f"var/ocr-cache/v1/{folder.name}__{k}.json").read_text())
    print("=====", k, truth)
    for name, lines in data["passes"].items():
        ls = analyse_lines([Line(tuple(Word.from_dict(w) for w in ws)) for ws in lines])
        for i, ln in enumerate(ls):
            if (
                any(a.value == truth for a in ln.amounts)
                or ln.role in ("total", "total_strong")
                or "TOTAL" in ln.text.upper()
            ):
                print(f"  {name[:4]} {i:3} {ln.role!s:12} {ln.text[:90]}")

import json
import sys
from pathlib import Path

from ocr.pipeline import read_receipt

r = read_receipt(Path(sys.argv[1]).read_bytes())
d = r.to_dict()
d.pop("words")
print(json.dumps(d, indent=1, ensure_ascii=False)[:3000])

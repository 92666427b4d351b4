"""Dev tool: run the OCR passes over labelled folders once and keep the lines as JSON, so the
extraction rules can be tuned in seconds without re-running Tesseract.

    python -m bench.ocr_cache --out var/ocr-cache/v1 DIR [DIR ...]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ocr.config import OcrConfig
from ocr.decode import decode_image
from ocr.pipeline import ocr_passes
from ocr.preprocess import analyse_geometry, to_gray


def cache_name(folder: Path, file: str) -> str:
    # Three levels: var/tickets-qr/mostrador/photo and var/tickets-qr-held/mostrador/photo
    # hold different tickets under the same two last names.
    return f"{folder.parent.parent.name}-{folder.parent.name}-{folder.name}__{file}.json"


def _one(args: tuple[str, str, tuple[str, ...]]) -> str:
    path, folder, out, passes = args
    target = Path(out) / cache_name(Path(folder), Path(path).name)
    if target.exists():
        return "cached"
    config = OcrConfig(passes=passes)
    decoded = decode_image(
        Path(path).read_bytes(), max_bytes=config.max_bytes, max_pixels=config.max_pixels
    )
    started = time.perf_counter()
    gray = to_gray(decoded.rgb)
    geometry = analyse_geometry(gray)
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        result = ocr_passes(gray, geometry, config, Path(tmp), timings, until_settled=False)
    data = {
        "seconds": time.perf_counter() - started,
        "timings": timings,
        "geometry": {
            "text_height": geometry.text_height,
            "skew": geometry.skew_degrees,
            "outline": geometry.outline_found,
        },
        "passes": {
            name: [[w.to_dict() for w in line.words] for line in lines]
            for name, lines in result.items()
        },
    }
    target.write_text(json.dumps(data))
    return "done"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--passes", default="upscale,adaptive,normalized")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("dirs", nargs="+")
    args = parser.parse_args()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    files = []
    for folder in args.dirs:
        for line in (Path(folder) / "labels.jsonl").read_text().splitlines():
            label = json.loads(line)
            image = Path(folder) / "images" / label["file"]
            if not image.exists():
                image = Path(folder) / label["file"]
            files.append((str(image), folder, args.out, tuple(args.passes.split(","))))
    with ProcessPoolExecutor(args.jobs) as pool:
        for done, status in enumerate(pool.map(_one, files), 1):
            if done % 20 == 0:
                print(done, status, flush=True)


if __name__ == "__main__":
    main()

"""Dev tool: worse photos of the dev receipts, to tune on more than 110 readings.

    python -m bench.degrade ../shared/receipts-dev/sroie var/degraded/sroie_soft --kind soft

The dev receipts are read almost perfectly (about 95 % exact), so fitting the total's scorer
on them learns little about the mistakes the unseen ones show (the check receipts: more wrong
totals, more unreadable digits). Each kind writes a copy of a folder (`images/`, and
`labels.jsonl` with the same true totals) whose photos were taken worse:
- `soft`: shrunk to 50-70 %, blurred a little, saved as a JPEG of quality 35-55 (a phone photo
  sent small);
- `tilt`: turned 1.5-4 degrees and lit unevenly from one corner, JPEG quality 50-70.
The copies are generated from dev only, so tuning on them never sees `check/`.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import cv2
import numpy as np


def soft(image: np.ndarray, rng: random.Random) -> tuple[np.ndarray, int]:
    height, width = image.shape[:2]
    factor = rng.uniform(0.5, 0.7)
    size = (int(width * factor), int(height * factor))
    small = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(small, (0, 0), rng.uniform(0.6, 1.1)), rng.randint(35, 55)


def tilt(image: np.ndarray, rng: random.Random) -> tuple[np.ndarray, int]:
    height, width = image.shape[:2]
    angle = rng.choice([-1, 1]) * rng.uniform(1.5, 4.0)
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    turned = cv2.warpAffine(image, turn, (width, height), borderMode=cv2.BORDER_REPLICATE)
    across = np.linspace(rng.uniform(0.65, 0.85), 1.0, width)[None, :]
    down = np.linspace(1.0, rng.uniform(0.75, 0.95), height)[:, None]
    light = (across * down)[..., None]
    return np.clip(turned * light, 0, 255).astype(np.uint8), rng.randint(50, 70)


KINDS = {"soft": soft, "tilt": tilt}


def degrade(source: Path, target: Path, kind: str, seed: int) -> int:
    rng = random.Random(f"{kind}-{seed}")
    (target / "images").mkdir(parents=True, exist_ok=True)
    labels = []
    for raw in (source / "labels.jsonl").read_text().splitlines():
        label = json.loads(raw)
        image = cv2.imread(str(source / "images" / label["file"]), cv2.IMREAD_COLOR)
        worse, quality = KINDS[kind](image, rng)
        label["file"] = f"{Path(label['file']).stem}.jpg"
        cv2.imwrite(
            str(target / "images" / label["file"]), worse, [cv2.IMWRITE_JPEG_QUALITY, quality]
        )
        labels.append(json.dumps(label))
    (target / "labels.jsonl").write_text("\n".join(labels) + "\n")
    return len(labels)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--kind", choices=sorted(KINDS), required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"{degrade(args.source, args.target, args.kind, args.seed)} receipts in {args.target}")


if __name__ == "__main__":
    main()

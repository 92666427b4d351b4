"""Dev tool: worse photos of the dev receipts, to tune on more than 110 readings.

    python -m bench.degrade ../shared/receipts-dev/sroie var/degraded/sroie_soft --kind soft

The dev receipts are read almost perfectly (about 95 % exact), so fitting the total's scorer
on them learns little about the mistakes the unseen ones show (the check receipts: more wrong
totals, more unreadable digits). Each kind writes a copy of a folder (`images/`, and
`labels.jsonl` with the same true totals) whose photos were taken worse:
- `soft`: shrunk to 50-70 %, blurred a little, saved as a JPEG of quality 35-55 (a phone photo
  sent small);
- `tilt`: turned 1.5-4 degrees and lit unevenly from one corner, JPEG quality 50-70;
- `faded`: the ink of old thermal paper, at 20-60 % of its contrast and fading more towards
  one end, with the sensor's noise, JPEG quality 60-75 (the faint digits no pass reads on many
  check receipts);
- `warped`: photographed at an angle (one end 8-18 % narrower than the other) with a fold's
  shadow across it, JPEG quality 60-75.
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


def faded(image: np.ndarray, rng: random.Random) -> tuple[np.ndarray, int]:
    height = image.shape[0]
    ink = 255.0 - image.astype(np.float32)
    # Thermal paper fades unevenly: more at one end, where it was handled or lay in the sun.
    ends = sorted([rng.uniform(0.2, 0.35), rng.uniform(0.45, 0.6)], reverse=rng.random() < 0.5)
    contrast = np.linspace(*ends, height)[:, None, None]
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(3, 6), image.shape)
    return np.clip(255.0 - ink * contrast + noise, 0, 255).astype(np.uint8), rng.randint(60, 75)


def warped(image: np.ndarray, rng: random.Random) -> tuple[np.ndarray, int]:
    height, width = image.shape[:2]
    inset = rng.uniform(0.08, 0.18) * width / 2
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    narrow = corners.copy()
    far = rng.choice([(0, 1), (3, 2)])  # the top edge or the bottom one further away
    narrow[far[0], 0] += inset
    narrow[far[1], 0] -= inset
    turn = cv2.getPerspectiveTransform(corners, narrow)
    photo = cv2.warpPerspective(image, turn, (width, height), borderMode=cv2.BORDER_REPLICATE)
    # A fold's shadow across the paper, darkest on the crease.
    fold, spread = rng.uniform(0.3, 0.7) * height, height / rng.uniform(25, 50)
    rows = np.arange(height, dtype=np.float32)
    shade = 1 - rng.uniform(0.2, 0.35) * np.exp(-(((rows - fold) / spread) ** 2))
    return np.clip(photo * shade[:, None, None], 0, 255).astype(np.uint8), rng.randint(60, 75)


KINDS = {"soft": soft, "tilt": tilt, "faded": faded, "warped": warped}


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

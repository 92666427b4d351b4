"""Measure the perceptual-hash distances behind UMBRAL_CASI_DUPLICADO (sales/rules.py).

    python -m bench.phash_study DIR [DIR ...]

Copies: each image re-encoded (JPEG q=50), resized to 50 %, cropped 3 % on every side,
darkened 20 %, and all of these at once. Different: every pair of distinct images.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import cv2
import numpy as np

from ocr.hashing import hamming, perceptual_hash


def _variants(gray: np.ndarray) -> list[np.ndarray]:
    h, w = gray.shape
    _, jpeg = cv2.imencode(".jpg", gray, [cv2.IMWRITE_JPEG_QUALITY, 50])
    recompressed = cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)
    half = cv2.resize(gray, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    cropped = gray[int(h * 0.03) : int(h * 0.97), int(w * 0.03) : int(w * 0.97)]
    darker = (gray * 0.8).astype(np.uint8)
    _, jpeg = cv2.imencode(
        ".jpg", cv2.resize(cropped, (w // 2, h // 2)), [cv2.IMWRITE_JPEG_QUALITY, 50]
    )
    everything = (cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE) * 0.8).astype(np.uint8)
    return [recompressed, half, cropped, darker, everything]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dirs", nargs="+")
    args = parser.parse_args()
    paths = sorted(
        p
        for d in args.dirs
        for p in Path(d).rglob("*")
        if p.suffix.lower() in {".jpg", ".jpeg", ".png"}
    )
    hashes, copies = [], []
    for path in paths:
        gray = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        original = perceptual_hash(gray)
        hashes.append(original)
        copies += [hamming(original, perceptual_hash(v)) for v in _variants(gray)]
    different = [hamming(a, b) for a, b in itertools.combinations(hashes, 2)]
    print(f"images={len(paths)} copies={len(copies)} pairs={len(different)}")
    print(
        f"copies: max={max(copies)} p99={np.percentile(copies, 99):.0f}"
        f" median={np.median(copies):.0f}"
    )
    print(
        f"different: min={min(different)} p1={np.percentile(different, 1):.0f}"
        f" median={np.median(different):.0f}"
    )


if __name__ == "__main__":
    main()

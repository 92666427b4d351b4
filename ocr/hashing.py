"""Fingerprints for duplicate receipts: sha256 of the bytes, and a perceptual hash that survives
re-compression, resizing and small crops of the same photo."""

from __future__ import annotations

import hashlib

import cv2
import numpy as np

# 256-bit DCT hash (16x16 lowest frequencies of a 64x64 thumbnail). Receipts are all white paper
# with black print, so the common 64-bit pHash puts different receipts too close together.
_SIDE, _LOW = 64, 16


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def perceptual_hash(gray: np.ndarray) -> str:
    """Hex string of 256 bits: bit set where the DCT coefficient exceeds the median."""
    thumb = cv2.resize(gray, (_SIDE, _SIDE), interpolation=cv2.INTER_AREA).astype(np.float32)
    low = cv2.dct(thumb)[:_LOW, :_LOW].ravel()
    # The DC term says only how bright the photo is; it is left out of the median.
    bits = low > np.median(low[1:])
    value = int("".join("1" if b else "0" for b in bits), 2)
    return f"{value:0{_LOW * _LOW // 4}x}"


def hamming(a: str, b: str) -> int:
    if len(a) != len(b):
        raise ValueError("perceptual hashes of different sizes cannot be compared")
    return (int(a, 16) ^ int(b, 16)).bit_count()

"""Small images made in memory for the tests that need no Tesseract."""

from __future__ import annotations

import io
import struct
import zlib

import cv2
import numpy as np
from PIL import Image


def receipt_like(width: int = 400, height: int = 600, text_height: int = 20) -> np.ndarray:
    """White paper with lines of black text, as a grayscale array."""
    image = np.full((height, width), 245, np.uint8)
    scale = text_height / 22
    for row, y in enumerate(range(40, height - 20, int(text_height * 1.8))):
        cv2.putText(image, f"TUBO PVC {row} 45.00", (15, y), cv2.FONT_HERSHEY_SIMPLEX, scale, 20, 2)
    return image


def encode(array: np.ndarray, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, fmt, **options)
    return buffer.getvalue()


def png_header_claiming(width: int, height: int) -> bytes:
    """A valid PNG signature and IHDR for a huge picture, followed by a tiny data chunk:
    what a decompression bomb looks like before decoding."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )

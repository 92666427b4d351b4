"""Fiscal codes on the photo: QR and PDF417 read with zxing-cpp (OpenCV's own QR detector read
4 of 20 small photographed codes where zxing-cpp read 14), their content parsed strictly by
ocr/fiscal.py."""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

from ocr.fiscal import CodigoFiscal, parse_fiscal

FORMATOS = zxingcpp.BarcodeFormat.QRCode | zxingcpp.BarcodeFormat.PDF417


def read_codes(gray: np.ndarray) -> list[str]:
    """The text of every QR or PDF417 code found on the (grayscale) photo; on a photo where
    none is found, again on a sharpened copy (an unsharp mask), which read 7 of 8 blurred
    generated codes where the photo itself read 6 (bench/tickets --qr)."""
    return _decoded(gray) or _decoded(_sharpened(gray))


def _decoded(gray: np.ndarray) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(gray, formats=FORMATOS) if r.valid and r.text]


def _sharpened(gray: np.ndarray) -> np.ndarray:
    return cv2.addWeighted(gray, 2.0, cv2.GaussianBlur(gray, (0, 0), 2.0), -1.0, 0)


def fiscal_code(gray: np.ndarray) -> CodigoFiscal | None:
    """The first code on the photo that is a fiscal code of a known format, or None."""
    for texto in read_codes(gray):
        if codigo := parse_fiscal(texto):
            return codigo
    return None

"""Fiscal codes on the photo: QR and PDF417 read with zxing-cpp (OpenCV's own QR detector read
4 of 20 small photographed codes where zxing-cpp read 14), their content parsed strictly by
ocr/fiscal.py."""

from __future__ import annotations

import numpy as np
import zxingcpp

from ocr.fiscal import CodigoFiscal, parse_fiscal

FORMATOS = zxingcpp.BarcodeFormat.QRCode | zxingcpp.BarcodeFormat.PDF417


def read_codes(gray: np.ndarray) -> list[str]:
    """The text of every QR or PDF417 code found on the (grayscale) photo."""
    return [r.text for r in zxingcpp.read_barcodes(gray, formats=FORMATOS) if r.valid and r.text]


def fiscal_code(gray: np.ndarray) -> CodigoFiscal | None:
    """The first code on the photo that is a fiscal code of a known format, or None."""
    for texto in read_codes(gray):
        if codigo := parse_fiscal(texto):
            return codigo
    return None

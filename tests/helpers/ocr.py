"""A fake receipt reader the suite plugs in through OCR_LECTOR (real Tesseract only runs in the
tests marked `tesseract`). By default every photo reads as a $1,500.00 ticket with 5 tubes."""

from __future__ import annotations

import dataclasses
import hashlib

from ocr.config import OcrConfig
from ocr.result import ReceiptReading
from ocr.testing import FakeReader, fake_reading

PATH = "tests.helpers.ocr.leer"


def default_reading(image: bytes = b"") -> ReceiptReading:
    return fake_reading(total="1500.00", items=[(5, "TUBO PVC 1/2", "1500.00")], image=image)


class Lector(FakeReader):
    """Returns the configured reading, with the real sha256 of the bytes it is given and, unless
    a test chose one, a perceptual hash as different for different bytes as real photos'."""

    def __call__(self, data: bytes, config: OcrConfig | None = None) -> ReceiptReading:
        reading = super().__call__(data, config)
        digest = hashlib.sha256(data).hexdigest()
        phash = digest if reading.perceptual_hash == "0" * 64 else reading.perceptual_hash
        return dataclasses.replace(reading, sha256=digest, perceptual_hash=phash)

    def returns(self, reading: ReceiptReading | None = None, error=None) -> None:
        self.reading = reading or default_reading()
        self.error = error


leer = Lector(default_reading())

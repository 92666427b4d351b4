"""Which function reads receipts: `settings.OCR_LECTOR` (a dotted path), the real pipeline by
default. Tests and demos point it at a fake from ocr/testing.py."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

from ocr.result import ReceiptReading

DEFAULT_READER = "ocr.isolated.read_receipt"


def get_reader() -> Callable[..., ReceiptReading]:
    return import_string(getattr(settings, "OCR_LECTOR", DEFAULT_READER))

"""Which function reads receipts: `settings.OCR_LECTOR` (a dotted path), the real pipeline by
default. Tests and demos point it at a fake from ocr/testing.py."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.utils.module_loading import import_string

from ocr.result import ReceiptReading

DEFAULT_READER = "ocr.isolated.read_receipt"


def get_reader() -> Callable[..., ReceiptReading]:
    return import_string(getattr(settings, "OCR_LECTOR", DEFAULT_READER))


def prepare_reader() -> None:
    """Start the reader's server now if it has one (ocr/isolated.py: `start`), so that the
    first photo after a worker starts does not wait for the models to load."""
    start = getattr(import_module(get_reader().__module__), "start", None)
    if start is not None:
        start()

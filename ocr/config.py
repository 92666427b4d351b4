"""Pipeline configuration: a frozen value with defaults usable without Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# "ppocr" is the second recognizer (ocr/ppocr.py) reading the rectified page; the others are
# Tesseract on three preprocessings of it (ocr/preprocess.py).
PPOCR_PASS = "ppocr"  # noqa: S105 (a pass name, not a password)
KNOWN_PASSES = {PPOCR_PASS, "upscale", "normalized", "adaptive"}


@dataclass(frozen=True)
class OcrConfig:
    lang: str = "spa+eng"
    # 15 MB: a phone JPEG is 2-6 MB; a bigger upload is not a receipt photo worth decoding.
    max_bytes: int = 15_000_000
    # 40 MP: above any phone camera (a 12 MP photo is 12_000_000). Pillow's own bomb limit
    # (~89 MP) is higher than we want to hold in memory several times over.
    max_pixels: int = 40_000_000
    palabras_tubo: tuple[str, ...] = ("tubo", "tubos")
    tolerancia: Decimal = Decimal("0.05")
    # Seconds one Tesseract call may take; a pass that takes longer is skipped. A readable
    # receipt takes 0.3-2 s per pass; only noise (a dark, blurry photo) takes minutes.
    timeout: int = 20
    # Passes run in this order until the total is settled (ocr/extract.py: total_is_settled);
    # see ocr/preprocess.py for the images. Tesseract's upscale pass first: alone it settles
    # plain receipts without tubes in a third of PP-OCR's time; PP-OCR, whose text holds the
    # true total far more often, reads every other receipt. On the dev receipts this order was
    # as accurate as PP-OCR first, and faster (docs/benchmarks.md).
    passes: tuple[str, ...] = field(default=("upscale", PPOCR_PASS, "normalized", "adaptive"))
    # Seconds into a read after which no further pass starts (0: no limit, the default of the
    # library and of the tests, whose answers must not depend on the machine's load). The
    # service sets 4.5 (OCR_PRESUPUESTO): a pass takes 0.3-2 s, so starting none after 4.5 s
    # keeps a seller's wait near 6 s (issue 11's p95) at the cost of the last passes on the
    # slowest photos.
    budget: float = 0.0

    def __post_init__(self) -> None:
        if not self.palabras_tubo:
            raise ValueError("OCR_PALABRAS_TUBO needs at least one word")
        unknown = set(self.passes) - KNOWN_PASSES
        if unknown or not self.passes:
            raise ValueError(
                f"OCR passes must be some of {sorted(KNOWN_PASSES)}, not {self.passes}"
            )
        if self.budget < 0:
            raise ValueError(f"OCR_PRESUPUESTO={self.budget} must be 0 (no limit) or more")
        if not Decimal(0) <= self.tolerancia < Decimal(1):
            raise ValueError(f"OCR_TOLERANCIA={self.tolerancia} must be between 0 and 1")

    @classmethod
    def from_settings(cls) -> OcrConfig:
        from django.conf import settings

        defaults = cls()
        return cls(
            lang=getattr(settings, "OCR_LANG", defaults.lang),
            max_bytes=getattr(settings, "OCR_MAX_BYTES", defaults.max_bytes),
            max_pixels=getattr(settings, "OCR_MAX_PIXELS", defaults.max_pixels),
            palabras_tubo=tuple(getattr(settings, "OCR_PALABRAS_TUBO", defaults.palabras_tubo)),
            tolerancia=Decimal(getattr(settings, "OCR_TOLERANCIA", defaults.tolerancia)),
            timeout=getattr(settings, "OCR_TIMEOUT", defaults.timeout),
            passes=tuple(getattr(settings, "OCR_PASADAS", defaults.passes)),
            budget=float(getattr(settings, "OCR_PRESUPUESTO", defaults.budget)),
        )

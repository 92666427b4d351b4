"""Is the photo good enough to read? Blurry, dark and tiny photos get a Spanish request for a
retake instead of a guess.

Sharpness is measured with characters shrunk to ~20 px (never enlarged), so a sharp large photo
and a sharp small one score alike. Thresholds are in docs/benchmarks.md (## OCR): chosen so that
readable dev-set receipts pass and the committed blurry/dark fixture does not.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.result import Quality

# Characters are rescaled to this height before sharpness is measured.
_REFERENCE_TEXT_HEIGHT = 20.0
BLUR_LIMIT = 0.05  # share of ink edges that are crisp; below it the print is smeared
DARK_LIMIT = 70.0  # brightness (0-255) of the paper; below it the photo is too dark
TINY_TEXT_LIMIT = 6.0  # characters lower than this many pixels cannot be read reliably
TINY_SIDE_LIMIT = 200  # pixels, shortest side

# Why a photo is not good enough, by flag (the seller's words are in sales/texts/photos.py).
RAZON_BORROSA, RAZON_OSCURA, RAZON_PEQUENA = "borrosa", "oscura", "pequena"


def measure(gray: np.ndarray, text_height: float) -> dict[str, float]:
    return {
        "sharpness": round(_sharpness(gray, text_height), 4),
        "brightness": round(float(np.percentile(gray, 90)), 1),
        "text_height": round(text_height, 1),
        "shortest_side": float(min(gray.shape)),
    }


def hopeless(metrics: dict[str, float]) -> bool:
    """Dark or tiny: the retake will be asked for whatever Tesseract reads."""
    return metrics["brightness"] < DARK_LIMIT or _is_tiny(metrics)


def judge(metrics: dict[str, float], *, total_read: bool) -> Quality:
    """The verdict. Soft edges alone do not make a photo blurry: phone photos of small print
    measure soft and still read well, so a photo is called blurry only when it measures soft
    AND no total could be read from it."""
    dark = metrics["brightness"] < DARK_LIMIT
    tiny = _is_tiny(metrics)
    # A dark or tiny photo measures as blurry too; name only the first cause the seller can fix.
    blurry = metrics["sharpness"] < BLUR_LIMIT and not total_read and not tiny and not dark
    reasons = tuple(
        reason
        for flag, reason in ((dark, RAZON_OSCURA), (tiny, RAZON_PEQUENA), (blurry, RAZON_BORROSA))
        if flag
    )
    return Quality(
        ok=not reasons, blurry=blurry, dark=dark, tiny=tiny, reasons=reasons, metrics=metrics
    )


def assess_quality(gray: np.ndarray, text_height: float, *, total_read: bool = False) -> Quality:
    return judge(measure(gray, text_height), total_read=total_read)


def _is_tiny(metrics: dict[str, float]) -> bool:
    return metrics["text_height"] < TINY_TEXT_LIMIT or metrics["shortest_side"] < TINY_SIDE_LIMIT


def _sharpness(gray: np.ndarray, text_height: float) -> float:
    """Share of edge pixels whose gradient is steep relative to the local contrast.

    Blur spreads each stroke edge over more pixels, so the strongest gradients drop relative to
    the ink/paper difference; brightness and size are factored out by the normalisation."""
    # Never enlarge: interpolation would itself soften the edges of small text.
    scale = min(1.0, _REFERENCE_TEXT_HEIGHT / max(text_height, 1.0))
    size = (max(1, round(gray.shape[1] * scale)), max(1, round(gray.shape[0] * scale)))
    small = cv2.resize(gray, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    small = small.astype(np.float32)
    low, high = np.percentile(small, 5), np.percentile(small, 95)
    contrast = max(high - low, 1.0)
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = np.hypot(gx, gy) / contrast
    edges = magnitude > 0.5
    if edges.sum() < 50:
        return 0.0
    return float((magnitude[edges] > 2.0).mean())

"""Is the photo good enough to read? Blurry, dark and tiny photos get a Spanish request for a
retake instead of a guess.

The metrics are measured on the page scaled to a fixed character height, so a sharp small photo
and a sharp large photo score alike. Thresholds are in docs/benchmarks.md (## OCR): chosen so
that every readable dev-set receipt passes and the committed blurry/dark fixtures do not.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.result import Quality

# Characters are rescaled to this height before sharpness is measured.
_REFERENCE_TEXT_HEIGHT = 20.0
BLUR_LIMIT = 0.10  # share of ink edges that are crisp; below it the print is smeared
DARK_LIMIT = 70.0  # brightness (0-255) of the paper; below it the photo is too dark
TINY_TEXT_LIMIT = 6.0  # characters lower than this many pixels cannot be read reliably
TINY_SIDE_LIMIT = 200  # pixels, shortest side

RAZON_BORROSA = (
    "La foto salió borrosa. Enfoca el comprobante y tómala de nuevo sin mover el teléfono."
)
RAZON_OSCURA = "La foto está muy oscura. Tómala de nuevo con más luz."
RAZON_PEQUENA = (
    "El comprobante se ve muy pequeño. Acércate para que ocupe casi toda la foto y tómala de nuevo."
)


def assess_quality(gray: np.ndarray, text_height: float) -> Quality:
    height, width = gray.shape
    brightness = float(np.percentile(gray, 90))
    sharpness = _sharpness(gray, text_height)
    tiny = text_height < TINY_TEXT_LIMIT or min(width, height) < TINY_SIDE_LIMIT
    dark = brightness < DARK_LIMIT
    # A dark or tiny photo measures as blurry too; name only the first cause the seller can fix.
    blurry = sharpness < BLUR_LIMIT and not tiny and not dark
    reasons = tuple(
        reason
        for flag, reason in ((dark, RAZON_OSCURA), (tiny, RAZON_PEQUENA), (blurry, RAZON_BORROSA))
        if flag
    )
    return Quality(
        ok=not reasons,
        blurry=blurry,
        dark=dark,
        tiny=tiny,
        reasons=reasons,
        metrics={
            "sharpness": round(sharpness, 4),
            "brightness": round(brightness, 1),
            "text_height": round(text_height, 1),
        },
    )


def _sharpness(gray: np.ndarray, text_height: float) -> float:
    """Share of edge pixels whose gradient is steep relative to the local contrast.

    Blur spreads each stroke edge over more pixels, so the strongest gradients drop relative to
    the ink/paper difference; brightness and size are factored out by the normalisation."""
    scale = min(4.0, _REFERENCE_TEXT_HEIGHT / max(text_height, 1.0))
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

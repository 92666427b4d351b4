import cv2
import numpy as np

from ocr.preprocess import estimate_text_height
from ocr.quality import RAZON_BORROSA, RAZON_OSCURA, RAZON_PEQUENA, assess_quality

from .images import receipt_like


def quality_of(gray):
    return assess_quality(gray, estimate_text_height(gray))


def test_a_sharp_bright_receipt_is_ok():
    quality = quality_of(receipt_like(800, 1200, text_height=24))
    assert quality.ok
    assert quality.reasons == ()
    assert set(quality.metrics) == {"sharpness", "brightness", "text_height", "shortest_side"}


def test_a_blurry_photo_asks_for_a_retake():
    blurry = cv2.GaussianBlur(receipt_like(800, 1200, text_height=24), (0, 0), 4)
    quality = quality_of(blurry)
    assert quality.blurry
    assert not quality.ok
    assert quality.reasons == (RAZON_BORROSA,)


def test_a_dark_photo_asks_for_more_light():
    dark = (receipt_like(800, 1200, text_height=24) * 0.2).astype(np.uint8)
    quality = quality_of(dark)
    assert quality.dark
    assert not quality.ok
    assert RAZON_OSCURA in quality.reasons


def test_a_tiny_photo_asks_to_come_closer():
    tiny = cv2.resize(
        receipt_like(800, 1200, text_height=24), (120, 180), interpolation=cv2.INTER_AREA
    )
    quality = quality_of(tiny)
    assert quality.tiny
    assert not quality.ok
    assert RAZON_PEQUENA in quality.reasons


def test_soft_edges_are_not_called_blurry_when_the_total_was_read():
    blurry = cv2.GaussianBlur(receipt_like(800, 1200, text_height=24), (0, 0), 4)
    quality = assess_quality(blurry, estimate_text_height(blurry), total_read=True)
    assert quality.ok
    assert not quality.blurry

"""Later passes read only the part of the photo where earlier passes found confident text."""

import numpy as np

from ocr.pipeline import text_region
from ocr.preprocess import Geometry
from ocr.result import Box, Word
from ocr.tesseract import Line

PAGE = Geometry(
    to_page=np.eye(3), page_size=(1000, 2000), text_height=20.0, skew_degrees=0, outline_found=False
)


def block(left, top, rows, *, confidence=91.0, text="TOTAL"):
    return [
        Line((Word(text, confidence, Box(left, top + 40 * row, 200, 24)),)) for row in range(rows)
    ]


def test_the_region_holds_the_confident_words_with_a_margin():
    crop = text_region({"upscale": block(300, 500, 10)}, PAGE)
    assert crop == (220, 420, 580, 964)  # 4 text heights (80 px) around the words


def test_few_or_unsure_words_crop_nothing():
    assert text_region({"upscale": block(300, 500, 5)}, PAGE) is None
    assert text_region({"upscale": block(300, 500, 10, confidence=40)}, PAGE) is None
    assert text_region({"upscale": block(300, 500, 10, text="|.")}, PAGE) is None


def test_text_over_most_of_the_page_crops_nothing():
    lines = block(20, 20, 10) + block(780, 1900, 1)
    assert text_region({"upscale": lines}, PAGE) is None


def test_the_region_is_in_page_pixels_when_the_page_is_rectified():
    shifted = Geometry(
        to_page=np.array([[1.0, 0, -100], [0, 1, -50], [0, 0, 1]]),
        page_size=(1000, 2000),
        text_height=20.0,
        skew_degrees=0,
        outline_found=True,
    )
    assert text_region({"upscale": block(300, 500, 10)}, shifted) == (120, 370, 480, 914)

"""Faint thermal print with a shadow across it: PP-OCR reads the page with the paper's own
shading divided out (ocr/preprocess.py), so the words on the dark side are not lost. Run for
real: the ticket is drawn here, PP-OCR's models come from the wheel."""

from decimal import Decimal

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr.config import OcrConfig
from ocr.pipeline import read_receipt
from ocr.preprocess import analyse_geometry, build_passes, to_gray
from tests.ocr.images import encode

# fonts-dejavu-core is installed with tesseract (scripts/setup.sh, the Dockerfile).
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
LINES = (
    "FERRETERIA EL TUBO",
    "5 TUBO PVC 1/2   225.00",
    "2 CODO PVC 1/2    17.00",
    "SUBTOTAL         208.62",
    "IVA               33.38",
    "TOTAL            242.00",
    "EFECTIVO         300.00",
    "CAMBIO            58.00",
)


def faint_ticket_in_a_shadow() -> np.ndarray:
    """Ink at 12 % of the paper's brightness below it, the paper lit from 25 % on the left to
    full on the right: the words at the left edge are as dark as the paper on the right."""
    page = Image.new("L", (520, 60 + 44 * len(LINES)), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 26)
    for row, text in enumerate(LINES):
        draw.text((20, 30 + 44 * row), text, fill=0, font=font)
    ink = 1 - np.asarray(page, dtype=np.float64) / 255
    width = ink.shape[1]
    paper = 235 * (0.25 + 0.75 * np.arange(width) / width)
    return np.clip(paper[np.newaxis, :] * (1 - 0.12 * ink), 0, 255).astype(np.uint8)


def test_ppocrs_page_has_the_shadow_divided_out():
    gray = to_gray(np.dstack([faint_ticket_in_a_shadow()] * 3))
    page = next(build_passes(gray, analyse_geometry(gray), ("ppocr",))).image
    width = page.shape[1]
    # Bands inside the white margin the pass adds; most of a band's pixels are paper.
    shadow, light = page[:, width // 8 : width // 4], page[:, -width // 4 : -width // 8]
    assert np.median(shadow) >= 245
    assert np.median(light) >= 245


def test_ppocr_reads_the_total_line_of_faint_print_in_a_shadow():
    photo = encode(np.dstack([faint_ticket_in_a_shadow()] * 3))
    reading = read_receipt(photo, OcrConfig(passes=("ppocr",)))
    lines = reading.text.splitlines()
    assert "TOTAL 242.00" in lines
    assert "SUBTOTAL 208.62" in lines
    assert reading.total == Decimal("242.00")
    assert "en una línea de total" in reading.candidates[0].evidence


def test_ppocr_reads_the_whole_page_where_tesseract_reads_the_text_region():
    gray = to_gray(np.dstack([faint_ticket_in_a_shadow()] * 3))
    geometry = analyse_geometry(gray)
    height, width = gray.shape
    region = (0, 0, width // 2, height // 2)  # as if only the upper left held sure words
    names = ("ppocr", "normalized")
    whole = list(build_passes(gray, geometry, names))
    cut = list(build_passes(gray, geometry, names, lambda: region))
    assert np.array_equal(cut[0].image, whole[0].image)
    assert np.array_equal(cut[0].to_original, whole[0].to_original)
    assert cut[1].image.shape[0] < whole[1].image.shape[0] * 0.6
    assert cut[1].image.shape[1] < whole[1].image.shape[1] * 0.6

"""The paper's outline on a photo: its four corners, also where uneven light darkens one of them
(the darker corner once fell below the threshold, and the outline cut through the text)."""

import cv2
import numpy as np

from ocr.preprocess import find_receipt_outline

CORNERS = np.array([[120, 90], [620, 80], [650, 930], [100, 950]], dtype=np.float64)


def photo(shadow: float) -> np.ndarray:
    """A white paper with lines of print on a textured grey table, lit from the bottom right:
    `shadow` is how much darker the paper's top-left corner is than its bottom-right."""
    rng = np.random.default_rng(7)
    height, width = 1040, 760
    table = rng.normal(85, 6, (height, width)).clip(0, 255)
    mask = np.zeros((height, width), np.uint8)
    cv2.fillPoly(mask, [CORNERS.astype(np.int32)], 255)
    yy, xx = np.mgrid[0:height, 0:width]
    light = 1 - shadow * (1 - (xx / width + yy / height) / 2) ** 2
    paper = np.clip(235 * light, 0, 255)
    image = np.where(mask > 0, paper, table).astype(np.uint8)
    for row in range(160, 880, 40):
        cv2.putText(image, "TUBO PVC 1/2 $1.234,56", (140, row), cv2.FONT_HERSHEY_SIMPLEX,
                    0.9, 40, 2)  # fmt: skip
    return cv2.GaussianBlur(image, (3, 3), 0)


def test_the_corners_of_an_evenly_lit_paper_are_found():
    found = find_receipt_outline(photo(shadow=0.0))
    assert found is not None
    assert np.abs(found - CORNERS).max() < 12


def test_a_corner_darkened_by_uneven_light_is_still_found():
    image = photo(shadow=0.6)
    corner = image[100:140, 130:170]
    assert np.median(corner) < 150  # the paper there is much darker than at the other end
    found = find_receipt_outline(image)
    assert found is not None
    assert np.abs(found - CORNERS).max() < 12

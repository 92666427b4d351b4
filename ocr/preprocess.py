"""OpenCV preprocessing: one upright, rectified page, then the images Tesseract reads (passes).

Geometry is decided once (receipt outline -> perspective, deskew angle, scale to a good text
height) and applied in a single warp per pass, so each pass keeps a 3x3 matrix back to the
original pixels: word boxes are reported on the photo the seller sent.

What each pass is for (measured on the dev set, see docs/benchmarks.md):
- "upscale": grayscale scaled so characters are ~30 px high (at 40 px it read no more totals,
  picked more wrong ones and took about 11 % longer). Best single pass on photos.
- "adaptive": ~30 px characters, background normalised, then adaptive threshold. Recovers
  faint thermal print and uneven light.
- "normalized": ~30 px characters, background normalised (divide by a morphological closing),
  kept gray. Removes shadows without throwing away anti-aliasing.
- "ppocr": what PP-OCR reads, ~16 px characters, background normalised as above.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.config import PPOCR_PASS

# Tesseract reads best with capitals ~30 px high; smaller text loses digits, larger only costs
# time. Every pass scales the page to this character height, in pixels of the pass image.
_TARGET_HEIGHT = 30.0
# PP-OCR reads characters 16 px high as well as 30 (the true total was in its text for 30 of 30
# dev receipts at 16, 29 at 30) in two thirds of the time: its detector's cost grows with pixels.
PASS_HEIGHT: dict[str, float] = {PPOCR_PASS: 16.0}
# The passes that read the page with the paper's own shading divided out. PP-OCR among them:
# on the plain page it lost the words of faint print in a shadow ("TOTAL", "SUBTOTAL") and
# kept only the darker amounts; on faded and warped copies of the dev photos the normalised
# page read more totals right and fewer wrong (docs/benchmarks.md, twenty-fifth session).
_NORMALISED = ("adaptive", "normalized", PPOCR_PASS)
# The passes never cut to the text region (build_passes).
_WHOLE_PAGE = (PPOCR_PASS,)
# A pass image above this many pixels only costs time (a long receipt stays readable).
_MAX_PASS_PIXELS = 9_000_000
_MIN_SCALE, _MAX_SCALE = 0.35, 4.0


@dataclass(frozen=True)
class Geometry:
    """Where the page is in the original image: original -> rectified page (3x3)."""

    to_page: np.ndarray
    page_size: tuple[int, int]  # width, height of the rectified page
    text_height: float  # median character height on the page, pixels
    skew_degrees: float
    outline_found: bool


@dataclass(frozen=True)
class PassImage:
    name: str
    image: np.ndarray  # uint8 grayscale, what Tesseract reads
    to_original: np.ndarray  # 3x3: pass pixels -> original pixels


def to_gray(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def analyse_geometry(gray: np.ndarray, *, find_outline: bool = True) -> Geometry:
    height, width = gray.shape
    to_page = np.eye(3)
    page_size = (width, height)
    outline = find_receipt_outline(gray) if find_outline else None
    if outline is not None:
        to_page, page_size = _perspective_to_rectangle(outline)
    page = _warp(gray, to_page, page_size) if outline is not None else gray
    angle = estimate_skew(page)
    if abs(angle) >= 0.5:
        rotation, page_size = _rotation(page_size, angle)
        to_page = rotation @ to_page
        page = _warp(gray, to_page, page_size)
    return Geometry(
        to_page=to_page,
        page_size=page_size,
        text_height=estimate_text_height(page),
        skew_degrees=angle,
        outline_found=outline is not None,
    )


Crop = tuple[int, int, int, int]  # left, top, right, bottom in page pixels


def build_passes(
    gray: np.ndarray,
    geometry: Geometry,
    names: tuple[str, ...],
    region: Callable[[], Crop | None] = lambda: None,
) -> Iterator[PassImage]:
    """Yield the pass images lazily: a caller that stops early saves their cost.

    `region` is asked before each Tesseract pass for the part of the page that holds the text
    (what the earlier passes read): a photo's background (a tablecloth, a hand) is cut away,
    since its texture costs Tesseract several seconds in the normalised and binarised passes.
    PP-OCR reads the whole page: at its 16 px the background costs little, and the region, cut
    around the words Tesseract read surely, left out faint lines PP-OCR would have read (more
    totals right and fewer wrong without it, docs/benchmarks.md, twenty-fifth session)."""
    full_page = _warp(gray, geometry.to_page, geometry.page_size)
    for name in names:
        page, to_crop = full_page, np.eye(3)
        if name not in _WHOLE_PAGE and (crop := region()):
            left, top, right, bottom = crop
            page = full_page[top:bottom, left:right]
            to_crop = np.array([[1, 0, -left], [0, 1, -top], [0, 0, 1]], dtype=np.float64)
        scale = _scale_for(geometry, PASS_HEIGHT.get(name, _TARGET_HEIGHT))
        size = (max(1, round(page.shape[1] * scale)), max(1, round(page.shape[0] * scale)))
        # INTER_AREA shrinks without aliasing; cubic enlarges with the sharpest strokes.
        interpolation = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
        image = cv2.resize(page, size, interpolation=interpolation)
        if name in _NORMALISED:
            image = normalise_background(image, geometry.text_height * scale)
        if name == "adaptive":
            image = adaptive_binarise(image, geometry.text_height * scale)
        # A white margin: Tesseract drops characters that touch the image's edge.
        pad = int(max(10, geometry.text_height * scale))
        image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
        to_pass = (
            np.diag([size[0] / page.shape[1], size[1] / page.shape[0], 1.0])
            @ to_crop
            @ geometry.to_page
        )
        to_pass = np.array([[1, 0, pad], [0, 1, pad], [0, 0, 1]], dtype=np.float64) @ to_pass
        yield PassImage(name=name, image=image, to_original=np.linalg.inv(to_pass))


def _scale_for(geometry: Geometry, target: float) -> float:
    scale = target / max(geometry.text_height, 1.0)
    scale = min(max(scale, _MIN_SCALE), _MAX_SCALE)
    width, height = geometry.page_size
    if width * height * scale * scale > _MAX_PASS_PIXELS:
        scale = (_MAX_PASS_PIXELS / (width * height)) ** 0.5
    return scale


def normalise_background(gray: np.ndarray, text_height: float) -> np.ndarray:
    """Divide by the paper's own brightness (a closing wider than a character): shadows and
    thermal fade become a flat white, ink keeps its contrast."""
    size = int(max(15, text_height * 1.5)) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel)
    normalised = cv2.divide(gray, background, scale=255)
    return normalised


def adaptive_binarise(gray: np.ndarray, text_height: float) -> np.ndarray:
    block = int(max(15, text_height * 1.5)) | 1
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 15
    )


def estimate_text_height(gray: np.ndarray) -> float:
    """Median height of character-like blobs; 20 px (a typical scan) when there are too few."""
    small, factor = _shrink(gray, 1600)
    ink = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    _count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    areas = stats[1:, cv2.CC_STAT_AREA]
    limit = small.shape[0] * 0.08
    keep = (heights >= 5) & (heights <= limit) & (widths <= heights * 1.6) & (widths >= 2)
    keep &= areas >= heights * widths * 0.12
    if keep.sum() < 15:
        return 20.0
    return float(np.median(heights[keep])) / factor


def estimate_skew(gray: np.ndarray) -> float:
    """Text-line angle in degrees by projection profiles: the angle at which the rows of ink are
    sharpest. Searched within +-12 degrees; a receipt photographed more crooked is rare."""
    small, _ = _shrink(gray, 700)
    ink = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    if ink.mean() < 1:
        return 0.0
    centre = (ink.shape[1] / 2, ink.shape[0] / 2)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rotated = cv2.warpAffine(ink, matrix, (ink.shape[1], ink.shape[0]), flags=cv2.INTER_NEAREST)
        return float(np.var(rotated.sum(axis=1, dtype=np.float64)))

    coarse = max(np.arange(-12, 12.1, 1.0), key=sharpness)
    fine = max(np.arange(coarse - 1, coarse + 1.01, 0.25), key=sharpness)
    # getRotationMatrix2D turns counter-clockwise for positive angles; we return the rotation
    # that straightens the page.
    return float(fine) if abs(fine) >= 0.5 else 0.0


def find_receipt_outline(gray: np.ndarray) -> np.ndarray | None:
    """The four corners of a bright paper on a darker background, in original pixels, or None
    when the picture is (nearly) all receipt, as scans are."""
    small, factor = _shrink(gray, 600)
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    bright = _paper_mask(blurred)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(contour)
    total = small.shape[0] * small.shape[1]
    if not 0.15 * total <= area <= 0.9 * total:
        return None
    points = contour.reshape(-1, 2)
    height, width = small.shape
    if (
        (points.min(axis=0) <= 2).any()
        or points[:, 0].max() >= width - 3
        or points[:, 1].max() >= height - 3
    ):
        # The paper runs off the photo: its corners are not all visible, and a quad fitted to
        # the frame's edge would shear the text. Deskewing alone is safer.
        return None
    hull = cv2.convexHull(contour)
    quad = _four_sides(hull)
    if quad is None or not 0.93 * area <= cv2.contourArea(quad) <= 1.12 * area:
        return None
    # The paper must stand out: it is clearly brighter than what surrounds it.
    mask = np.zeros_like(small)
    cv2.drawContours(mask, [np.round(quad).astype(np.int32)], -1, 255, -1)
    inside, outside = small[mask > 0].mean(), small[mask == 0].mean()
    if inside - outside < 40:
        return None
    return _order_corners(quad.reshape(4, 2).astype(np.float64) / factor)


def _paper_mask(blurred: np.ndarray) -> np.ndarray:
    """What is clearly brighter than the background the photo's border shows.

    Otsu's threshold alone sits midway between the paper and everything darker, print
    included: under uneven light (a lamp on one side) the paper's darker corner fell below it
    and the outline cut the text there. A third of the way from the border's level to the
    paper's keeps that corner; a background that then joins the paper reaches the photo's edge
    and no outline is used (find_receipt_outline)."""
    otsu, _ = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    edge = max(3, round(0.02 * min(blurred.shape)))
    strips = (blurred[:edge], blurred[-edge:], blurred[:, :edge], blurred[:, -edge:])
    background = float(np.median(np.concatenate([s.ravel() for s in strips])))
    paper = float(np.median(blurred[blurred > otsu]))
    level = background + (paper - background) / 3 if paper > background else otsu
    bright = np.where(blurred > level, 255, 0).astype(np.uint8)
    return cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))


def _four_sides(hull: np.ndarray) -> np.ndarray | None:
    """The quadrilateral whose sides are the hull's four longest edges, corners where they
    meet: a corner the mask lost (a shadow) is a short edge between two sides, and its true
    corner lies where those sides' lines cross, not on the short edge."""
    polygon = cv2.approxPolyDP(hull, 0.01 * cv2.arcLength(hull, True), True).reshape(-1, 2)
    if len(polygon) < 4:
        return None
    polygon = polygon.astype(np.float64)
    ends = np.roll(polygon, -1, axis=0)
    longest = sorted(np.argsort(np.linalg.norm(ends - polygon, axis=1))[-4:])
    sides = [(polygon[i], ends[i]) for i in longest]
    corners = [_crossing(sides[k - 1], sides[k]) for k in range(4)]
    if any(c is None for c in corners):
        return None
    return np.array(corners).reshape(4, 1, 2).astype(np.float32)


def _crossing(first, second) -> np.ndarray | None:
    """Where the lines through two sides cross, or None for parallel ones."""
    (p, p2), (q, q2) = first, second
    r, s = p2 - p, q2 - q
    denominator = r[0] * s[1] - r[1] * s[0]
    if abs(denominator) < 1e-9 * (np.linalg.norm(r) * np.linalg.norm(s) + 1e-9):
        return None  # parallel: not two neighbouring sides
    t = ((q - p)[0] * s[1] - (q - p)[1] * s[0]) / denominator
    return p + t * r


def _order_corners(points: np.ndarray) -> np.ndarray:
    sums, diffs = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array(
        [
            points[np.argmin(sums)],
            points[np.argmin(diffs)],
            points[np.argmax(sums)],
            points[np.argmax(diffs)],
        ]
    )


def _perspective_to_rectangle(corners: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    top_left, top_right, bottom_right, bottom_left = corners
    width = max(np.linalg.norm(top_right - top_left), np.linalg.norm(bottom_right - bottom_left))
    height = max(np.linalg.norm(bottom_left - top_left), np.linalg.norm(bottom_right - top_right))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target.astype(np.float32))
    return matrix.astype(np.float64), (round(width), round(height))


def _rotation(size: tuple[int, int], angle: float) -> tuple[np.ndarray, tuple[int, int]]:
    width, height = size
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width * cos), int(height * cos + width * sin)
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    return np.vstack([matrix, [0, 0, 1]]), (new_w, new_h)


def _warp(
    gray: np.ndarray,
    matrix: np.ndarray,
    size: tuple[int, int],
    interpolation: int = cv2.INTER_LINEAR,
) -> np.ndarray:
    if np.allclose(matrix, np.eye(3)) and size == (gray.shape[1], gray.shape[0]):
        return gray
    # White border: what falls outside the page is paper, not a black frame Tesseract would read.
    return cv2.warpPerspective(gray, matrix, size, flags=interpolation, borderValue=255)


def _shrink(gray: np.ndarray, longest: int) -> tuple[np.ndarray, float]:
    factor = min(1.0, longest / max(gray.shape))
    if factor == 1.0:
        return gray, 1.0
    size = (max(1, round(gray.shape[1] * factor)), max(1, round(gray.shape[0] * factor)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA), factor

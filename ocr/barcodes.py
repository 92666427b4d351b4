"""Fiscal codes on the photo: QR and PDF417 read with zxing-cpp (OpenCV's own QR detector read
4 of 20 small photographed codes where zxing-cpp read 14), their content parsed strictly by
ocr/fiscal.py."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import zxingcpp

from ocr.fiscal import CodigoFiscal, parse_fiscal

FORMATOS = zxingcpp.BarcodeFormat.QRCode | zxingcpp.BarcodeFormat.PDF417
# A square patch of the photo where a code may be: x, y, width, height.
Region = tuple[int, int, int, int]


def read_codes(gray: np.ndarray) -> Iterator[list[str]]:
    """The text of the QR or PDF417 codes each look at the (grayscale) photo decodes, look by
    look, the cheap ones first: the photo as it is, a sharpened copy (an unsharp mask), that
    copy enlarged 1.5 times (a small printed code's modules are then more than a pixel or two
    wide). On 82 legible generated codes of the tuning family (bench/tickets --qr, ferreteria,
    seed 21) the photo read 59, with the sharpened copy 67, with the enlarged one 72; each
    further look costs under 10 ms. Then each square patch that could be a code is cut out and
    enlarged on its own: sharpened, then deconvolved (`_deblurred_patch`), then, for a small
    one, enlarged in blocks and thresholded (`_binarized_patch`), and at last enlarged at one
    scale after another (`_swept`). A caller stops when it has what it wants: a later look runs
    only if the codes found so far are not."""
    for look in (_same, _sharpened, _sharpened_larger):
        if found := _decoded(look(gray)):
            yield found
    regions = _square_regions(gray)[:_MAX_PATCHES]
    for views in (_sharpened_patch, _deblurred_patch, _binarized_patch, _swept):
        for region in regions:
            for view in views(gray, region):
                if found := _decoded(view):
                    yield found
                    break


def _decoded(gray: np.ndarray) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(gray, formats=FORMATOS) if r.valid and r.text]


def _same(gray: np.ndarray) -> np.ndarray:
    return gray


def _sharpened(gray: np.ndarray, sigma: float = 2.0) -> np.ndarray:
    """An unsharp mask: the image plus its difference from a blur of `sigma` pixels."""
    return cv2.addWeighted(gray, 2.0, cv2.GaussianBlur(gray, (0, 0), sigma), -1.0, 0)


def _sharpened_larger(gray: np.ndarray) -> np.ndarray:
    return cv2.resize(_sharpened(gray), None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)


# A patch is enlarged until its longer side is this many pixels: a code about 130 px wide in
# the photo then has modules of ten pixels or more, which the whole page enlarged 1.5 times
# never gives.
_PATCH_SIDE = 900
# At most this many patches per photo, the largest first: a page of dense print can look like
# many squares, and each costs a decode of a 900 px image (~10 ms).
_MAX_PATCHES = 3
# A patch is sharpened at the photo's scale with an unsharp mask of this many pixels.
_PATCH_SIGMA = 0.7


def _cut(gray: np.ndarray, region: Region, share: float = 0.15) -> np.ndarray:
    """A square, densely printed region of the photo (where a code would be), with a margin of
    `share` of its side."""
    x, y, w, h = region
    margin = int(share * max(w, h))
    return gray[max(0, y - margin) : y + h + margin, max(0, x - margin) : x + w + margin]


def _enlarged(patch: np.ndarray) -> np.ndarray:
    scale = _PATCH_SIDE / max(patch.shape)
    return cv2.resize(patch, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)


def _sharpened_patch(gray: np.ndarray, region: Region) -> Iterator[np.ndarray]:
    """The patch sharpened (at the photo's scale, where the mask costs little) and enlarged to
    _PATCH_SIDE. On the tuning family (bench/tickets --qr: ferreteria seed 21; ferreteria,
    abarrotes, tlapaleria seed 41; clean and photographed), the three looks above read 245 of
    279 legible codes, these patches 4 more; other sizes and interpolations read as many or
    fewer, unsharpened patches at most 2 more (docs/benchmarks.md)."""
    yield _enlarged(_sharpened(_cut(gray, region), sigma=_PATCH_SIGMA))


# A code printed blurred (a smeared thermal print, a lens out of focus) is given back its edges
# by deconvolution with a Gaussian of this many photo pixels; the patch is decoded after each
# number of rounds listed.
_DEBLUR_SIGMA = 1.6
_DEBLUR_ROUNDS = (20, 40)


def _deblurred_patch(gray: np.ndarray, region: Region) -> Iterator[np.ndarray]:
    """The patch deconvolved (Richardson-Lucy, a Gaussian blur assumed) and enlarged, after
    each number of rounds in _DEBLUR_ROUNDS: where the blur merged a code's modules, an unsharp
    mask only darkens the merged blob, deconvolution separates them again, and which round
    separates them best differs from code to code. On the tuning family (ferreteria, abarrotes,
    tlapaleria, seed 51, photographed) 20 rounds read all 6 blurred codes the looks before it
    missed; 40 rounds one more, a clean one (docs/benchmarks.md). Nothing for a patch already
    larger than _PATCH_SIDE: its modules are too wide for a blur of a pixel or two to merge,
    and its float copies would cost memory for nothing."""
    crop = _cut(gray, region)
    if max(crop.shape) > _PATCH_SIDE:
        return
    observed = crop.astype(np.float32) / 255.0 + 1e-3
    estimate = observed.copy()
    for rounds in range(1, max(_DEBLUR_ROUNDS) + 1):
        blurred = cv2.GaussianBlur(estimate, (0, 0), _DEBLUR_SIGMA) + 1e-6
        estimate *= cv2.GaussianBlur(observed / blurred, (0, 0), _DEBLUR_SIGMA)
        if rounds in _DEBLUR_ROUNDS:
            yield _enlarged(np.clip(estimate * 255.0, 0, 255).astype(np.uint8))


# A small patch (a code printed 110-130 px wide, with its margin) is enlarged this many times,
# each photo pixel a block of its own, then cut to black and white.
_SMALL_PATCH = 300
_BLOCKS = 4


def _binarized_patch(gray: np.ndarray, region: Region) -> Iterator[np.ndarray]:
    """A small patch enlarged pixel by pixel and thresholded (Otsu): where a code's modules are
    one or two pixels wide, interpolation smears them and zxing-cpp's own binarizer finds no
    finder pattern. On the tuning family (seed 51, clean and photographed) it read 2 of the 12
    codes every other look missed (docs/benchmarks.md). Nothing for a larger patch."""
    crop = _cut(gray, region)
    if max(crop.shape) > _SMALL_PATCH:
        return
    blocks = cv2.resize(crop, None, fx=_BLOCKS, fy=_BLOCKS, interpolation=cv2.INTER_NEAREST)
    _, binary = cv2.threshold(blocks, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    yield binary


# Scales tried last on a small patch: 2 to 5.5 in quarters.
_SWEEP = tuple(quarter / 4 for quarter in range(8, 23))


def _swept(gray: np.ndarray, region: Region) -> Iterator[np.ndarray]:
    """A small patch sharpened and enlarged at each scale of _SWEEP. Where a code's modules are
    two or three photo pixels wide, zxing-cpp finds the code but reads too many modules wrong
    (a checksum error); whether its sampling grid lands on the modules or between them depends
    on the scale, so another scale can read it. On the tuning family (seed 51) it read 4 of the
    11 codes every other look missed; a photo with no small square costs nothing, one without a
    code up to 15 decodes of a patch (docs/benchmarks.md). Nothing for a larger patch."""
    crop = _cut(gray, region, share=0.3)
    if max(crop.shape) > _SMALL_PATCH:
        return
    sharp = _sharpened(crop, sigma=_PATCH_SIGMA)
    for scale in _SWEEP:
        yield cv2.resize(sharp, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)


def _square_regions(gray: np.ndarray) -> list[Region]:
    """Bounding boxes (x, y, w, h) of dark print merged into roughly square blocks at least a
    third filled, between 1/25 and 1/2 of the photo's shorter side, largest first: a code's
    modules merge into one such block, a line of text into a long one. A sharp code's block is
    half filled or more; a blurred one, thresholded, can fill only a third (one tuning ticket,
    `tests/fixtures/receipts/codigo_fiscal_borroso.png`)."""
    short = min(gray.shape)
    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 10
    )
    k = max(3, short // 150)
    merged = cv2.morphologyEx(
        ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    )
    _, _, stats, _ = cv2.connectedComponentsWithStats(merged)
    boxes = [
        (int(x), int(y), int(w), int(h))
        for x, y, w, h, area in stats[1:]
        if short / 25 <= max(w, h) <= short / 2 and 0.6 < w / h < 1.67 and area >= 0.3 * w * h
    ]
    return sorted(boxes, key=lambda b: b[2] * b[3], reverse=True)


def fiscal_code(gray: np.ndarray) -> CodigoFiscal | None:
    """The first code on the photo that is a fiscal code of a known format, or None. A code of
    another kind (a shop's link) found first does not end the search: the fiscal code beside it
    may need a later look."""
    for found in read_codes(gray):
        for texto in found:
            if codigo := parse_fiscal(texto):
                return codigo
    return None

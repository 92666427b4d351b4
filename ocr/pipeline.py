"""decode -> preprocess -> PP-OCR, then Tesseract -> extract: image bytes in, a frozen
`ReceiptReading` out.

`read_receipt` raises only `OcrError` subclasses (ocr/errors.py).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import math
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from ocr import ppocr
from ocr.barcodes import fiscal_code
from ocr.config import PPOCR_PASS, OcrConfig
from ocr.decode import DecodedImage, decode_image
from ocr.errors import OcrTiempoAgotado
from ocr.extract import extract_receipt, total_is_settled
from ocr.fiscal import CodigoFiscal
from ocr.hashing import perceptual_hash, sha256_hex
from ocr.preprocess import Crop, Geometry, PassImage, analyse_geometry, build_passes, to_gray
from ocr.quality import hopeless, judge, measure
from ocr.result import Box, ReceiptReading, Word
from ocr.tesseract import Line, read_lines

__all__ = ["OcrConfig", "ocr_passes", "read_receipt"]

# glibc's malloc_trim (Linux, the only platform the service runs on); None elsewhere.
_LIBC = ctypes.CDLL(ctypes.util.find_library("c")) if sys.platform == "linux" else None

logger = logging.getLogger(__name__)


def read_receipt(data: bytes, config: OcrConfig | None = None) -> ReceiptReading:
    try:
        return _read(data, config or OcrConfig())
    finally:
        _give_back_memory()


def _give_back_memory() -> None:
    """Return freed heap to the system after a read. The images and onnxruntime's tensors are
    freed, but glibc keeps the pages: a worker reading one receipt after another grew ~140 MB
    above what one read needs (bench/ocr_memory.py --folders)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _read(data: bytes, config: OcrConfig) -> ReceiptReading:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with _timed(timings, "decode"):
        decoded, escala = _decoded(data, config)
    with _timed(timings, "geometry"):
        gray = to_gray(decoded.rgb)
        geometry = analyse_geometry(gray)
    with _timed(timings, "quality"):
        metrics = measure(gray, geometry.text_height)
        fingerprint = perceptual_hash(gray)
    with _timed(timings, "codes"):
        codigo = fiscal_code(gray)
    # A photo that will be sent back for a retake gets one pass only: its reading is kept as
    # evidence, and the noise in such photos makes Tesseract slow.
    names = config.passes[:1] if hopeless(metrics) else config.passes
    with _workdir() as workdir:
        pass_lines = ocr_passes(
            gray,
            geometry,
            replace(config, passes=names),
            workdir,
            timings,
            deadline=started + config.budget if config.budget else None,
        )
    with _timed(timings, "extract"):
        found = extract_receipt(pass_lines, config)
    quality = judge(metrics, total_read=found.total is not None or codigo is not None)
    timings["total"] = time.perf_counter() - started
    logger.info(
        "receipt read: total=%s confidence=%.2f tubos=%s quality_ok=%s in %.2fs",
        found.total,
        found.total_confidence,
        found.tubos,
        quality.ok,
        timings["total"],
    )
    reading = _reading(data, decoded, found, quality, fingerprint, timings)
    reading = scaled_boxes(reading, escala) if escala != 1 else reading
    return with_fiscal_code(reading, codigo) if codigo else reading


def _reading(data, decoded, found, quality, fingerprint: str, timings) -> ReceiptReading:
    return ReceiptReading(
        text=found.text,
        words=found.words,
        total=found.total,
        total_box=found.total_box,
        total_confidence=found.total_confidence,
        total_motivo=found.total_motivo,
        fecha=found.fecha,
        comercio=found.comercio,
        items=found.items,
        tubos=found.tubos,
        quality=quality,
        timings={k: round(v, 4) for k, v in timings.items()},
        sha256=sha256_hex(data),
        perceptual_hash=fingerprint,
        width=decoded.width,
        height=decoded.height,
        mime=decoded.mime,
        candidates=found.candidates,
    )


# Photos above this many pixels are read scaled down to it: the full size does not read better
# (text on such photos is far taller than Tesseract needs), and the float images of the geometry
# and quality steps on 40 Mpx took a worker to ~740 MB; at 12 Mpx, with PP-OCR's models loaded,
# still 588 MB; at 8 Mpx, 466 MB (bench/ocr_memory.py, docs/benchmarks.md).
LECTURA_MAXIMA = 8_000_000


def _decoded(data: bytes, config: OcrConfig) -> tuple[DecodedImage, float]:
    """The photo at most LECTURA_MAXIMA pixels, and how many original pixels one of its is."""
    decoded = decode_image(
        data, max_bytes=config.max_bytes, max_pixels=config.max_pixels, reduce_to=LECTURA_MAXIMA
    )
    pequena = bounded(decoded.rgb)
    # The full-size array is freed when `decoded` is replaced.
    return replace(decoded, rgb=pequena), decoded.width / pequena.shape[1]


def bounded(rgb: np.ndarray) -> np.ndarray:
    """The photo at most LECTURA_MAXIMA pixels (itself when it is no larger)."""
    alto, ancho = rgb.shape[:2]
    if alto * ancho <= LECTURA_MAXIMA:
        return rgb
    factor = math.sqrt(LECTURA_MAXIMA / (alto * ancho))
    tamano = (max(1, int(ancho * factor)), max(1, int(alto * factor)))
    return cv2.resize(rgb, tamano, interpolation=cv2.INTER_AREA)


def scaled_boxes(reading: ReceiptReading, escala: float) -> ReceiptReading:
    """Boxes read on the scaled photo, back in the original photo's pixels (the review desk
    outlines the total on the original)."""

    def caja(box: Box | None) -> Box | None:
        if box is None:
            return None
        return Box(*(round(v * escala) for v in box.to_list()))

    palabras = tuple(replace(w, box=caja(w.box)) for w in reading.words)
    return replace(reading, words=palabras, total_box=caja(reading.total_box))


def with_fiscal_code(reading: ReceiptReading, codigo: CodigoFiscal) -> ReceiptReading:
    """A fiscal code settles the total and the date: the printed text can be misread, the
    code's content cannot. The outline stays where the text read the same total."""
    misma = reading.total == codigo.total
    return replace(
        reading,
        total=codigo.total,
        total_box=reading.total_box if misma else None,
        total_confidence=1.0,
        total_motivo="",
        fecha=codigo.fecha or reading.fecha,
        codigo_fiscal=codigo,
    )


def ocr_passes(
    gray: np.ndarray,
    geometry: Geometry,
    config: OcrConfig,
    workdir: Path,
    timings: dict[str, float] | None = None,
    *,
    until_settled: bool = True,
    deadline: float | None = None,
) -> dict[str, list[Line]]:
    """The configured passes read by Tesseract, their lines mapped back to original pixels.

    Stops as soon as the passes read so far settle a well-supported total (the later passes
    changed no answer then on the dev set, see docs/benchmarks.md), or, once one pass is read,
    when `deadline` (time.perf_counter) has passed. A pass that times out is skipped: the others
    may still read the receipt."""
    timings = {} if timings is None else timings
    results: dict[str, list[Line]] = {}
    passes = build_passes(gray, geometry, config.passes, lambda: text_region(results, geometry))
    for position, name in enumerate(config.passes):
        if until_settled and results and total_is_settled(results, config.palabras_tubo):
            break
        if results and deadline is not None and time.perf_counter() >= deadline:
            logger.info("OCR budget spent: passes %s not read", config.passes[position:])
            break
        with _timed(timings, f"preprocess_{name}"):
            image = next(passes)
        with _timed(timings, _recognizer(image.name) + f"_{image.name}"):
            try:
                lines = _read_pass(image, config, workdir)
            except OcrTiempoAgotado:
                logger.warning(
                    "tesseract pass %s timed out after %ss; skipped", name, config.timeout
                )
                continue
        results[image.name] = [_to_original(line, image.to_original) for line in lines]
    return results


def _recognizer(pass_name: str) -> str:
    return "ppocr" if pass_name == PPOCR_PASS else "tesseract"


def _read_pass(image: PassImage, config: OcrConfig, workdir: Path) -> list[Line]:
    if image.name == PPOCR_PASS:
        return ppocr.read_lines(image.image)
    return read_lines(
        image.image, workdir=workdir, name=image.name, lang=config.lang, timeout=config.timeout
    )


# Words read this surely are text, not texture; the region keeps this many text heights
# around them, so a faint line next to the block (a total printed lighter) stays in.
_REGION_CONFIDENCE = 70.0
_REGION_MIN_WORDS = 8
_REGION_MARGIN_HEIGHTS = 4.0
# Cropping less than this share of the page saves nothing worth the risk.
_REGION_MIN_SAVING = 0.15


def text_region(results: dict[str, list[Line]], geometry: Geometry) -> Crop | None:
    """The part of the rectified page holding the confident words read so far, or None."""
    corners = [
        corner
        for lines in results.values()
        for line in lines
        for word in line.words
        if word.confidence >= _REGION_CONFIDENCE and sum(ch.isalnum() for ch in word.text) >= 2
        for corner in _corners(word.box)
    ]
    if len(corners) < 4 * _REGION_MIN_WORDS:
        return None
    xy = _project(corners, geometry.to_page)
    margin = _REGION_MARGIN_HEIGHTS * geometry.text_height
    width, height = geometry.page_size
    left, top = (max(0, int(v - margin)) for v in xy.min(axis=0))
    right, bottom = (
        int(min(width, xy[:, 0].max() + margin)),
        int(min(height, xy[:, 1].max() + margin)),
    )
    if right <= left or bottom <= top:
        return None
    if (right - left) * (bottom - top) > (1 - _REGION_MIN_SAVING) * width * height:
        return None
    return left, top, right, bottom


def _corners(box: Box) -> list[tuple[int, int, int]]:
    right, bottom = box.left + box.width, box.top + box.height
    return [(box.left, box.top, 1), (right, box.top, 1), (right, bottom, 1), (box.left, bottom, 1)]


def _project(points: list[tuple[int, int, int]], matrix: np.ndarray) -> np.ndarray:
    """Homogeneous points through a 3x3 matrix (a perspective one too): x, y per point."""
    mapped = np.array(points, dtype=np.float64) @ matrix.T
    return mapped[:, :2] / mapped[:, 2:3]


def _to_original(line: Line, matrix: np.ndarray) -> Line:
    return Line(tuple(Word(w.text, w.confidence, _map_box(w.box, matrix)) for w in line.words))


def _map_box(box: Box, matrix: np.ndarray) -> Box:
    xy = _project(_corners(box), matrix)
    left, top = np.floor(xy.min(axis=0)).astype(int)
    right, bottom = np.ceil(xy.max(axis=0)).astype(int)
    return Box(int(left), int(top), int(right - left), int(bottom - top))


@contextmanager
def _workdir() -> Iterator[Path]:
    # Our own folder for Tesseract's input and output files, removed even when a call fails.
    with tempfile.TemporaryDirectory(prefix="salesbot-ocr-") as name:
        yield Path(name)


@contextmanager
def _timed(timings: dict[str, float], step: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[step] = timings.get(step, 0.0) + time.perf_counter() - started

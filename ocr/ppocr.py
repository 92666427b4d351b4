"""PP-OCR (PaddleOCR's v4 detection and recognition models, Apache-2.0) through RapidOCR on
onnxruntime: the second recognizer. The models ship inside the `rapidocr-onnxruntime` wheel;
nothing is downloaded.

PP-OCR finds text segments (a label, an amount), not rows: segments on the same printed row
are joined into one Line, so "TOTAL" and "$1,500.00" a column apart are one line as Tesseract
reads them, and every rule downstream reads both recognizers alike.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache

import numpy as np
from rapidocr_onnxruntime import RapidOCR

from ocr.result import Box, Word
from ocr.tesseract import Line

# One thread per session: a worker reads one receipt at a time on a machine whose other cores
# serve the web and the database; onnxruntime's default (a thread per core) made each read
# slower under that load and multiplies the arena's memory.
_THREADS = 1
_DETECTOR_MIN_SIDE = 320
_MAX_SIDE = 1280
# Segments whose vertical centres are this many of their heights apart are on different rows.
_SAME_ROW = 0.5


# PP-OCR reads the gap between a label and its amount as nothing at all ("Total:RM8.50",
# "TOTAL$1,500.00"): a space goes back where letters or a colon meet an amount with cents.
_GLUED_AMOUNT = re.compile(r"(?<=[A-Za-z:])(?=(?:RM|\$)?\d{1,3}(?:[.,]\d{3})*[.,]\d{2}(?!\d))")

# ... and between a date and its time: "07-02-2419:49" is 07-02-24 19:49, "31-OCT-202421:21"
# is 31-OCT-2024 21:21.
_GLUED_TIME = re.compile(r"(\b\d{1,2}[-/.][0-9A-Za-z]{2,3}[-/.](?:\d{4}|\d{2}))(\d{1,2}:\d{2})")


@cache
def _engine() -> RapidOCR:
    # Loaded once per process (three models, ~1 s); the models come from the wheel.
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return RapidOCR(
        intra_op_num_threads=_THREADS,
        inter_op_num_threads=_THREADS,
        # The page comes at PP-OCR's character height already (ocr/preprocess.py): the
        # detector's default, enlarging the short side to 736 px, only cost time and memory
        # (a 461 px wide receipt: 0.81 s and ~450 MB of detector vs 0.26 s and ~130 MB).
        det_limit_side_len=_DETECTOR_MIN_SIDE,
        # The detector's memory grows with its input's pixels: a long receipt scanned at 35 Mpx
        # took a worker to 713 MB at the default 2000 px, 497 MB at 1280 (bench/ocr_memory.py).
        max_side_len=_MAX_SIDE,
    )


def read_lines(gray: np.ndarray) -> list[Line]:
    """The receipt's rows as PP-OCR reads them, top to bottom, in `gray`'s pixels."""
    image = np.dstack([gray] * 3) if gray.ndim == 2 else gray
    # No direction classifier: the page is already upright (ocr/preprocess.py rectifies it),
    # and the classifier turned some segments over ("$0.00" read as "00:03", "JOHOR" as
    # "OHOC"); without it the check receipts' exact totals rose 80.3 -> 81.0 % (replayed,
    # docs/benchmarks.md), and each read saves ~35 ms.
    found, _ = _engine()(image, use_cls=False)
    slope = _slope([quad for quad, _, _ in found or []])
    segments = [_segment(quad, text, score) for quad, text, score in found or []]
    rows = _rows([s for s in segments if s], slope)
    return [Line(tuple(w for s in row for w in s)) for row in rows]


def _slope(quads) -> float:
    """How much the printed rows climb per pixel across (a photo taken at a slant): the median
    of the long segments' top edges. Rows are grouped along it, so an amount at the right end
    of a tilted row stays with its label."""
    slopes = []
    for quad in quads:
        (x0, y0), (x1, y1), _, (_, y3) = np.asarray(quad, dtype=np.float64)
        if x1 - x0 > 3 * abs(y3 - y0):
            slopes.append((y1 - y0) / (x1 - x0))
    return float(np.median(slopes)) if slopes else 0.0


def _segment(quad, text: str, score: float) -> tuple[Word, ...]:
    """One detected segment as words, each with its share of the segment's box (by characters:
    receipts print in a monospaced or near-monospaced font)."""
    points = np.asarray(quad, dtype=np.float64)
    left, top = np.floor(points.min(axis=0)).astype(int)
    right, bottom = np.ceil(points.max(axis=0)).astype(int)
    width, height = max(1, right - left), max(1, bottom - top)
    # The model reads Chinese too and answers with full-width marks ("1，500.00"): NFKC folds
    # them to ASCII.
    text = unicodedata.normalize("NFKC", text)
    text = _GLUED_TIME.sub(r"\1 \2", _GLUED_AMOUNT.sub(" ", text))
    tokens = text.split()
    if not tokens:
        return ()
    per_char = width / max(1, len(text))
    words, offset = [], 0
    for token in tokens:
        start = text.index(token, offset)
        offset = start + len(token)
        box = Box(
            int(left + start * per_char),
            int(top),
            max(1, round(len(token) * per_char)),
            int(height),
        )
        words.append(Word(token, round(float(score) * 100, 1), box))
    return tuple(words)


def _rows(segments: list[tuple[Word, ...]], slope: float = 0.0) -> list[list[tuple[Word, ...]]]:
    """Segments grouped into printed rows, each row left to right, rows top to bottom."""
    rows: list[tuple[float, float, list[tuple[Word, ...]]]] = []  # (centre, height, segments)
    for segment in sorted(segments, key=lambda s: _centre(s, slope)[0]):
        centre, height = _centre(segment, slope)
        for i, (row_centre, row_height, members) in enumerate(rows):
            if abs(centre - row_centre) <= _SAME_ROW * min(height, row_height) and not any(
                _overlap(segment, other) for other in members
            ):
                members.append(segment)
                rows[i] = (row_centre, row_height, members)
                break
        else:
            rows.append((centre, height, [segment]))
    return [sorted(members, key=lambda s: s[0].box.left) for _, _, members in rows]


def _centre(segment: tuple[Word, ...], slope: float = 0.0) -> tuple[float, float]:
    """The segment's centre height as if the row were level, and its text's own height."""
    box = Box.around(w.box for w in segment)
    x, y = box.left + box.width / 2, box.top + box.height / 2
    return y - slope * x, max(1.0, box.height - abs(slope) * box.width)


def _overlap(a: tuple[Word, ...], b: tuple[Word, ...]) -> bool:
    a_box, b_box = Box.around(w.box for w in a), Box.around(w.box for w in b)
    overlap = min(a_box.left + a_box.width, b_box.left + b_box.width) - max(a_box.left, b_box.left)
    return overlap > 0.3 * min(a_box.width, b_box.width)

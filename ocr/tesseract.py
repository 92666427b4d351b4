"""Tesseract through pytesseract, in a temporary folder the pipeline owns.

Each call writes the pass image and reads Tesseract's TSV from that folder: nothing is left in
the system's temp directory, and a crash or timeout leaves nothing behind either.
"""

from __future__ import annotations

import csv
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytesseract
from pytesseract import pytesseract as tesseract_module

from ocr.errors import OcrNoDisponible, OcrTiempoAgotado
from ocr.result import Box, Word

# On 2 cores Tesseract's default OpenMP threading makes each call 3-4x slower, with identical
# output; one thread per process is also what a worker sharing the machine should use.
os.environ["OMP_THREAD_LIMIT"] = "1"


@dataclass(frozen=True)
class Line:
    """One text line as Tesseract grouped it, in the pass image's pixels."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def box(self) -> Box:
        return Box.around(w.box for w in self.words)


def read_lines(
    image: np.ndarray, *, workdir: Path, name: str, lang: str, psm: int = 6, timeout: int = 60
) -> list[Line]:
    source = workdir / f"{name}.png"
    # PNG level 1: a fast lossless write; Tesseract (Leptonica) reads it directly.
    cv2.imwrite(str(source), image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    output_base = workdir / name
    # DPI 300 tells Tesseract the scale we already chose; without it it guesses 70 dpi and
    # warns on every call.
    config = f"--psm {psm} --dpi 300 -c tessedit_create_tsv=1"
    try:
        tesseract_module.run_tesseract(
            str(source), str(output_base), "tsv", lang, config, timeout=timeout
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrNoDisponible("tesseract binary not found") from exc
    except (pytesseract.TesseractError, subprocess.SubprocessError, OSError) as exc:
        raise OcrNoDisponible(f"tesseract failed: {exc}") from exc
    except RuntimeError as exc:  # pytesseract reports a timeout this way
        raise OcrTiempoAgotado(f"tesseract timed out after {timeout}s") from exc
    return parse_tsv(output_base.with_suffix(".tsv").read_text(encoding="utf-8", errors="replace"))


def parse_tsv(tsv: str) -> list[Line]:
    lines: dict[tuple[str, str, str, str], list[Word]] = {}
    for row in csv.DictReader(tsv.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        box = Box(int(row["left"]), int(row["top"]), int(row["width"]), int(row["height"]))
        word = Word(text=row["text"].strip(), confidence=float(row["conf"]), box=box)
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        lines.setdefault(key, []).append(word)
    return [Line(tuple(words)) for words in lines.values()]

"""Rows of text -> a clean ticket image, as a thermal printer would print it."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bench.tickets.layouts import Row

FONT_ROOT = Path("/usr/share/fonts/truetype")
PAPER, INK = 248, 25


@cache
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_ROOT / path), size)


def available(fonts: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    found = tuple(f for f in fonts if (FONT_ROOT / f[0]).exists() and (FONT_ROOT / f[1]).exists())
    if not found:
        raise SystemExit(f"none of the fonts is installed: {fonts} (see docs/benchmarks.md)")
    return found


def render(rows: list[Row], fonts: tuple[str, str], rng: random.Random) -> Image.Image:
    width = rng.choice([576, 576, 640])  # 80 mm paper at 203 dpi, or a wider printer
    margin = 18
    size = rng.randint(20, 24)
    regular, bold = fonts
    heights = [round(size * 1.3 * row.scale) for row in rows]
    image = Image.new("L", (width, sum(heights) + 2 * margin + 40), PAPER)
    draw = ImageDraw.Draw(image)
    y = margin + 20
    for row, height in zip(rows, heights, strict=True):
        font = _font(bold if row.bold else regular, round(size * row.scale))
        _draw_row(draw, row, font, width, margin, y)
        y += height
    return image


def _draw_row(draw: ImageDraw.ImageDraw, row: Row, font, width: int, margin: int, y: int) -> None:
    usable = width - 2 * margin
    if row.center:
        text = _fit(row.left, font, usable)
        draw.text(((width - draw.textlength(text, font=font)) / 2, y), text, fill=INK, font=font)
        return
    right_width = draw.textlength(row.right, font=font) if row.right else 0
    if row.right:
        draw.text((width - margin - right_width, y), row.right, fill=INK, font=font)
    space = usable - right_width - (draw.textlength("  ", font=font) if row.right else 0)
    draw.text((margin, y), _fit(row.left, font, space), fill=INK, font=font)


def _fit(text: str, font, space: float) -> str:
    # Narrow paper truncates long descriptions, as real printers do.
    while text and font.getlength(text) > space:
        text = text[:-1]
    return text.rstrip()

"""From the passes' OCR lines to what the sale needs: total, items, tubes, date, merchant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ocr.config import OcrConfig
from ocr.fields import find_date, find_merchant
from ocr.items import count_tubes, find_items
from ocr.lines import ReceiptLine, analyse_lines
from ocr.result import Box, Item, Word
from ocr.tesseract import Line
from ocr.total import choose_total, rank_totals

# The passes read so far settle the total when it scores this much and leads the next value by
# SETTLED_MARGIN. One pass needs less score because agreement between passes (0.75 a pass) is
# part of the score, but not for tubes (see total_is_settled); on the dev set stopping
# there changed no answer and saved about a third of the time (docs/benchmarks.md).
SETTLED_SCORE, SETTLED_SCORE_ONE_PASS, SETTLED_MARGIN = 5.0, 4.5, 2.0


@dataclass(frozen=True)
class Extraction:
    text: str
    words: tuple[Word, ...]
    total: Decimal | None
    total_box: Box | None
    total_confidence: float
    total_motivo: str
    fecha: date | None
    comercio: str | None
    items: tuple[Item, ...]
    tubos: int | None


def extract_receipt(pass_lines: dict[str, list[Line]], config: OcrConfig) -> Extraction:
    passes = {name: analyse_lines(lines) for name, lines in pass_lines.items()}
    choice = choose_total(passes)
    # The evidence shown is the pass the total came from (or the first pass when abstaining).
    shown = choice.pass_name or next(iter(passes), "")
    lines = passes.get(shown, [])
    items = _best_items(passes, config.palabras_tubo, choice.value)
    return Extraction(
        text="\n".join(line.text for line in lines),
        words=tuple(word for line in lines for word in line.words),
        total=choice.value,
        total_box=choice.amount.box if choice.amount else None,
        total_confidence=choice.confidence,
        total_motivo=choice.reason,
        fecha=_first(find_date(ls) for ls in _ordered(passes, shown)),
        comercio=_first(find_merchant(ls) for ls in _ordered(passes, shown)),
        items=tuple(items),
        tubos=count_tubes(items),
    )


def total_is_settled(pass_lines: dict[str, list[Line]], palabras_tubo: tuple[str, ...]) -> bool:
    passes = {name: analyse_lines(lines) for name, lines in pass_lines.items()}
    ranked = rank_totals(passes)
    one_pass = len(passes) == 1
    if not ranked or ranked[0].score < (SETTLED_SCORE_ONE_PASS if one_pass else SETTLED_SCORE):
        return False
    if len(ranked) > 1 and ranked[0].score - ranked[1].score < SETTLED_MARGIN:
        return False
    # The tubes (the commission) come from the items, and one pass misreads a quantity now and
    # then where a second pass corrects it: one pass is enough only for a receipt without tubes.
    return not one_pass or not any(
        item.es_tubo for item in find_items(next(iter(passes.values())), palabras_tubo)
    )


def _best_items(
    passes: dict[str, list[ReceiptLine]], palabras_tubo: tuple[str, ...], total: Decimal | None
) -> list[Item]:
    """The pass whose items are most self-consistent: amounts that add up to the total, and
    quantity x price = amount on each line."""

    def score(items: list[Item]) -> tuple[int, int, int]:
        adds_up = int(total is not None and sum((i.importe or Decimal(0)) for i in items) == total)
        consistent = sum(
            1
            for i in items
            if i.precio_unitario is not None and i.importe == i.precio_unitario * i.cantidad
        )
        return adds_up, consistent, len(items)

    candidates = [find_items(lines, palabras_tubo) for lines in passes.values()]
    return max(candidates, key=score, default=[])


def _ordered(passes: dict[str, list[ReceiptLine]], first: str) -> list[list[ReceiptLine]]:
    return (
        [passes[first], *(lines for name, lines in passes.items() if name != first)]
        if passes
        else []
    )


def _first(values):
    return next((v for v in values if v is not None), None)

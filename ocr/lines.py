"""Receipt lines with their amounts and role, the common input of every extractor."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ocr import keywords as kw
from ocr.amounts import Amount, find_amounts
from ocr.keywords import line_role
from ocr.result import Box, Word
from ocr.tesseract import Line


@dataclass(frozen=True)
class PricedAmount:
    value: Decimal
    whole: bool
    words: tuple[Word, ...]  # the words the amount was read from

    @property
    def box(self) -> Box:
        return Box.around(w.box for w in self.words)


@dataclass(frozen=True)
class ReceiptLine:
    index: int
    text: str
    label: str  # the text without its amounts
    role: str | None
    amounts: tuple[PricedAmount, ...]
    position: float  # 0 at the top of the printed text, 1 at the bottom
    words: tuple[Word, ...]


# Lines that print one money figure, the receipt's total or subtotal: no quantity before it.
_TOTALS_OWN_LINES = {kw.TOTAL, kw.TOTAL_STRONG, kw.SUBTOTAL}


def analyse_lines(lines: list[Line]) -> list[ReceiptLine]:
    if not lines:
        return []
    tops = [line.box.top for line in lines]
    first, last = min(tops), max(tops)
    span = max(last - first, 1)
    analysed = []
    for index, line in enumerate(lines):
        text = line.text
        found = find_amounts(text)
        label = _without(text, found)
        role = line_role(label)
        if role in _TOTALS_OWN_LINES:
            # `TOTAL 1 500,00`: on a total's line a lone group before the amount is its thousands
            found = find_amounts(text, spaced=True)
            label = _without(text, found)
        analysed.append(
            ReceiptLine(
                index=index,
                text=text,
                label=label,
                role=role,
                amounts=tuple(_priced(line, amount) for amount in found),
                position=(line.box.top - first) / span,
                words=line.words,
            )
        )
    return analysed


def _without(text: str, amounts: list[Amount]) -> str:
    for amount in reversed(amounts):
        text = text[: amount.start] + " " + text[amount.end :]
    return text


def _priced(line: Line, amount: Amount) -> PricedAmount:
    words, offset = [], 0
    for word in line.words:
        start, end = offset, offset + len(word.text)
        if start < amount.end and end > amount.start:
            words.append(word)
        offset = end + 1  # words are joined with one space
    return PricedAmount(value=amount.value, whole=amount.whole, words=tuple(words) or line.words)

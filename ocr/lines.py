"""Receipt lines with their amounts and role, the common input of every extractor."""

from __future__ import annotations

from dataclasses import dataclass, replace
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
_TOTALS = {kw.TOTAL, kw.TOTAL_STRONG}
_CENT = Decimal("0.01")


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
    return _totals_before_an_adjustment(analysed)


def _totals_before_an_adjustment(lines: list[ReceiptLine]) -> list[ReceiptLine]:
    """A total line is the amount before an adjustment printed below it, a subtotal, when the
    adjustment takes it to the amount of a total line below that one: `TOTAL 1,600.00` /
    `DESCUENTO 100.00` / `TOTAL A PAGAR 1,500.00` (Mexican tills print it so), `Total Sales
    45.02` / `Rounding Adj -0.02` / `Total 45.00` (Malaysia's five-sen rounding). Its word TOTAL
    made it outweigh the total paid."""
    # Each adjustment with the amounts of the total lines below it, read once for all lines.
    adjustments = [
        (line.index, line.role, off, _totals_below(lines, line))
        for line in lines
        for off in adjustments_on(line)
    ]
    if not adjustments:
        return lines
    return [
        replace(line, role=kw.SUBTOTAL) if _adjusted_below(line, adjustments) else line
        for line in lines
    ]


def adjustments_on(line: ReceiptLine) -> list[Decimal]:
    """The discount or rounding a line applies, unsigned (OCR often drops a minus). A rounding
    line's amount of a unit or more is the rounded total itself ("Rounding RM 182.00")."""
    if line.role == kw.DISCOUNT:
        return [abs(value) for value in _cents(line)]
    if line.role == kw.ROUNDING:
        return [abs(value) for value in _cents(line) if abs(value) < 1]
    return []


def _adjusted_below(
    line: ReceiptLine, adjustments: list[tuple[int, str, Decimal, list[Decimal]]]
) -> bool:
    if line.role not in _TOTALS:
        return False
    return any(
        _reaches(before, role, off, paid)
        for index, role, off, below in adjustments
        if index > line.index
        for paid in below
        for before in _cents(line)
    )


def _reaches(before: Decimal, role: str, off: Decimal, paid: Decimal) -> bool:
    if role == kw.DISCOUNT:
        return abs(before - off - paid) <= _CENT
    return before != paid and abs(before - paid) == off  # rounded up or down


def _totals_below(lines: list[ReceiptLine], adjustment: ReceiptLine) -> list[Decimal]:
    return [
        value
        for line in lines[adjustment.index + 1 :]
        if line.role in _TOTALS or line.role == kw.ROUNDING
        for value in _cents(line)
        if value >= 1
    ]


def _cents(line: ReceiptLine) -> list[Decimal]:
    return [a.value for a in line.amounts if not a.whole and a.value != 0]


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

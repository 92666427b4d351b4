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
    return _totals_before_a_discount(analysed)


def _totals_before_a_discount(lines: list[ReceiptLine]) -> list[ReceiptLine]:
    """`TOTAL 1,600.00` / `DESCUENTO 100.00` / `TOTAL A PAGAR 1,500.00`: a total line whose
    amount, less a discount printed below it, is the amount of a total line below that one is
    the amount before the discount, a subtotal. Mexican tills print it so, and its word TOTAL
    made it outweigh the total paid."""
    discounts = [line for line in lines if line.role == kw.DISCOUNT and _cents(line)]
    if not discounts:
        return lines
    return [
        replace(line, role=kw.SUBTOTAL) if _before_a_discount(line, lines, discounts) else line
        for line in lines
    ]


def _before_a_discount(
    line: ReceiptLine, lines: list[ReceiptLine], discounts: list[ReceiptLine]
) -> bool:
    if line.role not in _TOTALS:
        return False
    return any(
        abs(before - abs(off) - paid) <= _CENT
        for discount in discounts
        if discount.index > line.index
        for paid in _totals_below(lines, discount)
        for before in _cents(line)
        for off in _cents(discount)
    )


def _totals_below(lines: list[ReceiptLine], discount: ReceiptLine) -> list[Decimal]:
    return [
        value
        for line in lines[discount.index + 1 :]
        if line.role in _TOTALS
        for value in _cents(line)
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

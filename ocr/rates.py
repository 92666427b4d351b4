"""A tax table's per-rate lines ("Total 6% supplies (Inc. GST) 14.10", "Total 16% 74,40"): a
summary of one rate, not the receipt's total, though TOTAL is on the line; together, tax
included, they add up to it."""

from __future__ import annotations

import re
from decimal import Decimal

from ocr import keywords as kw
from ocr.lines import ReceiptLine

# A rate, its zero perhaps read as a letter ("Total o% supplies").
_PERCENT = re.compile(r"(?:\d|\b[Oo])\s?%")
# The rate of the tax a total includes ("TOTAL IVA 16% INCLUIDO"), not a per-rate summary.
_TAX_RATE = re.compile(
    r"\b(?:I\.?\s?V\.?\s?A|IGV|GST|VAT|ITBMS)\.?\s*(?:INC\w*\.?\s*)?\(?\d+(?:[.,]\d+)?\s?%",
    re.IGNORECASE,
)
_TOTALS = (kw.TOTAL, kw.TOTAL_STRONG)


def per_rate_line(label: str) -> bool:
    """A rate on the line that is not the rate of a tax named before it, or the "supplies" of
    a Malaysian GST summary (standard-rated, zero-rated supplies), whose rate the OCR may have
    garbled (`Total e% supplies`)."""
    # Most lines print no rate: they skip the substitution, run on every line of every pass.
    if "%" in label and _PERCENT.search(_TAX_RATE.sub("", label)):
        return True
    return kw.mentions(label, "SUPPLIES")


def rates_added_up(lines: list[ReceiptLine]) -> Decimal | None:
    """The sum of the per-rate totals, tax included, when there are several: `Total 0% supplies
    54.31` + `Total 6% supplies (Inc. GST) 14.10` = `Total Payable 68.41`. The rates' bases
    ("excl. GST") are EXCLUSIVE lines, not among them."""
    values = {
        amount.value
        for line in lines
        if line.role in _TOTALS and per_rate_line(line.label)
        for amount in line.amounts
        if not amount.whole
    }
    return sum(values) if len(values) >= 2 else None

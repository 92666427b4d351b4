"""A tax table's per-rate lines ("Total 6% supplies (Inc. GST) 14.10", "Total 16% 74,40"): a
summary of one rate, not the receipt's total, though TOTAL is on the line."""

from __future__ import annotations

import re

from ocr import keywords as kw

_PERCENT = re.compile(r"\d\s?%")
# The rate of the tax a total includes ("TOTAL IVA 16% INCLUIDO"), not a per-rate summary.
_TAX_RATE = re.compile(
    r"\b(?:I\.?\s?V\.?\s?A|IGV|GST|VAT|ITBMS)\.?\s*(?:INC\w*\.?\s*)?\(?\d+(?:[.,]\d+)?\s?%",
    re.IGNORECASE,
)


def per_rate_line(label: str) -> bool:
    """A rate on the line that is not the rate of a tax named before it, or the "supplies" of
    a Malaysian GST summary (standard-rated, zero-rated supplies), whose rate the OCR may have
    garbled (`Total e% supplies`)."""
    # Most lines print no rate: they skip the substitution, run on every line of every pass.
    if "%" in label and _PERCENT.search(_TAX_RATE.sub("", label)):
        return True
    return kw.mentions(label, "SUPPLIES")

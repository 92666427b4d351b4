"""CSV for spreadsheets, safe to open in Excel or LibreOffice.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
(OWASP, "CSV Injection"): a seller named `=HYPERLINK(...)`, or a client `-5`, would run as
one. Such text cells get a leading apostrophe, which spreadsheets hide and which makes them
text. Numbers stay numbers: only `str` cells are touched, so amounts are written as `Decimal`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def amount(value: Decimal | None) -> Decimal | str:
    """An amount with two decimals and a dot whatever the locale (payroll tools parse it)."""
    return "" if value is None else Decimal(value).quantize(Decimal("0.01"))


def write_rows(out, rows: Iterable[Iterable[Any]]) -> None:
    """Write `rows` to the file-like `out` as CSV, every text cell made safe."""
    writer = csv.writer(out)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)

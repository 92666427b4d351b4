"""The receipt's date and the merchant's name, when they can be read."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ocr.keywords import ascii_upper, normalise_words
from ocr.lines import ReceiptLine

_MONTHS = {
    "ENE": 1,
    "JAN": 1,
    "FEB": 2,
    "MAR": 3,
    "ABR": 4,
    "APR": 4,
    "MAY": 5,
    "JUN": 6,
    "JUL": 7,
    "AGO": 8,
    "AUG": 8,
    "SEP": 9,
    "SET": 9,
    "OCT": 10,
    "OKT": 10,
    "NOV": 11,
    "DIC": 12,
    "DEC": 12,
    "DEZ": 12,
}
_NUMERIC = re.compile(r"(?<!\d)(\d{1,4})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{2,4})(?!\d)")
_MONTH = r"(?P<month>" + "|".join(_MONTHS) + r")"
_NAMED = (
    # "05-DIC-2026", "5/dic/26", and as invoices write it, "5 de diciembre del 2026".
    re.compile(
        r"(?<!\d)(?P<day>\d{1,2})[\s/.-]*(?:DE\s+)?"
        + _MONTH
        + r"[A-Z]*\.?[\s/.-]*(?:DEL?\s+)?(?P<year>\d{2,4})(?!\d)"
    ),
    # Month first: "DIC 05, 2026", "Dec 5 2026" (MARTES, Tuesday, is no month).
    re.compile(
        r"(?<![A-Z])"
        + _MONTH
        + r"(?!TES)[A-Z]*\.?\s?(?P<day>\d{1,2}),?\s+(?P<year>\d{4}|\d{2})(?![\d:])"
    ),
)
# Lines that sit at the top of a receipt but are not the merchant's name.
_NOT_MERCHANT = re.compile(
    r"\b(RFC|TEL|TELEFONO|FECHA|DATE|TICKET|FOLIO|CAJA|CAJERO|SUCURSAL|DIRECCION|CALLE|AV|COL|"
    r"C\.?P|CP|GST|REG|NO|INVOICE|FACTURA|RECIBO|RECEIPT|WELCOME|BIENVENIDO|HORA|TIME)\b"
)


def find_date(lines: list[ReceiptLine], today: date | None = None) -> date | None:
    """The first plausible date printed, read day-first as in Mexico and Europe; month-first
    when the day-first reading is impossible (`12/31/2024`) or after today.

    A date up to today comes first: a later one is often a coupon's or a warranty's term
    («VIGENCIA 31/12/2027»). Only on a receipt with no earlier date is a later one (within
    a year) its date, so that a ticket dated after the sale can be sent to review.
    """
    latest = today or date.today()
    found = [d for line in lines for d in _dates(line.text, latest + FUTURE_WINDOW)]
    return next((d for d in found if d <= latest), None) or next(iter(found), None)


# How far ahead a date printed on a receipt is still taken for one, not a misread number.
FUTURE_WINDOW = timedelta(days=366)


def _dates(line: str, latest: date):
    text = ascii_upper(line)
    for pattern in _NAMED:
        for match in pattern.finditer(text):
            year, day = int(match["year"]), int(match["day"])
            named = _make(year, _MONTHS[match["month"][:3]], day, latest)
            if named:
                yield named
    for match in _NUMERIC.finditer(text):
        first, second, third = match.groups()
        if len(first) == 4:
            readings = [(int(first), int(second), int(third))]
        else:  # day-first, then month-first: a later step keeps the first one up to today
            readings = [
                (int(third), int(second), int(first)),
                (int(third), int(first), int(second)),
            ]
        yield from filter(None, (_make(*reading, latest) for reading in readings))


def _make(year: int, month: int, day: int, latest: date) -> date | None:
    if year < 100:
        year += 2000
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    # Not older than the shops that print receipts here, nor far ahead.
    return found if date(2000, 1, 1) <= found <= latest else None


def find_merchant(lines: list[ReceiptLine]) -> str | None:
    """The first line near the top that reads like a name: mostly letters, no address or tax id."""
    for line in lines[:6]:
        text = line.text.strip(" -*=_.|'\"")
        letters = sum(ch.isalpha() for ch in text)
        words = normalise_words(text)
        if letters < 4 or letters < 0.6 * len(text.replace(" ", "")) or len(words) > 6:
            continue
        if line.amounts or _NOT_MERCHANT.search(" ".join(words)):
            continue
        # Tesseract reads borders and logos as short junk words; a name has a word of 3+ letters.
        if not any(len(w) >= 3 and w.isalpha() for w in words):
            continue
        return " ".join(text.split())
    return None


def merchant_key(comercio: str | None) -> str | None:
    """A comparison key for a merchant's name: upper-case letters and digits only."""
    if not comercio:
        return None
    key = "".join(normalise_words(comercio))
    return key or None

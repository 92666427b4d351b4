"""Money amounts as printed: US `1,500.00`, LatAm/European `1.500,00`, plain `1500.00`/`1500,00`,
Swiss `1'500.00`, grouped by spaces after a currency sign (`$ 1 500.00`), and whole-unit totals
such as `224,400` (IDR) or `$1,500` (MXN, no cents).

OCR noise is tolerated where it is unambiguous: `O`/`o` for 0 and `l`/`I` for 1 inside a number,
a space after the decimal point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Characters Tesseract puts for digits inside a number (ocr/items.py reads quantities with them).
DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1"})
# Digits Tesseract and PP-OCR take for one another on a photographed receipt: a digit read, and
# the digits it may have been printed as.
DIGIT_TWINS = {"0": "8", "8": "036", "3": "8", "6": "85", "5": "6", "1": "7", "7": "1", "9": "8"}

_CENTS = re.compile(
    r"""
    (?P<int>\d{1,3}(?:(?P<sep>[,.'’])\s?\d{3})(?:(?P=sep)\s?\d{3})*|\d+)  # 1,500 / 1.500 / 1'500
    (?P<dec>[.,])\s?(?P<cents>\d{2})                              # .00 / ,00 (a stray space too)
    """,
    re.VERBOSE,
)
_WHOLE = re.compile(r"(?P<int>\d{1,3}(?:(?P<sep>[,.])\d{3})(?:(?P=sep)\d{3})*)")

# A candidate token inside a line: digits with separators, optional lookalike letters, and an
# optional minus; lookarounds keep it away from dates (12.05.2024), times, codes and percentages.
_TOKEN = re.compile(
    r"""
    # `TOTAL1,500.00` and `TOTAL....16,70` (dot leaders) are common in OCR output.
    (?:(?<=[A-Za-z]{3})(?=\d)|(?<=\.\.)(?=\d)|(?<![\w.,/:-]))
    (?P<neg>-\s?)?
    # `S1,500.00`: Tesseract reads a dollar sign glued to the digits as an S.
    (?P<cur>[$€£¥]|RM|MXN|EUR|USD|S/\.?|S(?=\d)|Q|Rp\.?)?\s?
    # A space may follow a separator (`$13, 411.29`: Tesseract splits bold digits there).
    (?P<num>[\dOoIl|](?:[\dOoIl|.,'’]|(?<=[.,'’])\s(?=\d))*[\dOo])
    (?P<trail>-)?
    # Glued to a letter it is a code, unless the letters are the currency (`1,500.00M.N.`).
    (?!(?!(?:M\.?N|MXN|EUR|USD)\b)[\w%/:]|[.,]\d)
    """,
    re.VERBOSE,
)


# `$ 1 500.00`: thousands grouped by spaces, as some tills print them (and the RAE advises).
# After a currency sign, or on a total's own line (`spaced`): elsewhere an item's `3 500.00` is
# three at 500.00.
_SPACED_GROUPS = re.compile(r"[$€]\s?(?P<groups>\d{1,3}(?: \d{3})*) $")
_SPACED_GROUPS_ANYWHERE = re.compile(r"(?<![\d.,])(?P<groups>\d{1,3}(?: \d{3})*) $")
_PLAIN_WHOLE = re.compile(r"[1-9]\d{0,6}")
_DIGIT_AFTER = re.compile(r" ?\d")
_THREE_DIGITS_AND_CENTS = re.compile(r"\d{3}[.,]\s?\d{2}")


@dataclass(frozen=True)
class Amount:
    value: Decimal
    start: int  # character span in the line text
    end: int
    whole: bool  # written without cents (`224,400`): weaker evidence of money


def parse_amount(text: str) -> Decimal | None:
    """The value of one printed amount with cents, or None when the text is not one."""
    cleaned = text.strip().translate(DIGIT_LOOKALIKES)
    match = _CENTS.fullmatch(cleaned)
    if not match:
        return None
    _sep, _dec = match.group("sep"), match.group("dec")
    # `1,455,20` / `1.500.00`: the same mark twice is a misread decimal mark when the groups
    # before it are proper thousands (whole-unit `224,400` has three digits at the end).
    digits = re.sub(r"[,.'’\s]", "", match.group("int"))
    try:
        return Decimal(f"{digits}.{match.group('cents')}")
    except InvalidOperation:
        return None


def parse_whole_amount(text: str) -> Decimal | None:
    """A whole-unit amount written with thousands separators (`224,400`, `1.500`)."""
    match = _WHOLE.fullmatch(text.strip().translate(DIGIT_LOOKALIKES))
    if not match:
        return None
    return Decimal(re.sub(r"[,.]", "", match.group("int")))


def find_amounts(line: str, *, spaced: bool = False) -> list[Amount]:
    """The amounts printed on `line`; with `spaced`, digits grouped by spaces are one amount
    even without a currency sign before them (`TOTAL 1 500,00`)."""
    found = []
    for match in _TOKEN.finditer(line):
        number = match.group("num")
        if (
            not any(ch.isdigit() for ch in number)
            or sum(ch.isdigit() for ch in number) < len(number) / 2
        ):
            continue
        value, whole = parse_amount(number), False
        if value is None:
            value, whole = parse_whole_amount(number), True
        if value is None and _whole_after_a_sign(match, line):
            value = Decimal(number)  # `TOTAL $1500`: whole pesos, the sign says it is money
        if value is None:
            continue
        start = match.start("num")
        groups = _spaced_groups(line[: match.start()], number, spaced)
        if groups is not None:
            value = Decimal(groups.group("groups").replace(" ", "")) * 1000 + value
            start = groups.start("groups")
        if match.group("neg") or match.group("trail"):
            value = -value
        found.append(Amount(value=value, start=start, end=match.end("num"), whole=whole))
    return found


def _whole_after_a_sign(match: re.Match, line: str) -> bool:
    """Plain digits right after `$` or `€`, not the first group of `$ 12 345,67`."""
    return (
        match.group("cur") in ("$", "€")
        and _PLAIN_WHOLE.fullmatch(match.group("num")) is not None
        and not _DIGIT_AFTER.match(line, match.end())
    )


def _spaced_groups(before: str, number: str, anywhere: bool) -> re.Match | None:
    """The thousands printed before `number` with spaces between (`$ 1 500.00`), or None."""
    if not _THREE_DIGITS_AND_CENTS.fullmatch(number):
        return None
    return (_SPACED_GROUPS_ANYWHERE if anywhere else _SPACED_GROUPS).search(before)


def format_amount(value: Decimal, style: str) -> str:
    """Print `value` as a receipt would: style `us` (1,500.00), `eu` (1.500,00) or `plain`."""
    text = f"{value:,.2f}"
    if style == "eu":
        return text.replace(",", "_").replace(".", ",").replace("_", ".")
    if style == "plain":
        return text.replace(",", "")
    return text


def twin_readings(digits: str) -> set[str]:
    """`digits` with one digit taken for one of its twins, every way it can be ("18": "10",
    "78"): what the printed digits may have been."""
    return {
        digits[:i] + twin + digits[i + 1 :]
        for i, digit in enumerate(digits)
        for twin in DIGIT_TWINS.get(digit, "")
    }


def misread_twins(first: Decimal, second: Decimal) -> bool:
    """Could one amount be the other read with one digit taken for its twin (327.96 and 321.96,
    37.01 and 37.81)?"""
    a, b = f"{first:.2f}", f"{second:.2f}"
    return b in twin_readings(a) or a in twin_readings(b)

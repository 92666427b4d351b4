"""The total written in words, as Mexican tills and invoices print it under the figures:
`(MIL SETECIENTOS NOVENTA Y UN PESOS 24/100 M.N.)`, the "importe con letra".

The words are a second printing of the total that a misread digit cannot touch, so a value
they state and a total line's amount agree on is evidence (ocr/total.py). Parsed strictly: the
number words must follow Spanish grammar (hundreds, then tens, "y", units, in groups before
MIL and MILLONES), and the cents come as `NN/100`. Anything else states no amount.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ocr.keywords import ascii_upper

_UNITS = ("UNO", "DOS", "TRES", "CUATRO", "CINCO", "SEIS", "SIETE", "OCHO", "NUEVE")
_TEN_TO_TWENTY_NINE = (
    ("DIEZ", "ONCE", "DOCE", "TRECE", "CATORCE", "QUINCE"),
    ("DIECISEIS", "DIECISIETE", "DIECIOCHO", "DIECINUEVE", None, "VEINTIUNO", "VEINTIDOS"),
    ("VEINTITRES", "VEINTICUATRO", "VEINTICINCO", "VEINTISEIS", "VEINTISIETE", "VEINTIOCHO"),
    ("VEINTINUEVE",),
)
_TENS = ("VEINTE", "TREINTA", "CUARENTA", "CINCUENTA", "SESENTA", "SETENTA", "OCHENTA", "NOVENTA")
_HUNDREDS = ("CIENTO", "DOSCIENTOS", "TRESCIENTOS", "CUATROCIENTOS", "QUINIENTOS")
_HUNDREDS += ("SEISCIENTOS", "SETECIENTOS", "OCHOCIENTOS", "NOVECIENTOS")


def _number_words() -> dict[str, tuple[int, int]]:
    """Each number word: (value, place). Places within a group of three digits: 3 hundreds,
    2 tens, 1 units, and 0 for DIEZ to VEINTINUEVE (but VEINTE), which fill tens and units at
    once. A group's words come in falling place."""
    words = {word: (value, 1) for value, word in enumerate(_UNITS, start=1)}
    words |= {"UN": (1, 1), "UNA": (1, 1), "VEINTIUN": (21, 0), "VEINTIUNA": (21, 0)}
    teens = [word for row in _TEN_TO_TWENTY_NINE for word in row]
    words |= {word: (value, 0) for value, word in enumerate(teens, start=10) if word}
    words |= {word: (value * 10, 2) for value, word in enumerate(_TENS, start=2)}
    for value, word in enumerate(_HUNDREDS, start=1):
        words[word] = words[word.replace("IENTOS", "IENTAS")] = (value * 100, 3)  # feminine
    words["CIEN"] = (100, 3)
    return words


_WORDS = _number_words()
_SCALES = {"MIL": 1_000, "MILLON": 1_000_000, "MILLONES": 1_000_000}
_NUMBER_WORDS = _WORDS.keys() | _SCALES.keys() | {"Y", "CERO"}
# What a glued run of letters may be made of (PP-OCR reads "MILSETECIENTOSDIECISIETEPESOS").
_VOCABULARY = _NUMBER_WORDS | {"DE", "PESO", "PESOS"}

# `… PESOS 24/100 M.N.`: the words end at PESO(S); the cents follow as a fraction of 100.
_CURRENCY = re.compile(r"\bPESOS?\s+(\d{2})\s*/\s*100(?!\d)")
_CENTS = re.compile(r"\d{2}\s*/\s*100(?!\d)")
_LETTERS = re.compile(r"[A-Z]+")
_GLUED_LONGEST = 14  # CUATROCIENTOS, CUATROCIENTAS
_CENT = Decimal("0.01")


def amounts_in_words(text: str) -> list[Decimal]:
    """Every amount `text` states in words, in order."""
    if not _CENTS.search(text):
        return []  # most receipts: no `NN/100`, so no word of theirs needs looking at
    folded = _LETTERS.sub(_unglued, ascii_upper(text))
    found = []
    for match in _CURRENCY.finditer(folded):
        words = _number_words_before(folded[: match.start()])
        pesos = _parse(words) if words else None
        if pesos is not None:
            found.append((Decimal(pesos) + Decimal(match.group(1)) / 100).quantize(_CENT))
    return found


def _unglued(match: re.Match) -> str:
    """A run of letters made wholly of number words (and PESOS), spaced out; else as it was."""
    pieces = _split(match.group(0))
    return " ".join(pieces) if pieces else match.group(0)


def _split(token: str) -> list[str] | None:
    """`token` as the fewest vocabulary words, or None when it is not made of them."""
    best: list[list[str] | None] = [[]] + [None] * len(token)
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - _GLUED_LONGEST), end):
            before, current = best[start], best[end]
            if (
                before is not None
                and token[start:end] in _VOCABULARY
                and (current is None or len(before) + 1 < len(current))
            ):
                best[end] = [*before, token[start:end]]
    return best[-1]


def number_in_words(text: str) -> int | None:
    """The whole number `text` writes in Spanish words and nothing else ("cinco", "veintidós",
    "treinta y dos"), or None."""
    words = ascii_upper(text).split()
    if not words or not all(word in _NUMBER_WORDS for word in words):
        return None
    return _parse(words)


def _number_words_before(text: str) -> list[str]:
    """The number words between the last opening mark ("(" or the colon of "SON:") and the end
    of `text`, or none when anything else stands there. A misread word must not leave its tail
    standing for the number: "CUARENTA Y SIETE MIL" read "CUARENTA Y SlETE MIL" is no amount,
    not SIETE MIL's tail (MIL) alone."""
    opening = max(text.rfind("("), text.rfind(":"))
    if opening < 0:
        return []
    between = text[opening + 1 :]
    tokens = between.split()
    if tokens and tokens[-1] == "DE":
        tokens.pop()  # DOS MILLONES DE PESOS
    if not tokens or not all(token in _NUMBER_WORDS for token in tokens):
        return []
    return tokens


def _parse(words: list[str]) -> int | None:
    """The number `words` say, or None when they are not a well-formed Spanish number."""
    if words == ["CERO"]:
        return 0
    total, group, place, last_scale, after_y = 0, 0, 4, None, False
    for position, word in enumerate(words):
        if word == "Y":
            if place != 2 or after_y:
                return None  # only TREINTA Y DOS
            after_y = True
            continue
        if word in _SCALES:
            group = group or (1 if word == "MIL" and place == 4 else 0)
            if after_y or not _scale_fits(word, group, last_scale):
                return None
            total += group * _SCALES[word]
            group, place, last_scale = 0, 4, _SCALES[word]
            continue
        if word not in _WORDS:
            return None  # CERO among other words
        value, word_place = _WORDS[word]
        if not _follows(word_place, place, after_y):
            return None
        if word == "CIEN" and position + 1 < len(words) and words[position + 1] not in _SCALES:
            return None  # CIENTO DOS, never CIEN DOS
        group, place, after_y = group + value, word_place, False
    if after_y:
        return None
    return total + group


def _follows(word_place: int, place: int, after_y: bool) -> bool:
    """Whether a word of `word_place` may come after one of `place` (4: the group's start)."""
    if after_y:
        return word_place == 1
    if word_place == 3:
        return place == 4
    return place > 2


def _scale_fits(word: str, group: int, last_scale: int | None) -> bool:
    """MILLONES before MIL, each once; UN MILLON, DOS MILLONES."""
    if not group or (last_scale is not None and _SCALES[word] >= last_scale):
        return False
    if word == "MIL":
        return True
    return (group == 1) == (word == "MILLON")

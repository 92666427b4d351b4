"""An amount in words as Mexican tickets print it under the total:
`(MIL CUATROCIENTOS DIECINUEVE PESOS 44/100 M.N.)`."""

from __future__ import annotations

from decimal import Decimal

_UNITS = [
    "CERO",
    "UN",
    "DOS",
    "TRES",
    "CUATRO",
    "CINCO",
    "SEIS",
    "SIETE",
    "OCHO",
    "NUEVE",
    "DIEZ",
    "ONCE",
    "DOCE",
    "TRECE",
    "CATORCE",
    "QUINCE",
    "DIECISEIS",
    "DIECISIETE",
    "DIECIOCHO",
    "DIECINUEVE",
    "VEINTE",
    "VEINTIUN",
    "VEINTIDOS",
    "VEINTITRES",
    "VEINTICUATRO",
    "VEINTICINCO",
    "VEINTISEIS",
    "VEINTISIETE",
    "VEINTIOCHO",
    "VEINTINUEVE",
]
_TENS = [
    "_",
    "_",
    "_",
    "TREINTA",
    "CUARENTA",
    "CINCUENTA",
    "SESENTA",
    "SETENTA",
    "OCHENTA",
    "NOVENTA",
]
_HUNDREDS = [
    "_",
    "CIENTO",
    "DOSCIENTOS",
    "TRESCIENTOS",
    "CUATROCIENTOS",
    "QUINIENTOS",
    "SEISCIENTOS",
    "SETECIENTOS",
    "OCHOCIENTOS",
    "NOVECIENTOS",
]


def in_words(value: Decimal) -> str:
    pesos, centavos = int(value), int((value * 100) % 100)
    return f"({_number(pesos)} PESOS {centavos:02d}/100 M.N.)"


def _number(n: int) -> str:
    if n >= 1_000_000:
        millones, rest = divmod(n, 1_000_000)
        head = "UN MILLON" if millones == 1 else f"{_number(millones)} MILLONES"
        return f"{head} {_number(rest)}".strip() if rest else f"{head} DE"
    if n >= 1000:
        miles, rest = divmod(n, 1000)
        head = "MIL" if miles == 1 else f"{_below_thousand(miles)} MIL"
        return f"{head} {_below_thousand(rest)}".strip() if rest else head
    return _below_thousand(n)


def _below_thousand(n: int) -> str:
    if n == 0:
        return "CERO"
    if n == 100:
        return "CIEN"
    hundreds, rest = divmod(n, 100)
    words = [_HUNDREDS[hundreds]] if hundreds else []
    if rest:
        if rest < 30:
            words.append(_UNITS[rest])
        else:
            tens, unit = divmod(rest, 10)
            words.append(_TENS[tens] + (f" Y {_UNITS[unit]}" if unit else ""))
    return " ".join(words)

"""What a receipt line is about, from its words: the total, or one of the amounts that sit
near it and must not be taken for it (subtotal, tax, cash given, change, tip, discount...).

Spanish first (Mexico/LatAm), English and German as the dev set prints them. Tolerates the OCR
misspellings that matter (`T0TAL`, `SUBT0TAL`, `T0TAL A PAGAR`) through digit/letter lookalikes
and one edit on long words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Roles a line can have; "total" is the only one that names the receipt's total.
TOTAL, TOTAL_STRONG = "total", "total_strong"
SUBTOTAL, TAX, DISCOUNT, TENDER, CHANGE, TIP, ROUNDING, COUNT, EXCLUSIVE = (
    "subtotal",
    "tax",
    "discount",
    "tender",
    "change",
    "tip",
    "rounding",
    "count",
    "exclusive",
)

# Phrases are sequences of normalised tokens. Order matters: the first role that matches wins,
# so "TOTAL IVA" is tax and "TOTAL INCL IVA" is a strong total.
_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        TOTAL_STRONG,
        (
            "TOTAL A PAGAR",
            "TOTAL PAGAR",
            "NETO A PAGAR",
            "IMPORTE A PAGAR",
            "A PAGAR",
            "GRAN TOTAL",
            "GRAND TOTAL",
            "TOTAL DUE",
            "AMOUNT DUE",
            "BALANCE DUE",
            "TOTAL AMOUNT",
            "TOTAL INCL",
            "TOTAL INCLUSIVE",
            "INCLUSIVE OF GST",
            "INCL GST",
            "INCLUSIVE GST",
            "INC GST",
            "INCL TAX",
            "INCLUSIVE TAX",
            "INCL VAT",
            "TOTAL CON IVA",
            # The bill with the tip added, above or below the tip's own line.
            "TOTAL CON PROPINA",
            "TOTAL MAS PROPINA",
            "TOTAL WITH TIP",
            "A COBRAR",
            "ROUNDED TOTAL",
            "TOTAL ROUNDED",
            "AFTER ROUNDING",
            "NETT TOTAL",
            "TOTAL NETT",
            "TOTAL MXN",
            "TOTAL M N",
            "TOTAL EUR",
            "TOTAL RM",
            "ZU ZAHLEN",
            "IMPORTE TOTAL",
            "TOTAL IMPORTE",
            "TOTAL SALE",
            "TOTAL PAYABLE",
        ),
    ),
    (
        SUBTOTAL,
        (
            "SUBTOTAL",
            "SUB TOTAL",
            "SUBTOT",
            "SUB TOT",
            "ZWISCHENSUMME",
            "TOTAL SALES EXCL",
            "BEFORE ROUNDING",
        ),
    ),
    (
        EXCLUSIVE,
        (
            "EXCL",
            "EXCLUDING",
            "EXCLUSIVE",
            "SIN IVA",
            "NETTO",
            "NET AMOUNT",
            "BEFORE TAX",
            "TOTAL NETO",
            "NETO",
            # The taxable base: Spain's "BASE IMPONIBLE", Peru's "OP. GRAVADA", Colombia's
            # "BASE GRAVABLE".
            "BASE IMPONIBLE",
            "BASE IMP",
            "B IMPONIBLE",
            "BASE GRAVABLE",
            "OP GRAVADA",
            "OP GRAVADAS",
            "OP EXONERADA",
            "OP INAFECTA",
        ),
    ),
    (
        TAX,
        (
            "IVA",
            "I V A",
            "IEPS",
            "I E P S",
            "TAX",
            "GST",
            "VAT",
            "MWST",
            "UST",
            "IMPUESTO",
            "IMPUESTOS",
            # Peru's IGV, Honduras' ISV, Panama's ITBMS, Colombia's consumption tax, Spain's
            # surcharge on a retailer's purchases.
            "IGV",
            "I G V",
            "ISV",
            "ITBMS",
            "IMPOCONSUMO",
            "RECARGO EQUIV",
            "RECARGO DE EQUIVALENCIA",
            "SST",
            "SERVICE CHARGE",
            "SERV CHARGE",
            "SVC",
        ),
    ),
    (
        DISCOUNT,
        (
            "DESCUENTO",
            "DESCUENTOS",
            "DESC",
            "DISCOUNT",
            "DISC",
            "AHORRO",
            "AHORRASTE",
            "SAVING",
            "SAVINGS",
            "RABATT",
            "PROMO",
            "PROMOCION",
        ),
    ),
    (
        CHANGE,
        (
            "CAMBIO",
            "SU CAMBIO",
            "CHANGE",
            "RUCKGELD",
            "VUELTO",
            "CHANGE DUE",
            "ZURUCK",
            "ZURUECK",
            # Spain: "A DEVOLVER", "DEVOLUCION" under the cash given.
            "A DEVOLVER",
            "DEVOLUCION",
        ),
    ),
    (TIP, ("PROPINA", "TIP", "TIPS", "GRATUITY", "TRINKGELD")),
    (ROUNDING, ("ROUNDING", "ROUND ADJ", "REDONDEO", "RND ADJ", "ADJ", "ADJUSTMENT")),
    (
        COUNT,
        (
            "QTY",
            "CANT",
            "CANTIDAD",
            "ARTICULOS",
            "ITEMS",
            "ITEM",
            "PIEZAS",
            "PZAS",
            "UNIDADES",
            "PRODUCTOS",
            "NO OF",
            "TOTAL ITEMS",
            "POINTS",
            "PUNTOS",
        ),
    ),
    (
        TENDER,
        (
            "EFECTIVO",
            "ENTREGADO",
            "CASH",
            "PAGO",
            "SU PAGO",
            "PAGA CON",
            "RECIBIDO",
            "TARJETA",
            "CARD",
            "VISA",
            "MASTERCARD",
            "MASTER",
            "AMEX",
            "DEBITO",
            "CREDITO",
            "TENDER",
            "TENDERED",
            "PAID",
            "PAYMENT",
            "GEGEBEN",
            "BAR",
            "BARGELD",
            "EC",
            "KARTE",
            "GIRO",
            "EFT",
            "NETS",
            "DEBIT",
            "CREDIT",
        ),
    ),
    (
        TOTAL,
        (
            "TOTAL",
            "TOTALES",
            "TOT",
            "TL",
            "IMPORTE",
            "SUMA",
            "SUMME",
            "MONTO",
            "AMOUNT",
            "BETRAG",
            "GESAMT",
            "TOTAAL",
        ),
    ),
)

_LOOKALIKE_LETTERS = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "$": "S", "|": "I"})


def ascii_upper(text: str) -> str:
    """`text` in upper case without accents or other marks (MILLÓN, Año): tills and OCR drop
    them, so words are compared without."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


def normalise_words(text: str) -> tuple[str, ...]:
    """Upper-case ASCII tokens; digits inside letter runs read as the letters they resemble."""
    ascii_text = ascii_upper(text)
    tokens = []
    for raw in re.split(r"[^A-Z0-9$|]+", ascii_text):
        if not raw:
            continue
        letters = sum(ch.isalpha() for ch in raw)
        # `T0TAL` is a word with a zero in it; `100` is a number and stays one.
        tokens.append(raw.translate(_LOOKALIKE_LETTERS) if letters >= 2 else raw)
    return tuple(tokens)


# "Included": TOTAL (IVA 21% INCL.), TOTAL (I.V.A. INCLUIDO), Total (Inc. GST).
_INCLUDED = {
    "INC",
    "INCL",
    "INCLUIDO",
    "INCLUIDA",
    "INCLUIDOS",
    "INCLUSIVE",
    "INCLUYE",
    "INCLUYENDO",
    "INCLUDING",
}


def line_role(label: str) -> str | None:
    """The role of a line from its words (amounts already cut out), or None."""
    tokens = normalise_words(label)
    if not tokens:
        return None
    if "TOTAL" in tokens and "SUB" not in tokens and _INCLUDED.intersection(tokens):
        # The total with its tax included, whatever stands between: Spain's "TOTAL (IVA
        # INC.)" is the total, though IVA is on the line.
        return TOTAL_STRONG
    for role, phrases in _PHRASES:
        for phrase in phrases:
            if _contains(tokens, _phrase_tokens(phrase)):
                return role
    return None


@cache
def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.split())


def _contains(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    for start in range(len(tokens) - size + 1):
        if all(_same_word(tokens[start + k], phrase[k]) for k in range(size)):
            return True
    # `TOTALAPAGAR`, `SUBTOTAL:` glued by OCR: compare the joined text too.
    if size > 1:
        joined = "".join(phrase)
        return any(_same_word(token, joined) for token in tokens)
    return False


def _same_word(token: str, word: str) -> bool:
    if token == word:
        return True
    # One edit is tolerated on long words only: on short ones it would turn IVA into IVY, TAX
    # into TAS... and every word into some keyword.
    if len(word) < 5 or abs(len(token) - len(word)) > 1:
        return False
    return _within_one_edit(token, word)


def _within_one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(a == b[:i] + b[i + 1 :] for i in range(len(b)))


def mentions_total(label: str) -> bool:
    """Whether the word TOTAL (or a misreading of it) is on the line, whatever its role."""
    return mentions(label, "TOTAL")


def mentions(label: str, word: str) -> bool:
    """Whether `word` (or a misreading of it) is on the line."""
    return _contains(normalise_words(label), (word,))

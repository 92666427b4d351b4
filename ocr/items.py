"""Line items (cantidad, descripción, precio unitario, importe) and the tubes among them.

Receipts print items in a few shapes; all of them are read by one rule on the line's words:
    2 TUBO PVC 1/2"          45.00     90.00     quantity first
    TUBO PVC 1/2"      2  x  45.00     90.00     quantity after the description
    TUBO PVC 1/2"                      90.00     description and amount...
      2 PZA x $45.00                             ...with the quantity on the next line
A quantity that disagrees with price x quantity = amount is corrected from the prices when they
divide exactly: the prices are read by three passes, a lone small integer by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from ocr.amounts import DIGIT_LOOKALIKES, twin_readings
from ocr.keywords import DISCOUNT, normalise_words
from ocr.lines import ReceiptLine
from ocr.result import Item

_UNIT = r"(?:x|X|×|@|\*|PZA?S?|PZS|pza?s?|UN|UDS?|PC|PCS)"
# A quantity opening a line; its leading specks (`|`, `-`, `_` from the paper's edge) are not
# part of it.
_LEADING = r"^[\W_]*(\d{1,3})"
_QTY_FIRST = re.compile(_LEADING + r"(?:\s*" + _UNIT + r")?\.?\s+(?=\S*[A-Za-z])")
_QTY_MARKED = re.compile(r"(?<![\d.,/])(\d{1,3})\s*" + _UNIT + r"\.?\s*$")
_QTY_TRAILING = re.compile(r"(?<![\d.,/])(\d{1,3})\s*$")
_QTY_LEADING = re.compile(_LEADING + r"(?!\d|[.,]\d)")
_QTY_LEADING_MARKED = re.compile(_LEADING + r"\s*" + _UNIT + r"(?![A-Za-z])")
# OCR glues a quantity to its unit: "1PZA", "2X".
_GLUED_UNIT = re.compile(r"\b(\d{1,3})(PZA?S?|PZS|PCS?|UDS?|UN|X|×)(?=\W|$)", re.IGNORECASE)
# ...and reads that quantity's digits as the letters they resemble, at a line's start: "IPZA",
# "SPZA", "BPZA" (1, 5, 8). An amount's lookalikes, and S, B and L, which a quantity glued to
# its unit cannot mean (in an amount, S is most often the peso sign).
_QTY_LOOKALIKES = DIGIT_LOOKALIKES | str.maketrans("LSB", "158")
_QTY_AS_LETTERS = re.compile(
    r"^([\W_]*)([0-9" + re.escape("".join(map(chr, _QTY_LOOKALIKES))) + r"]{1,3})"
    r"(?=(?:PZA?S?|PZS|PCS?)\b)"
)
# OCR reads specks at a column's edge as `&`, `©`, `|`, `_`: they are not part of the item.
_SPECK = r"(?:[^\w\s]|_){1,2}"
_TRAILING_SPECKS = re.compile(rf"(?:\s+{_SPECK})+\s*$")
_UNIT_WORDS = {"PZA", "PZAS", "PZS", "UDS", "PCS", "UN", "X"}
_MAX_QTY = 999
# A gap this many character widths wide separates columns; words are one character apart.
_COLUMN_GAP_CHARS = 3


@dataclass(frozen=True)
class _Draft:
    descripcion: str
    cantidad: int | None
    precio: Decimal | None
    importe: Decimal


def find_items(lines: list[ReceiptLine], palabras_tubo: tuple[str, ...]) -> list[Item]:
    items: list[Item] = []
    tube_words = {w.upper() for word in palabras_tubo for w in normalise_words(word)}
    consumed = -1
    for index, line in enumerate(lines):
        if index <= consumed:
            continue
        if line.role is not None:
            if items and line.role != DISCOUNT:
                break  # the first subtotal/total line after the items closes the list
            continue  # an item's own discount ("DESCUENTO 10% -13.50") sits among the items
        previous = lines[index - 1] if index > 0 else None
        following = lines[index + 1] if index + 1 < len(lines) else None
        draft, used_next = _read_item(line, previous, following)
        if draft is None:
            continue
        if used_next:
            consumed = index + 1
        leida = _settle_quantity(draft)
        cantidad = leida or 1  # a line without a quantity is one piece
        items.append(
            Item(
                descripcion=draft.descripcion,
                cantidad=cantidad,
                precio_unitario=draft.precio
                if draft.precio is not None
                else _unit(draft.importe, cantidad),
                importe=draft.importe,
                es_tubo=_is_tube(draft.descripcion, tube_words),
                cantidad_leida=leida is not None,
                precio_leido=draft.precio is not None,
            )
        )
    return items


def count_tubes(items: list[Item]) -> int | None:
    """The sum of the quantities of tube items; None when the receipt lists no tube."""
    tubes = [item for item in items if item.es_tubo]
    if not tubes:
        return None
    return int(sum(item.cantidad for item in tubes))


def _read_item(
    line: ReceiptLine, previous: ReceiptLine | None, following: ReceiptLine | None
) -> tuple[_Draft | None, bool]:
    amounts = [a.value for a in line.amounts if not a.whole]
    if not amounts or amounts[-1] <= 0:
        return None, False
    importe, precio = amounts[-1], (amounts[-2] if len(amounts) >= 2 else None)
    if not _has_words(line):
        # "  2 PZA      $90.00" under a description printed alone on the line above.
        # Or "  45.00    90.00" under "2 PZA TUBO PVC 1/2".
        if (
            previous is not None
            and previous.role is None
            and not previous.amounts
            and _has_words(previous)
        ):
            cantidad, descripcion = _two_line_quantity(previous.text, line.label)
            return _draft(descripcion, cantidad, precio, importe), False
        return None, False
    label, cantidad, used_next = _TRAILING_SPECKS.sub("", line.label), None, False
    if match := _QTY_FIRST.match(label):
        cantidad, label = int(match.group(1)), label[match.end() :]
    elif (match := _QTY_MARKED.search(label)) or (
        (precio or _in_own_column(line)) and (match := _QTY_TRAILING.search(label))
    ):
        # "TUBO PVC 1/2  2 @ 45.00  90.00"; a bare trailing number only when a unit price
        # follows it or it stands in a column of its own, since descriptions end in sizes
        # ("TUBO SANITARIO 4").
        cantidad, label = int(match.group(1)), label[: match.start()]
    elif following is not None and following.role is None and not _has_words(following):
        # "TUBO PVC 1/2   90.00" then "   2 x 45.00" (or "2 PZA") on the next line.
        qty = _QTY_LEADING.match(_quantity_text(following.label))
        if qty:
            cantidad, used_next = int(qty.group(1)), True
            following_amounts = [a.value for a in following.amounts if not a.whole]
            precio = following_amounts[0] if following_amounts else precio
    return _draft(label, cantidad, precio, importe), used_next


def _two_line_quantity(description: str, amounts: str) -> tuple[int | None, str]:
    """(quantity, description) of an item printed on two lines, the amounts on the second: the
    quantity beside its unit there ("2 PZA  $90.00"), else first on the description's line
    ("2 PZA TUBO PVC 1/2"), else a bare number leading the amounts. That bare number is more
    often a unit price misread ("53.11" as "5") than a quantity when the description has one."""
    below = _quantity_text(amounts)
    if marked := _QTY_LEADING_MARKED.match(below):
        return int(marked.group(1)), description
    if first := _QTY_FIRST.match(description):
        return int(first.group(1)), description[first.end() :]
    bare = _QTY_LEADING.match(below)
    return (int(bare.group(1)) if bare else None), description


def _in_own_column(line: ReceiptLine) -> bool:
    """Whether the last word before the amount is a number set apart from the description by
    a column gap (several character widths), as in `TUBO PPR 1"      10     4,924.60`."""
    amount_words = {id(word) for amount in line.amounts for word in amount.words}
    rest = [word for word in line.words if id(word) not in amount_words]
    while rest and re.fullmatch(_SPECK, rest[-1].text):
        rest.pop()
    if len(rest) < 2 or not rest[-1].text.isdigit():
        return False
    number, before = rest[-1], rest[-2]
    if number.box.left >= line.amounts[-1].box.left:
        return False
    char_width = median(word.box.width / len(word.text) for word in rest if word.text)
    gap = number.box.left - (before.box.left + before.box.width)
    return gap >= _COLUMN_GAP_CHARS * char_width


def _draft(
    label: str, cantidad: int | None, precio: Decimal | None, importe: Decimal
) -> _Draft | None:
    descripcion = " ".join(label.split()).strip(" :-$*.|_")
    if sum(ch.isalpha() for ch in descripcion) < 3:
        return None
    return _Draft(descripcion, cantidad, precio, importe)


def _settle_quantity(draft: _Draft) -> int | None:
    """The line's quantity, or None when none was printed or read."""
    qty, price, amount = draft.cantidad, draft.precio, draft.importe
    if price and price > 0:
        implied = amount / price
        whole = implied == implied.to_integral_value() and 0 < implied <= _MAX_QTY
        if whole and (qty is None or not confirmed(qty, price, amount)):
            return int(implied)
    if qty and 0 < qty <= _MAX_QTY:
        return qty if price is not None else _divides_the_amount(qty, amount)
    return None


def _divides_the_amount(qty: int, amount: Decimal) -> int:
    """With no unit price printed, the amount is still quantity × a price in cents: a read
    quantity that does not divide it ("18" under $1,068.20) is taken for the one digit
    misread ("10": $106.82 each) when exactly one such reading divides it."""
    if (amount * 100) % qty == 0:
        return qty
    readings = {int(r) for r in twin_readings(str(qty))}
    dividing = [r for r in readings if 0 < r <= _MAX_QTY and (amount * 100) % r == 0]
    return dividing[0] if len(dividing) == 1 else qty


def confirmed(cantidad: int | Decimal, precio: Decimal | None, importe: Decimal | None) -> bool:
    """Quantity × unit price = amount on the line, within a cent (prices rounded to cents)."""
    if precio is None or importe is None:
        return False
    return abs(cantidad * precio - importe) <= Decimal("0.01")


def _unit(importe: Decimal, cantidad: int) -> Decimal | None:
    if cantidad <= 0:
        return None
    return (importe / cantidad).quantize(Decimal("0.01"))


def _quantity_text(label: str) -> str:
    """`label` with a quantity glued to its unit set apart, and its digits read as letters put
    back: "1PZA", "IPZA" become "1 PZA", "SPZA" "5 PZA"."""
    digits = _QTY_AS_LETTERS.sub(
        lambda m: m.group(1) + m.group(2).translate(_QTY_LOOKALIKES), label
    )
    return _GLUED_UNIT.sub(r"\1 \2", digits)


def _has_words(line: ReceiptLine) -> bool:
    """Whether the line says something besides quantities, units and prices. Letters are
    looked for in runs, since PP-OCR glues a description's words to its sizes
    ("BROCHA3PULG", "PEGAMENTOPVC250ML")."""
    words = normalise_words(_quantity_text(line.label))
    runs = (run for word in words for run in re.findall(r"[A-Z]{3,}", word))
    return any(run not in _UNIT_WORDS for run in runs)


# A quantity PP-OCR glued to the description ("2TUB0GALV1PULG"): digits opening a word of letters.
_GLUED_QUANTITY = re.compile(r"(?<![A-Za-z0-9])\d{1,3}(?=[A-Za-z]{2})")


def _is_tube(descripcion: str, tube_words: set[str]) -> bool:
    for token in normalise_words(_GLUED_QUANTITY.sub(" ", descripcion)):
        if token in tube_words:
            return True
        # PP-OCR glues words: "TUB0PVC3/4" is a tube too.
        if any(len(word) >= 4 and token.startswith(word) for word in tube_words):
            return True
        # Plural and one misread letter: TUBOS, TUB0 (already O), TUVO...
        if len(token) >= 4 and any(_near(token, word) for word in tube_words if len(word) >= 4):
            return True
    return False


def _near(token: str, word: str) -> bool:
    if abs(len(token) - len(word)) > 1:
        return False
    if len(token) == len(word):
        return sum(a != b for a, b in zip(token, word, strict=True)) <= 1 and token[0] == word[0]
    short, long = sorted((token, word), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))

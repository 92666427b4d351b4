"""From the passes' OCR lines to what the sale needs: total, items, tubes, date, merchant."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from ocr.config import PPOCR_PASS, OcrConfig
from ocr.fields import find_date, find_merchant
from ocr.items import confirmed, count_tubes, find_items
from ocr.keywords import SUBTOTAL, normalise_words
from ocr.lines import ReceiptLine, analyse_lines
from ocr.result import Box, Candidate, Item, Word
from ocr.tesseract import Line
from ocr.total import choose_total, one_value_per_amount, rank_totals

# The passes read so far settle the total when its probability (ocr/total.py) reaches this, and
# for tubes more is needed (see total_is_settled). Chosen on the dev receipts (replayed): 0.95
# gave the same answers as 0.99 at a median 1.2 s of reading instead of 2.2 s; 0.9 named one
# wrong total more (docs/benchmarks.md, "A fitted scorer").
SETTLED_PROBABILITY = 0.95


@dataclass(frozen=True)
class Extraction:
    text: str
    words: tuple[Word, ...]
    total: Decimal | None
    total_box: Box | None
    total_confidence: float
    total_motivo: str
    fecha: date | None
    comercio: str | None
    items: tuple[Item, ...]
    tubos: int | None
    candidates: tuple[Candidate, ...] = ()


def extract_receipt(pass_lines: dict[str, list[Line]], config: OcrConfig) -> Extraction:
    passes = {name: analyse_lines(lines) for name, lines in pass_lines.items()}
    choice = choose_total(passes)
    # The evidence shown is the pass the total came from (or the first pass when abstaining).
    shown = choice.pass_name or next(iter(passes), "")
    lines = passes.get(shown, [])
    items = _best_items(passes, config.palabras_tubo, choice.value)
    return Extraction(
        text="\n".join(line.text for line in lines),
        words=tuple(word for line in lines for word in line.words),
        total=choice.value,
        total_box=choice.amount.box if choice.amount else None,
        total_confidence=choice.confidence,
        total_motivo=choice.reason,
        # All passes at once: a date up to today in any pass comes before a later one.
        fecha=find_date([line for ls in _words_first(passes, shown) for line in ls]),
        comercio=_first(find_merchant(ls) for ls in _words_first(passes, shown)),
        items=tuple(items),
        tubos=count_tubes(items),
        candidates=choice.candidates,
    )


def total_is_settled(pass_lines: dict[str, list[Line]], palabras_tubo: tuple[str, ...]) -> bool:
    passes = {name: analyse_lines(lines) for name, lines in pass_lines.items()}
    ranked, chances = one_value_per_amount(rank_totals(passes))
    one_pass = len(passes) == 1
    if not ranked or chances[0] < SETTLED_PROBABILITY:
        return False
    # The tubes (the commission) come from the items, and one pass misreads a quantity now and
    # then where a second pass corrects it: one pass is enough only for a receipt without tubes
    # (PP-OCR glues words, "TUB0PVC3/4", so any line naming a tube word counts). With tubes,
    # Tesseract must have read them as items too (ocr/extract.py: _best_items).
    if not any(mentions_tubes(lines, palabras_tubo) for lines in passes.values()):
        return True
    # A pass that misses a line or misreads an amount lists items that do not add up, so the
    # next pass is read unless one Tesseract pass's items add up to the total or a subtotal.
    tesseract = [lines for name, lines in passes.items() if name != PPOCR_PASS]
    return not one_pass and any(
        _tubes_add_up(find_items(lines, palabras_tubo), lines, ranked[0].value)
        for lines in tesseract
    )


def _tubes_add_up(items: list[Item], lines: list[ReceiptLine], total: Decimal) -> bool:
    return any(item.es_tubo for item in items) and _adds_up(items, _sums_to_match([lines], total))


def _adds_up(items: list[Item], sums: set[Decimal]) -> bool:
    return sum((item.importe or Decimal(0)) for item in items) in sums


def _sums_to_match(passes: Iterable[list[ReceiptLine]], total: Decimal | None) -> set[Decimal]:
    """What a receipt's items add up to: its total, or a subtotal (before tax and discounts)."""
    subtotals = {
        a.value for lines in passes for line in lines if line.role == SUBTOTAL for a in line.amounts
    }
    return subtotals | ({total} if total is not None else set())


def mentions_tubes(lines: list[ReceiptLine], palabras_tubo: tuple[str, ...]) -> bool:
    words = [w.upper() for word in palabras_tubo for w in normalise_words(word)]
    return any(
        word in token for line in lines for token in normalise_words(line.label) for word in words
    )


def _best_items(
    passes: dict[str, list[ReceiptLine]], palabras_tubo: tuple[str, ...], total: Decimal | None
) -> list[Item]:
    """The pass whose items are most self-consistent: amounts that add up to the total or to a
    subtotal, and quantity x price = amount on each line."""
    sums = _sums_to_match(passes.values(), total)

    def score(name: str, items: list[Item]) -> tuple[int, int, int, int]:
        adds_up = int(_adds_up(items, sums))
        consistent = sum(1 for i in items if _confirms(i))
        # Items come from Tesseract unless only PP-OCR's add up: Tesseract keeps the spaces
        # between words, which PP-OCR drops ("TUB0PVC3/4"), and descriptions tell a tube.
        return adds_up, int(name != PPOCR_PASS), consistent, len(items)

    candidates = {name: find_items(lines, palabras_tubo) for name, lines in passes.items()}
    # A pass that found no item at all did not read the receipt's items.
    listed = {name: items for name, items in candidates.items() if items}
    best = max(listed.items(), key=lambda pair: score(*pair), default=(None, []))[1]
    return [_confirmed_reading(item, list(candidates.values())) for item in best]


def _confirmed_reading(item: Item, readings: list[list[Item]]) -> Item:
    """The item as another pass or recognizer read it, when there quantity × unit price =
    amount and here it does not: the arithmetic tells which reading of the quantity is right.
    A printed unit price confirms first; one worked out as amount ÷ quantity only says the
    quantity divides the amount into cents, so it confirms where no printed one does. A
    quantity read elsewhere also beats none read here (1 assumed)."""
    if _printed_price_confirms(item) and item.cantidad_leida:
        return item
    others = [
        o
        for items in readings
        for o in items
        if o.cantidad_leida
        and o.importe == item.importe
        and o.es_tubo == item.es_tubo
        and o.cantidad != item.cantidad
    ]
    found = next((o for o in others if _printed_price_confirms(o)), None)
    if found is None and not (item.cantidad_leida and _confirms(item)):
        found = next((o for o in others if _confirms(o)), None)
    if found is None:
        return item
    return replace(
        item,
        cantidad=found.cantidad,
        precio_unitario=found.precio_unitario,
        precio_leido=found.precio_leido,
    )


def _confirms(item: Item) -> bool:
    return confirmed(item.cantidad, item.precio_unitario, item.importe)


def _printed_price_confirms(item: Item) -> bool:
    return item.precio_leido and _confirms(item)


def _words_first(passes: dict[str, list[ReceiptLine]], shown: str) -> list[list[ReceiptLine]]:
    """The passes to read the date and merchant from: Tesseract's first, since it keeps the
    spaces between words that PP-OCR drops ("MATERIALESLOPEZ")."""
    ordered = _ordered(passes, shown)
    return sorted(ordered, key=lambda lines: lines is passes.get(PPOCR_PASS))


def _ordered(passes: dict[str, list[ReceiptLine]], first: str) -> list[list[ReceiptLine]]:
    return (
        [passes[first], *(lines for name, lines in passes.items() if name != first)]
        if passes
        else []
    )


def _first(values):
    return next((v for v in values if v is not None), None)

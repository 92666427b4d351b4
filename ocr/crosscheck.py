"""One pass's line items checked against the other passes' readings of the same lines.

Each pass misreads a little of a receipt, and rarely the same little: one loses a line's first
letters ("GALV 1 PULG" for "TUBO GALV 1 PULG"), another a digit of its quantity. The same line
in two passes is found by its amount, in order (two lines may cost the same), and then:
- it is a tube if any pass read a tube word on it;
- its quantity is the one whose quantity × unit price = amount holds in some pass.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from ocr.items import confirmed
from ocr.result import Item


def reconciled(best: list[Item], passes: list[list[Item]]) -> list[Item]:
    """`best` (one pass's items) with each line settled by every pass's reading of it."""
    aligned = [_same_lines(best, items) for items in passes if items is not best]
    return [
        _settled(item, [lines[i] for lines in aligned if i in lines]) for i, item in enumerate(best)
    ]


def _same_lines(best: list[Item], other: list[Item]) -> dict[int, Item]:
    """`other`'s reading of each of `best`'s lines, by index: the amounts matched in order."""
    matcher = SequenceMatcher(
        None, [i.importe for i in best], [i.importe for i in other], autojunk=False
    )
    return {
        a + k: other[b + k] for a, b, size in matcher.get_matching_blocks() for k in range(size)
    }


def _settled(item: Item, readings: list[Item]) -> Item:
    if not item.es_tubo and any(r.es_tubo for r in readings):
        item = replace(item, es_tubo=True)
    if confirmed(item.cantidad, item.precio_unitario, item.importe):
        return item
    for other in readings:
        if other.cantidad != item.cantidad and confirmed(
            other.cantidad, other.precio_unitario, other.importe
        ):
            return replace(item, cantidad=other.cantidad, precio_unitario=other.precio_unitario)
    return item

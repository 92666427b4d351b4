"""Totals the other lines of a receipt imply: subtotal + tax (- discount), cash given - change,
the card charge, the subtotal itself. `ocr.total` weighs a candidate that one of them equals."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import product

from ocr import keywords as kw
from ocr.lines import ReceiptLine


def derived_totals(lines: list[ReceiptLine]) -> dict[Decimal, float]:
    """Totals implied by other lines of one pass, with how much each relation is worth."""
    by_role: dict[str | None, list[Decimal]] = defaultdict(list)
    for line in lines:
        by_role[line.role].extend(a.value for a in line.amounts if not a.whole)
    derived: dict[Decimal, float] = {}

    def add(value: Decimal, weight: float) -> None:
        if value > 0:
            derived[value] = max(derived.get(value, 0.0), weight)

    # A tax of 0.00 adds nothing: "subtotal + 0" is the subtotal itself, which the last rule
    # below already weighs (a restaurant's zero tax made its subtotal beat the total with a tip).
    # A negative one is a misread sign, not a tax.
    subtotals, taxes = by_role[kw.SUBTOTAL], [t for t in by_role[kw.TAX] if t > 0]
    discounts = [abs(d) for d in by_role[kw.DISCOUNT]]
    # The taxable base plus its tax ("BASE IMPONIBLE" + "IVA 21%", "OP. GRAVADA" + "IGV").
    for base, tax in product(by_role[kw.EXCLUSIVE], taxes):
        add(base + tax, 2.0)
    for subtotal, tax in product(subtotals, taxes):
        add(subtotal + tax, 2.0)
        for discount in discounts:
            add(subtotal + tax - discount, 2.0)
    for subtotal, discount in product(subtotals, discounts):
        add(subtotal - discount, 1.5)
    tenders = [abs(t) for t in by_role[kw.TENDER]]
    for tendered, change in product(tenders, by_role[kw.CHANGE]):
        add(tendered - abs(change), 2.0)
    for tendered in tenders:
        add(tendered, 1.0)  # paid by card: the charge is the total
    for subtotal in subtotals:
        add(subtotal, 0.5)  # prices with tax included: subtotal = total
    return derived

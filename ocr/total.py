"""Which amount is the receipt's total, or none when the evidence is weak.

Every pass proposes the amounts that sit on a TOTAL-like line. Each proposed value is then
weighed on evidence that does not rest on one misread word:
- the keyword (TOTAL A PAGAR > TOTAL; on the next line or without cents counts less);
- how many passes read the same value, whether both recognizers did, and Tesseract's
  confidence in it;
- arithmetic: subtotal + tax (- discount), cash given - change, the card charge;
- no ordinary amount above it is bigger (an item or "total" bigger than the total means the
  wrong field or a misread digit);
- being printed again, being the largest ordinary amount.
The weights are log-odds fitted on the dev receipts (`WEIGHTS`), so the values' scores become
probabilities, "none of them" included. The best value is the total when its probability
reaches `NAME_PROBABILITY`; otherwise we abstain rather than guess.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ocr import keywords as kw
from ocr.amounts import misread_twins
from ocr.arithmetic import derived_totals
from ocr.config import PPOCR_PASS
from ocr.in_words import amounts_in_words
from ocr.lines import PricedAmount, ReceiptLine, adjustments_on
from ocr.rates import per_rate_line
from ocr.result import Candidate

# Log-odds each piece of evidence adds to "this value is the total" against "none of them
# is": a conditional logit fitted on the 110 dev receipts, every prefix of the passes' order
# (`python -m bench.fit_scorer`, which prints these). Fitted rather than set by hand: on the
# check receipts, never used to fit, the fitted weights name more totals at every rate of
# wrong ones, and verify more honest amounts for as many wrong amounts accepted
# (docs/benchmarks.md, "A fitted scorer").
WEIGHTS = {
    "constant": -1.28,
    "keyword": 1.35,
    "agreeing_passes": 0.71,
    "arithmetic": 1.37,
    "repeated": 1.13,
    "confidence": 0.46,
    "bigger_amounts": -0.94,
    "both_recognizers": 1.10,
    "ppocr_only": 0.89,
    "largest": 0.59,
}
# The total is named when its probability reaches this (a typed amount is verified at the same
# level, sales/rules.py). On the dev receipts 0.6 and 0.7 name the same totals and accept the
# same wrong amounts (0.8 names 5 % fewer, no fewer wrong): the more cautious of the two.
NAME_PROBABILITY = 0.7
# An abstention names two totals when the runner-up holds at least this probability.
_RIVAL_PROBABILITY = 0.15
_KEYWORD_WEIGHT = {kw.TOTAL_STRONG: 3.0, kw.TOTAL: 2.0}
_KEYWORD_WORDS = {
    3.0: "en la línea del total a pagar",
    0.0: "en una línea sin la palabra total",
    2.0: "en una línea de total",
    1.0: "en una línea parecida a un total",
}
# An amount on no total line is a candidate when other lines add up to it at least this well.
_UNLABELLED_ARITHMETIC = 2.0
# "RM", "MXN", "EUR": the letters a line may hold besides the amount it carries alone.
_CURRENCY_LETTERS = 3
# How many candidates a reading keeps (the rest never decide anything).
CANDIDATES_KEPT = 5
# Roles whose amounts are not an item or a total, and so may exceed the total.
_NOT_ORDINARY = {kw.TENDER, kw.CHANGE, kw.SUBTOTAL, kw.COUNT, kw.EXCLUSIVE, kw.TAX, kw.TIP}
# Roles whose amounts are never the total, so repeating them is no evidence.
_NEVER_TOTAL = {kw.TAX, kw.DISCOUNT, kw.CHANGE, kw.TIP, kw.COUNT}


@dataclass
class Evidence:
    value: Decimal
    keyword: float = 0.0
    passes: set[str] = field(default_factory=set)
    arithmetic: float = 0.0
    bigger_by_pass: list[int] = field(default_factory=list)
    confidence: float = 0.0  # Tesseract's best word confidence for it, 0-100
    repeated: bool = False
    # The same value written in words ("MIL DOS PESOS 50/100 M.N."): printed again, in letters.
    in_words: bool = False
    # The largest ordinary amount in the lower half (on most receipts the total is).
    largest: bool = False
    best: tuple[float, str, PricedAmount] | None = None  # (keyword, pass, amount) to show
    # Other values read for this same printed amount, one digit taken for its twin.
    misread_as: list[Decimal] = field(default_factory=list)

    @property
    def recognizers(self) -> set[str]:
        return {PPOCR_PASS if name == PPOCR_PASS else "tesseract" for name in self.passes}

    @property
    def bigger_amounts(self) -> int:
        # The most favourable pass counts: one pass misreading a price must not sink the total.
        return min(self.bigger_by_pass, default=0)

    def reasons(self) -> tuple[str, ...]:
        """The evidence in a reviewer's words."""
        found = [_KEYWORD_WORDS[min(_KEYWORD_WORDS, key=lambda w: abs(w - self.keyword))]]
        if len(self.recognizers) == 2:
            found.append("los dos lectores leen lo mismo")
        elif len(self.passes) > 1:
            found.append(f"{len(self.passes)} lecturas coinciden")
        if self.arithmetic >= 1.5:
            found.append("cuadra con las otras cifras (subtotal e impuesto, pago y cambio)")
        if self.in_words:
            found.append("el importe con letra dice lo mismo")
        if self.repeated:
            found.append("aparece más de una vez")
        if self.largest:
            found.append("es el importe mayor del ticket")
        if self.bigger_amounts:
            found.append(f"en contra: {self.bigger_amounts} importe(s) mayor(es) antes")
        if self.misread_as:
            found.append("también leído " + ", ".join(str(v) for v in self.misread_as))
        return tuple(found)

    def features(self) -> dict[str, float]:
        """The evidence as numbers, named as in WEIGHTS (bench/fit_scorer.py fits on these)."""
        return {
            "constant": 1.0,
            "keyword": self.keyword,
            "agreeing_passes": len(self.passes) - 1.0,
            "arithmetic": self.arithmetic,
            # The total in words is the total printed again, as a second figure would be.
            "repeated": float(self.repeated or self.in_words),
            "confidence": max(-0.5, min(0.5, (self.confidence - 70) / 40)),
            "bigger_amounts": float(min(self.bigger_amounts, 2)),
            "both_recognizers": float(len(self.recognizers) == 2),
            "ppocr_only": float(self.recognizers == {PPOCR_PASS}),
            "largest": float(self.largest),
        }

    @property
    def score(self) -> float:
        """Log-odds that this value is the total rather than none of the values is."""
        return sum(WEIGHTS[name] * value for name, value in self.features().items())


def probabilities(ranked: list[Evidence]) -> list[float]:
    """Each value's probability of being the total; the rest is "none of them" (score 0)."""
    return chances_of([e.score for e in ranked])


def chances_of(scores: list[float]) -> list[float]:
    """Softmax over the scores and "none of them" at 0 (bench/fit_scorer.py fits with it)."""
    top = max([0.0, *scores])
    exps = [math.exp(score - top) for score in scores]
    whole = sum(exps) + math.exp(-top)
    return [e / whole for e in exps]


def one_value_per_amount(ranked: list[Evidence]) -> tuple[list[Evidence], list[float]]:
    """The values and their probabilities, a misread twin's probability given to the better
    supported reading. A photographed 327.96 read 321.96 by one pass is one amount, not two
    rivals splitting its probability (on the dev receipts such splits made two totals abstain,
    docs/benchmarks.md); the twin goes from the list, named in the kept one's evidence. Two
    readings equally supported stay rivals: which digit was printed is then a coin's toss."""
    chances = probabilities(ranked)
    kept: dict[int, list[Decimal]] = {}  # index of a kept value: the twins merged into it
    merged = list(chances)
    for j, evidence in enumerate(ranked):
        twin = next((i for i in kept if misread_twins(ranked[i].value, evidence.value)), None)
        if twin is None or chances[j] >= chances[twin]:
            kept[j] = []
            continue
        kept[twin].append(evidence.value)
        merged[twin] += chances[j]
    order = sorted(kept, key=lambda i: merged[i], reverse=True)
    # Copies: the caller's evidence is left as it was (total_is_settled and the choice each
    # rank afresh, but nothing here should depend on that).
    values = [replace(ranked[i], misread_as=ranked[i].misread_as + kept[i]) for i in order]
    return values, [merged[i] for i in order]


@dataclass(frozen=True)
class TotalChoice:
    value: Decimal | None
    amount: PricedAmount | None
    pass_name: str | None
    confidence: float
    reason: str  # why it was chosen or why we abstained, for the review desk
    candidates: tuple[Candidate, ...] = ()


def choose_total(passes: dict[str, list[ReceiptLine]]) -> TotalChoice:
    ranked, chances = one_value_per_amount(rank_totals(passes))
    found = tuple(
        Candidate(e.value, round(e.score, 2), e.reasons(), round(p, 3))
        for e, p in zip(ranked, chances, strict=True)
    )
    return replace(_choose(ranked, chances), candidates=found[:CANDIDATES_KEPT])


def _choose(ranked: list[Evidence], chances: list[float]) -> TotalChoice:
    if not ranked:
        return TotalChoice(None, None, None, 0.0, "ninguna línea de total con importe")
    best = ranked[0]
    if chances[0] < NAME_PROBABILITY:
        if len(ranked) > 1 and chances[1] >= _RIVAL_PROBABILITY:
            return TotalChoice(
                None, None, None, 0.0, f"dos totales posibles: {best.value} y {ranked[1].value}"
            )
        return TotalChoice(
            None,
            None,
            None,
            0.0,
            f"evidencia débil para {best.value} ({round(chances[0] * 100)} %)",
        )
    assert best.best is not None
    return TotalChoice(
        best.value, best.best[2], best.best[1], round(chances[0], 3), _describe(best)
    )


def rank_totals(passes: dict[str, list[ReceiptLine]]) -> list[Evidence]:
    """Every value some total line names, best supported first."""
    evidence: dict[Decimal, Evidence] = {}
    for name, lines in passes.items():
        derived = derived_totals(lines)
        repeated = _repeated_values(lines)
        in_words = set(amounts_in_words(" ".join(line.text for line in lines)))
        discounted = _discounted_subtotal(lines)
        for line, amount, weight in _keyword_candidates(lines):
            item = _proposed(evidence, name, lines, line, amount, discounted)
            item.keyword = max(item.keyword, weight)
            if item.best is None or weight > item.best[0]:
                item.best = (weight, name, amount)
        largest = _largest_ordinary(lines)
        for line, amount in _unlabelled_candidates(lines, derived, largest):
            item = _proposed(evidence, name, lines, line, amount, discounted)
            item.best = item.best or (0.0, name, amount)
        for value, item in evidence.items():
            item.largest = item.largest or (largest is not None and value == largest[1].value)
            item.arithmetic = max(item.arithmetic, derived.get(value, 0.0))
            item.repeated = item.repeated or repeated.get(value, 0) >= 2
            item.in_words = item.in_words or value in in_words
    return sorted(evidence.values(), key=lambda e: e.score, reverse=True)


def _proposed(
    evidence: dict[Decimal, Evidence],
    name: str,
    lines: list[ReceiptLine],
    line: ReceiptLine,
    amount: PricedAmount,
    discounted: Decimal,
) -> Evidence:
    """The evidence for `amount`'s value, with this pass's reading of it counted once."""
    item = evidence.setdefault(amount.value, Evidence(amount.value))
    if name not in item.passes:
        item.bigger_by_pass.append(_bigger_above(lines, line, amount.value, discounted))
    item.passes.add(name)
    item.confidence = max(item.confidence, min(w.confidence for w in amount.words))
    return item


def _keyword_candidates(
    lines: list[ReceiptLine],
) -> Iterator[tuple[ReceiptLine, PricedAmount, float]]:
    """(line, amount, keyword weight) for the amount each total-like line names."""
    for i, line in enumerate(lines):
        weight = _line_weight(line)
        if weight is None:
            continue
        amounts = [a for a in line.amounts if a.value > 0]
        source = line
        if not amounts and i + 1 < len(lines) and _amount_alone(lines[i + 1]):
            # The label on one line, the amount alone on the next (narrow receipts do this).
            source = lines[i + 1]
            amounts = [a for a in source.amounts if a.value > 0]
            weight -= 0.5
        if not amounts:
            continue
        with_cents = [a for a in amounts if not a.whole]
        amount = (with_cents or amounts)[-1]
        if amount.whole:
            # "$1,500" without cents is a plausible Mexican total, but digits alone are weaker.
            weight -= 0.5
        if line.role == kw.ROUNDING and amount.value < 1:
            continue  # the adjustment itself, not the rounded total
        yield source, amount, weight


def _amount_alone(line: ReceiptLine) -> bool:
    """A line holding an amount and at most a currency: not an item under a table's "Price
    Total" header, whose amount is that item's."""
    return line.role is None and sum(ch.isalpha() for ch in line.label) <= _CURRENCY_LETTERS


def _largest_ordinary(lines: list[ReceiptLine]) -> tuple[ReceiptLine, PricedAmount] | None:
    """The largest amount with cents in the lower half that is not a payment, change, tax or
    count: on most receipts the total is the largest such amount."""
    found = [
        (line, amount)
        for line in lines
        if line.position >= 0.5 and line.role not in _NOT_ORDINARY | _NEVER_TOTAL
        for amount in line.amounts
        if not amount.whole and amount.value > 0
    ]
    return max(found, key=lambda pair: pair[1].value, default=None)


def _unlabelled_candidates(
    lines: list[ReceiptLine],
    derived: dict[Decimal, float],
    largest: tuple[ReceiptLine, PricedAmount] | None = None,
) -> Iterator[tuple[ReceiptLine, PricedAmount]]:
    """Amounts on no total line: the largest ordinary one, and those other lines add up to
    (cash given - change, subtotal + tax). Receipts print the total under words we do not know
    ("UKUPNO", "Payment") or under none at all. Without a keyword such a candidate needs the
    passes' agreement and arithmetic to be named; it can still be the amount a seller
    typed (sales/rules.py)."""
    if largest is not None:
        yield largest
    for line in lines:
        if line.role in _NEVER_TOTAL:
            continue
        for amount in line.amounts:
            if not amount.whole and derived.get(amount.value, 0.0) >= _UNLABELLED_ARITHMETIC:
                yield line, amount


def _line_weight(line: ReceiptLine) -> float | None:
    if line.role in _KEYWORD_WEIGHT:
        # "Total 6% supplies", "Total 16%": a per-rate summary of a tax table.
        return 0.5 if per_rate_line(line.label) else _KEYWORD_WEIGHT[line.role]
    if line.role == kw.ROUNDING:
        return 1.5  # "Rounding 182.00": the rounded total printed on the adjustment line
    if line.role == kw.COUNT and kw.mentions_total(line.label):
        return 1.0  # "Total 3 Items 596.99"
    return None


def _bigger_above(
    lines: list[ReceiptLine], line: ReceiptLine, value: Decimal, discounted: Decimal
) -> int:
    """Ordinary amounts printed above the total line that exceed it. Below the total come
    payments, tax tables and vouchers, which may be bigger without meaning anything. With a
    discount, items up to the subtotal may exceed the total too."""
    bigger = set()
    for other in lines[: line.index]:
        # A subtotal (or net amount) above the total is only normal when a discount follows.
        before_tax = other.role in (kw.SUBTOTAL, kw.EXCLUSIVE) and not discounted
        if other.role in _NOT_ORDINARY and not before_tax:
            continue
        for amount in other.amounts:
            # A number a hundred times bigger is a code or a phone number, not a price.
            if not amount.whole and max(value, discounted) < amount.value < value * 100:
                bigger.add(amount.value)
    return len(bigger)


def _discounted_subtotal(lines: list[ReceiptLine]) -> Decimal:
    """The subtotal when a discount or a rounding down follows it (items may then exceed the
    total), else 0."""
    if not any(
        (line.role == kw.DISCOUNT and line.amounts) or adjustments_on(line) for line in lines
    ):
        return Decimal(0)
    subtotals = [a.value for line in lines if line.role == kw.SUBTOTAL for a in line.amounts]
    return max(subtotals, default=Decimal(0))


def _adjusts(line: ReceiptLine) -> bool:
    """A discount, or a rounding of less than a unit (a total before it may be bigger)."""
    return bool((line.role == kw.DISCOUNT and line.amounts) or adjustments_on(line))


def _repeated_values(lines: list[ReceiptLine]) -> dict[Decimal, int]:
    seen: dict[Decimal, int] = defaultdict(int)
    for line in lines:
        # A tax table's rate line ("Total 0% supplies") printed twice is a summary repeated.
        if line.role in _NEVER_TOTAL or per_rate_line(line.label):
            continue
        for amount in line.amounts:
            if not amount.whole:
                seen[amount.value] += 1
    return seen


def _describe(evidence: Evidence) -> str:
    parts = [f"palabra clave {evidence.keyword:.1f}", f"pasadas {len(evidence.passes)}"]
    if evidence.arithmetic:
        parts.append(f"cuadra con otras líneas ({evidence.arithmetic:.1f})")
    if evidence.bigger_amounts:
        parts.append(f"{evidence.bigger_amounts} importes mayores")
    return ", ".join(parts)

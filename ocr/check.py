"""Checking a sale against its receipt: the typed amount, the typed tubes, duplicates.

Outcomes are named values the sale logic and the tests can assert.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from ocr.fields import merchant_key
from ocr.hashing import hamming
from ocr.result import ReceiptReading

VERIFICADO, MONTO_NO_COINCIDE, TOTAL_ILEGIBLE = "verificado", "monto_no_coincide", "total_ilegible"
COINCIDEN, NO_COINCIDEN, SIN_LECTURA = "coinciden", "no_coinciden", "sin_lectura"

# Two photos whose 256-bit perceptual hashes differ in at most this many bits are the same
# picture sent again: re-compressed, resized or with other brightness (measured on 230 receipts,
# bench/phash_study.py: such copies differ by at most 8 bits; different receipts, including
# generated tickets of one shop and layout, by at least 32). A cropped copy is NOT caught (a 3 %
# crop moves the hash by up to ~100 bits): the total + date + merchant key covers those.
UMBRAL_CASI_DUPLICADO = 16

AmountOutcome = Literal["verificado", "monto_no_coincide", "total_ilegible"]
TubesOutcome = Literal["coinciden", "no_coinciden", "sin_lectura"]


@dataclass(frozen=True)
class AmountCheck:
    outcome: AmountOutcome
    typed: Decimal
    total: Decimal | None
    # |typed - total| / total, in percent (e.g. Decimal("3.20")); None without a total.
    difference_pct: Decimal | None

    @property
    def verified(self) -> bool:
        return self.outcome == VERIFICADO


@dataclass(frozen=True)
class TubesCheck:
    outcome: TubesOutcome
    typed: int
    read: int | None


def check_amount(typed: Decimal, reading: ReceiptReading, tolerance: Decimal) -> AmountCheck:
    """Verified only against the total the extractor chose, never any amount on the receipt."""
    total = reading.total
    if total is None or total <= 0:
        return AmountCheck(TOTAL_ILEGIBLE, typed, total, None)
    difference = abs(Decimal(typed) - total) / total
    outcome: AmountOutcome = VERIFICADO if difference <= tolerance else MONTO_NO_COINCIDE
    pct = (difference * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return AmountCheck(outcome, typed, total, pct)


def check_tubes(typed: int, reading: ReceiptReading) -> TubesCheck:
    if reading.tubos is None:
        return TubesCheck(SIN_LECTURA, typed, None)
    return TubesCheck(COINCIDEN if typed == reading.tubos else NO_COINCIDEN, typed, reading.tubos)


def hash_distance(a: str, b: str) -> int:
    """Bits that differ between two perceptual hashes (0 = same picture)."""
    return hamming(a, b)


def is_near_duplicate(a: str, b: str) -> bool:
    return hash_distance(a, b) <= UMBRAL_CASI_DUPLICADO


def duplicate_key(reading: ReceiptReading) -> str | None:
    """`total|fecha|comercio` normalised, for finding a receipt already used by another sale;
    None unless all three were read (a partial key would match unrelated receipts)."""
    comercio = merchant_key(reading.comercio)
    if reading.total is None or reading.fecha is None or comercio is None:
        return None
    return f"{reading.total:.2f}|{reading.fecha.isoformat()}|{comercio}"

"""The sale's rules against its receipt: the typed amount, the typed tubes, duplicates, and the
state they put the sale in. `ocr` only reads receipts; what a reading means for a sale is here.

Outcomes are named values the sale logic and the tests can assert.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.conf import settings
from django.utils import timezone

from ocr.errors import OcrNoDisponible
from ocr.fields import merchant_key
from ocr.hashing import hamming
from ocr.result import Candidate, ReceiptReading
from sales.models import Comprobante, Estado, Motivo, Venta
from sales.parsing import MensajeVenta
from sales.receipts import Foto
from sales.texts import photos, thread

VERIFICADO, MONTO_NO_COINCIDE, TOTAL_ILEGIBLE = "verificado", "monto_no_coincide", "total_ilegible"
COINCIDEN, NO_COINCIDEN, SIN_LECTURA = "coinciden", "no_coinciden", "sin_lectura"

# Two photos whose 256-bit perceptual hashes differ in at most this many bits are the same
# picture sent again: re-compressed, resized or with other brightness (measured on 230 receipts,
# bench/phash_study.py: such copies differ by at most 8 bits; different receipts, including
# generated tickets of one shop and layout, by at least 32). A cropped copy is NOT caught (a 3 %
# crop moves the hash by up to ~100 bits): the total + date + merchant key covers those.
UMBRAL_CASI_DUPLICADO = 16

# A sale takes a new photo while it waits for one, or while in review for a reason a better
# photo can settle; never after a reviewer decided.
MOTIVOS_QUE_ACEPTAN_FOTO = (
    Motivo.SIN_COMPROBANTE,
    Motivo.TOTAL_ILEGIBLE,
    Motivo.DUPLICADO,
    Motivo.FECHA_FUERA_DE_RANGO,
)

# A typed amount is verified, when the reading named no total blind, if the candidates within
# tolerance of it hold this much of the probability of being the total (ocr/total.py): the
# same level at which a total is named blind. Two readings of one total a few cents apart
# (182.00 and 181.98) add up; a rival elsewhere takes its share away. The wrong amounts it must
# still flag are every other amount printed on the receipt (`ocr_bench --verify`,
# docs/benchmarks.md).
VERIFICA_PROBABILIDAD = 0.7

AmountOutcome = Literal["verificado", "monto_no_coincide", "total_ilegible"]
TubesOutcome = Literal["coinciden", "no_coinciden", "sin_lectura"]


@dataclass(frozen=True)
class AmountCheck:
    outcome: AmountOutcome
    typed: Decimal
    total: Decimal | None
    # |typed - total| / total, in percent (e.g. Decimal("3.20")); None without a total.
    difference_pct: Decimal | None
    # Why the total compared against is the receipt's total, in a reviewer's words.
    evidence: tuple[str, ...] = ()

    @property
    def verified(self) -> bool:
        return self.outcome == VERIFICADO


@dataclass(frozen=True)
class TubesCheck:
    outcome: TubesOutcome
    typed: int
    read: int | None


@dataclass(frozen=True)
class Evaluacion:
    """The state the receipt checks decided, and the evidence to keep with the sale."""

    estado: str
    motivo: str = ""
    detalle: str = ""
    foto: Foto | None = None
    duplicado_de: Venta | None = None
    diferencia_pct: Decimal | None = None
    detalles_leidos: list[dict[str, Any]] = field(default_factory=list)
    # The evidence that the amount compared against is the receipt's total (AmountCheck).
    verificacion: tuple[str, ...] = ()
    # The total the typed amount was verified against, when the reading named none blind.
    total_verificado: Decimal | None = None


def check_amount(typed: Decimal, reading: ReceiptReading, tolerance: Decimal) -> AmountCheck:
    """Is the typed amount this receipt's total? Against the total the reading chose when it
    chose one; else against the candidates within tolerance of it, when together they are
    likely enough the total. Never against any other amount printed on the receipt."""
    total = reading.total
    if total is None or total <= 0:
        return _against_candidate(Decimal(typed), reading, tolerance)
    pct = _difference_pct(Decimal(typed), total)
    outcome: AmountOutcome = VERIFICADO if pct <= tolerance * 100 else MONTO_NO_COINCIDE
    return AmountCheck(outcome, typed, total, pct, _evidence_of(reading, total))


def _against_candidate(typed: Decimal, reading: ReceiptReading, tolerance: Decimal) -> AmountCheck:
    matching = [
        c
        for c in reading.candidates
        if c.value > 0 and _difference_pct(typed, c.value) <= tolerance * 100
    ]
    share = sum(c.probability for c in matching)
    if not matching or share < VERIFICA_PROBABILIDAD:
        return AmountCheck(TOTAL_ILEGIBLE, typed, None, None)
    best = max(matching, key=lambda c: c.probability)
    pct = _difference_pct(typed, best.value)
    return AmountCheck(VERIFICADO, typed, best.value, pct, _with_probability(best, share))


def _difference_pct(typed: Decimal, total: Decimal) -> Decimal:
    difference = abs(typed - total) / total * 100
    return difference.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _evidence_of(reading: ReceiptReading, total: Decimal) -> tuple[str, ...]:
    if reading.codigo_fiscal is not None:
        return ("el código QR fiscal del ticket",)
    found = next((c for c in reading.candidates if c.value == total), None)
    return _with_probability(found, found.probability) if found is not None else ()


def _with_probability(candidate: Candidate, probability: float) -> tuple[str, ...]:
    """The candidate's evidence and how likely the total is, for the reviewer. Never "100 %":
    "none of them" always keeps a share. A reading stored without probabilities has none."""
    if not probability:
        return candidate.evidence
    words = f"{min(99, round(probability * 100))} % de probabilidad de ser el total"
    return (*candidate.evidence, words)


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
    """The key that finds a receipt already used by another sale: a fiscal code's own document
    id when one was read (the same invoice however it was photographed), else
    `total|fecha|comercio` normalised, and None unless all three were read (a partial key
    would match unrelated receipts)."""
    if reading.codigo_fiscal is not None:
        codigo = reading.codigo_fiscal
        return f"fiscal|{codigo.formato}|{codigo.documento}"[:250]
    comercio = merchant_key(reading.comercio)
    if reading.total is None or reading.fecha is None or comercio is None:
        return None
    return f"{reading.total:.2f}|{reading.fecha.isoformat()}|{comercio}"


def accepts_photo(venta: Venta) -> bool:
    if venta.estado == Estado.ESPERANDO_FOTO:
        return True
    return venta.estado == Estado.EN_REVISION and venta.motivo in MOTIVOS_QUE_ACEPTAN_FOTO


# --- Judging a sale (inside the registering transaction: it looks at other sales) -------------


def evaluate(
    mensaje: MensajeVenta,
    foto: Foto | None,
    *,
    venta: Venta | None = None,
    cuando: dt.datetime | None = None,
) -> Evaluacion:
    """What the receipt says about the typed sale. `venta` is the sale itself when re-judging;
    `cuando`, the moment of the sale (its post) when there is no sale yet."""
    if foto is None:
        if settings.VENTA_REQUIERE_COMPROBANTE:
            return Evaluacion(Estado.EN_REVISION, Motivo.SIN_COMPROBANTE)
        return Evaluacion(Estado.REGISTRADA)
    if foto.error is not None:
        if isinstance(foto.error, OcrNoDisponible):
            detalle = photos.problema(foto.error.code)
            return Evaluacion(Estado.EN_REVISION, Motivo.TOTAL_ILEGIBLE, detalle, foto)
        return Evaluacion(
            Estado.ESPERANDO_FOTO, detalle=photos.problema(foto.error.code), foto=foto
        )
    reading = foto.reading
    if not reading.quality.ok:
        return Evaluacion(Estado.ESPERANDO_FOTO, detalle=photos.calidad(reading.quality), foto=foto)
    momento = venta.fecha if venta is not None else (cuando or timezone.now())
    return _compare(mensaje, foto, reading, venta, momento)


def date_out_of_range(fecha: dt.date | None, momento: dt.datetime) -> bool:
    """A receipt dated after the sale's day, or more than OCR_DIAS_MAXIMOS days before it (in
    the business's time zone); an unread date is never out of range."""
    if fecha is None:
        return False
    dia = timezone.localtime(momento).date()
    return fecha > dia or (dia - fecha).days > settings.OCR_DIAS_MAXIMOS


def _compare(
    mensaje: MensajeVenta,
    foto: Foto,
    reading: ReceiptReading,
    venta: Venta | None,
    momento: dt.datetime,
) -> Evaluacion:
    leidos = [_item_of(item) for item in reading.items]
    monto = check_amount(mensaje.monto, reading, Decimal(settings.OCR_TOLERANCIA))
    base = {
        "foto": foto,
        "diferencia_pct": monto.difference_pct,
        "detalles_leidos": leidos,
        "verificacion": monto.evidence,
        "total_verificado": monto.total if monto.verified else None,
    }
    otra, como = find_duplicate(reading, excluir=venta)
    if otra is not None:
        detalle = thread.ticket_ya_usado(otra, como)
        return Evaluacion(Estado.EN_REVISION, Motivo.DUPLICADO, detalle, duplicado_de=otra, **base)
    if date_out_of_range(reading.fecha, momento):
        detalle = thread.fecha_fuera_de_rango(reading.fecha, momento, settings.OCR_DIAS_MAXIMOS)
        return Evaluacion(Estado.EN_REVISION, Motivo.FECHA_FUERA_DE_RANGO, detalle, **base)
    if monto.outcome == TOTAL_ILEGIBLE:
        detalle = thread.TOTAL_NO_ENCONTRADO
        return Evaluacion(Estado.EN_REVISION, Motivo.TOTAL_ILEGIBLE, detalle, **base)
    if monto.outcome == MONTO_NO_COINCIDE:
        detalle = thread.monto_distinto(reading.total, mensaje.monto, monto.difference_pct)
        return Evaluacion(Estado.EN_REVISION, Motivo.MONTO_NO_COINCIDE, detalle, **base)
    tubos = check_tubes(mensaje.tubos, reading)
    if tubos.outcome == NO_COINCIDEN:
        detalle = thread.tubos_distintos(tubos.read, mensaje.tubos)
        return Evaluacion(Estado.EN_REVISION, Motivo.TUBOS_NO_COINCIDEN, detalle, **base)
    return Evaluacion(Estado.REGISTRADA, **base)


def _item_of(item) -> dict[str, Any]:
    return {
        "descripcion": item.descripcion[:200],
        "cantidad": Decimal(item.cantidad),
        "precio_unitario": item.precio_unitario,
        "importe": item.importe if item.importe is not None else Decimal("0.00"),
    }


def find_duplicate(reading: ReceiptReading, *, excluir: Venta | None) -> tuple[Venta | None, str]:
    """Another live sale that used this receipt, and how we know (in Spanish)."""
    otras = Venta.objects.exclude(estado=Estado.ANULADA).select_related("comprobante")
    if excluir is not None:
        otras = otras.exclude(pk=excluir.pk)
    misma = otras.filter(comprobante__sha256=reading.sha256).order_by("id").first()
    if misma:
        return misma, thread.MISMA_FOTO
    parecida = _near_duplicate(reading, otras)
    if parecida:
        return parecida, thread.FOTO_CASI_IDENTICA
    clave = duplicate_key(reading)
    misma_clave = otras.filter(clave_recibo=clave).order_by("id").first() if clave else None
    if misma_clave:
        return misma_clave, thread.MISMOS_DATOS
    return None, ""


def _near_duplicate(reading: ReceiptReading, otras) -> Venta | None:
    mio = reading.perceptual_hash
    if not mio:
        return None
    # A scan of short strings, no model instances: fine for hundreds of thousands of rows.
    hashes = (
        Comprobante.objects.exclude(sha256=reading.sha256)
        .exclude(hash_perceptual="")
        .values_list("id", "hash_perceptual")
    )
    cerca = [c for c, h in hashes.iterator() if len(h) == len(mio) and is_near_duplicate(mio, h)]
    return otras.filter(comprobante_id__in=cerca).order_by("id").first() if cerca else None

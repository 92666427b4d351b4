"""The frozen values the pipeline returns, and their JSON form for the review desk.

Boxes are in pixels of the ORIGINAL image after EXIF orientation, so the review desk can outline
the total on the photo exactly as the seller sees it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ocr.fiscal import CodigoFiscal

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    def to_list(self) -> list[int]:
        return [self.left, self.top, self.width, self.height]

    @classmethod
    def from_list(cls, values: list[int] | None) -> Box | None:
        return None if values is None else cls(*(int(v) for v in values))

    @staticmethod
    def around(boxes) -> Box:
        """The smallest box holding all of `boxes` (at least one)."""
        boxes = iter(boxes)
        result = next(boxes)
        for box in boxes:
            result = result.union(box)
        return result

    def union(self, other: Box) -> Box:
        left, top = min(self.left, other.left), min(self.top, other.top)
        right = max(self.left + self.width, other.left + other.width)
        bottom = max(self.top + self.height, other.top + other.height)
        return Box(left, top, right - left, bottom - top)


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float  # Tesseract's 0-100 word confidence
    box: Box

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "confidence": self.confidence, "box": self.box.to_list()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Word:
        return cls(data["text"], float(data["confidence"]), Box(*data["box"]))


@dataclass(frozen=True)
class Item:
    """One line item as read from the receipt (a `Detalle` row marked as read by OCR)."""

    descripcion: str
    cantidad: int | Decimal
    precio_unitario: Decimal | None
    importe: Decimal | None
    es_tubo: bool = False
    # False when no quantity was printed or read on the line and 1 was assumed: while the
    # passes' readings are compared (ocr/extract.py), not kept with the reading.
    cantidad_leida: bool = field(default=True, compare=False, repr=False)
    # False when no unit price was printed or read and it was worked out as amount ÷ quantity:
    # such a price only says the quantity divides the amount into cents, so it confirms a
    # quantity only where no printed price does (ocr/extract.py).
    precio_leido: bool = field(default=True, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "descripcion": self.descripcion,
            "cantidad": _decimal_out(self.cantidad),
            "precio_unitario": _decimal_out(self.precio_unitario),
            "importe": _decimal_out(self.importe),
            "es_tubo": self.es_tubo,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Item:
        cantidad = data["cantidad"]
        return cls(
            descripcion=data["descripcion"],
            cantidad=cantidad if isinstance(cantidad, int) else Decimal(cantidad),
            precio_unitario=_decimal_in(data["precio_unitario"]),
            importe=_decimal_in(data["importe"]),
            es_tubo=bool(data.get("es_tubo", False)),
        )


@dataclass(frozen=True)
class Candidate:
    """A value some total line names, how well it is supported, and the evidence for it in words
    a reviewer reads (the review desk and `ocr_receipt --json` show them)."""

    value: Decimal
    score: float  # log-odds of being the total (ocr/total.py)
    evidence: tuple[str, ...]
    # The share of belief that this value is the total, 0-1. A reading stored before
    # probabilities existed has none: 0, so it verifies nothing by itself (a reviewer looks).
    probability: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": str(self.value),
            "score": self.score,
            "probability": self.probability,
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Candidate:
        return cls(
            Decimal(data["value"]),
            float(data["score"]),
            tuple(data["evidence"]),
            float(data.get("probability", 0.0)),
        )


@dataclass(frozen=True)
class Quality:
    """Whether the photo is good enough to trust; `reasons` name the flags that are set (the
    seller's words for them are in sales/texts/photos.py)."""

    ok: bool
    blurry: bool
    dark: bool
    tiny: bool
    reasons: tuple[str, ...] = ()
    metrics: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["reasons"] = list(self.reasons)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quality:
        return cls(
            ok=data["ok"],
            blurry=data["blurry"],
            dark=data["dark"],
            tiny=data["tiny"],
            reasons=tuple(data.get("reasons", ())),
            metrics={k: float(v) for k, v in data.get("metrics", {}).items()},
        )


@dataclass(frozen=True)
class ReceiptReading:
    text: str
    words: tuple[Word, ...]
    total: Decimal | None
    total_box: Box | None
    total_confidence: float  # 0-1, how strongly the evidence supports `total` (0 when None)
    fecha: date | None
    comercio: str | None
    items: tuple[Item, ...]
    tubos: int | None  # None when no item on the receipt is a tube
    quality: Quality
    timings: dict[str, float]
    sha256: str
    perceptual_hash: str
    width: int
    height: int
    mime: str
    # Why no total was chosen (when `total` is None), for the review desk and the logs.
    total_motivo: str = ""
    # A fiscal QR/PDF417 code read on the photo (ocr/fiscal.py): it settles total and date.
    codigo_fiscal: CodigoFiscal | None = None
    # Every value some total line names, best supported first: a typed amount can be verified
    # against the first even when the evidence was too weak to name a total blind.
    candidates: tuple[Candidate, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": SCHEMA_VERSION,
            "text": self.text,
            "words": [w.to_dict() for w in self.words],
            "total": _decimal_out(self.total),
            "total_box": self.total_box.to_list() if self.total_box else None,
            "total_confidence": self.total_confidence,
            "total_motivo": self.total_motivo,
            "fecha": self.fecha.isoformat() if self.fecha else None,
            "comercio": self.comercio,
            "items": [i.to_dict() for i in self.items],
            "tubos": self.tubos,
            "quality": self.quality.to_dict(),
            "timings": dict(self.timings),
            "sha256": self.sha256,
            "perceptual_hash": self.perceptual_hash,
            "width": self.width,
            "height": self.height,
            "mime": self.mime,
            "qr": self.codigo_fiscal.to_dict() if self.codigo_fiscal else None,
            "candidates": [c.to_dict() for c in self.candidates],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReceiptReading:
        return cls(
            text=data["text"],
            words=tuple(Word.from_dict(w) for w in data["words"]),
            total=_decimal_in(data["total"]),
            total_box=Box.from_list(data.get("total_box")),
            total_confidence=float(data["total_confidence"]),
            total_motivo=data.get("total_motivo", ""),
            fecha=date.fromisoformat(data["fecha"]) if data.get("fecha") else None,
            comercio=data.get("comercio"),
            items=tuple(Item.from_dict(i) for i in data["items"]),
            tubos=data.get("tubos"),
            quality=Quality.from_dict(data["quality"]),
            timings={k: float(v) for k, v in data["timings"].items()},
            sha256=data["sha256"],
            perceptual_hash=data["perceptual_hash"],
            width=int(data["width"]),
            height=int(data["height"]),
            mime=data["mime"],
            codigo_fiscal=CodigoFiscal.from_dict(data.get("qr")),
            candidates=tuple(Candidate.from_dict(c) for c in data.get("candidates", ())),
        )


def _decimal_out(value: Decimal | int | None) -> str | int | None:
    # Amounts travel as strings ("1234.50"): a JSON float would lose cents.
    if value is None or isinstance(value, int):
        return value
    return str(value)


def _decimal_in(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)

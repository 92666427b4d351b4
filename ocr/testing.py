"""Fakes for the rest of the suite: readings built from a few fields, and a reader with the
signature of `read_receipt` that returns them without Tesseract."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from ocr.config import OcrConfig
from ocr.errors import OcrError
from ocr.quality import RAZON_BORROSA
from ocr.result import Box, Item, Quality, ReceiptReading, Word

ItemSpec = Item | tuple[int, str, str] | dict


def fake_reading(
    total: str | Decimal | None = "1500.00",
    tubos: int | None = None,
    items: Iterable[ItemSpec] = (),
    quality_ok: bool = True,
    fecha: date | None = None,
    comercio: str | None = "FERRETERIA EL TUBO",
    text: str | None = None,
    image: bytes = b"fake-image",
    perceptual_hash: str = "0" * 64,
    total_confidence: float | None = None,
    palabras_tubo: tuple[str, ...] = ("tubo", "tubos"),
) -> ReceiptReading:
    """A reading as the pipeline would return it. `items` take `(cantidad, descripcion, importe)`
    tuples, dicts of Item fields or Items; `tubos` defaults to the tube items' quantities."""
    built = tuple(_item(spec, palabras_tubo) for spec in items)
    if tubos is None and any(i.es_tubo for i in built):
        tubos = int(sum(i.cantidad for i in built if i.es_tubo))
    value = None if total is None else Decimal(str(total))
    box = Box(10, 400, 120, 24) if value is not None else None
    return ReceiptReading(
        text=text if text is not None else _text(built, value),
        words=(Word(f"{value}", 95.0, box),) if box else (),
        total=value,
        total_box=box,
        total_confidence=(0.9 if value else 0.0) if total_confidence is None else total_confidence,
        total_motivo="" if value is not None else "ninguna línea de total con importe",
        fecha=fecha,
        comercio=comercio,
        items=built,
        tubos=tubos,
        quality=_quality(quality_ok),
        timings={"total": 0.01},
        sha256=hashlib.sha256(image).hexdigest(),
        perceptual_hash=perceptual_hash,
        width=600,
        height=1200,
        mime="image/jpeg",
    )


def _text(items: tuple[Item, ...], total: Decimal | None) -> str:
    lines = [f"{i.cantidad} {i.descripcion} {i.importe}" for i in items]
    return "\n".join([*lines, f"TOTAL {total}"] if total is not None else lines)


def _quality(ok: bool) -> Quality:
    if ok:
        return Quality(ok=True, blurry=False, dark=False, tiny=False)
    return Quality(ok=False, blurry=True, dark=False, tiny=False, reasons=(RAZON_BORROSA,))


def _item(spec: ItemSpec, palabras_tubo: tuple[str, ...]) -> Item:
    if isinstance(spec, Item):
        return spec
    if isinstance(spec, dict):
        data = dict(spec)
        data.setdefault("precio_unitario", None)
        data.setdefault("es_tubo", _mentions(data["descripcion"], palabras_tubo))
        data["importe"] = None if data.get("importe") is None else Decimal(str(data["importe"]))
        return Item(**data)
    cantidad, descripcion, importe = spec
    amount = Decimal(str(importe))
    return Item(
        descripcion=descripcion,
        cantidad=cantidad,
        precio_unitario=(amount / cantidad).quantize(Decimal("0.01")),
        importe=amount,
        es_tubo=_mentions(descripcion, palabras_tubo),
    )


def _mentions(descripcion: str, palabras: tuple[str, ...]) -> bool:
    words = {w.strip(".,").lower() for w in descripcion.split()}
    return any(p.lower() in words for p in palabras)


class FakeReader:
    """Callable like `read_receipt(data, config)`: returns `reading` (or raises `error`) and
    remembers the bytes it was given."""

    def __init__(
        self, reading: ReceiptReading | None = None, error: OcrError | None = None
    ) -> None:
        self.reading = reading or fake_reading()
        self.error = error
        self.calls: list[bytes] = []

    def __call__(self, data: bytes, config: OcrConfig | None = None) -> ReceiptReading:
        self.calls.append(data)
        if self.error is not None:
            raise self.error
        return self.reading


def fake_reader(
    reading: ReceiptReading | None = None, error: OcrError | None = None
) -> Callable[..., ReceiptReading]:
    return FakeReader(reading, error)


def lines_from_text(text: str, *, line_height: int = 30, char_width: int = 14) -> list:
    """OCR lines as Tesseract would give them for `text` (one line per text line, words with
    made-up boxes), to test extraction without images."""
    from ocr.tesseract import Line

    lines = []
    for row, raw in enumerate(text.strip("\n").splitlines()):
        words, column = [], 0
        for token in raw.split(" "):
            if token:
                box = Box(
                    20 + column * char_width, 20 + row * line_height, len(token) * char_width, 24
                )
                words.append(Word(token, 91.0, box))
            column += len(token) + 1
        if words:
            lines.append(Line(tuple(words)))
    return lines


def extract_from_text(*texts: str, config: OcrConfig | None = None):
    """Run the extractor on one OCR text per pass (several texts = several passes)."""
    from ocr.extract import extract_receipt

    passes = {f"pass{n}": lines_from_text(text) for n, text in enumerate(texts)}
    return extract_receipt(passes, config or OcrConfig())


def sample_reader(data: bytes, config: OcrConfig | None = None) -> ReceiptReading:
    """A reader for `OCR_LECTOR = "ocr.testing.sample_reader"`: every photo reads as a
    1,500.00 receipt with 5 tubes, without Tesseract."""
    return fake_reading(
        total="1500.00",
        items=[(5, "TUBO PVC 1/2", "1000.00"), (2, "CODO PVC", "293.10")],
        fecha=date(2024, 1, 12),
        image=data,
    )

"""A sale's receipt: downloaded from Mattermost, kept by its sha256, read, and judged.

`leer_fotos()` does the slow, fallible part outside any transaction (download + OCR);
`evaluar()` turns what was read into the sale's state: verified, flagged for review (with the
reason and, for a duplicate, the other sale), or waiting for a better photo.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from integrations.mattermost import client
from integrations.mattermost.client import MattermostError
from ocr.check import (
    COINCIDEN,
    MONTO_NO_COINCIDE,
    NO_COINCIDEN,
    TOTAL_ILEGIBLE,
    check_amount,
    check_tubes,
    duplicate_key,
    is_near_duplicate,
)
from ocr.config import OcrConfig
from ocr.errors import OcrError, OcrNoDisponible
from ocr.hashing import sha256_hex
from ocr.result import ReceiptReading
from sales.models import Comprobante, Estado, Motivo, Venta
from sales.parsing import MensajeVenta

logger = logging.getLogger(__name__)

# A post may carry up to 10 files (CONTRACT §3.3); reading more than a few is wasted work.
MAX_FOTOS = 3

_EXTENSION = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic"}


@dataclass(frozen=True)
class Foto:
    """One downloaded photo and what reading it gave: a reading, or the error to tell."""

    file_id: str
    sha256: str
    archivo: str
    tamano: int
    reading: ReceiptReading | None = None
    error: OcrError | None = None


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


def lector():
    """The receipt reader (OCR_LECTOR): the real pipeline, or a fake in tests."""
    return import_string(settings.OCR_LECTOR)


# --- Reading (no transaction: network and CPU) -------------------------------------------------


def leer_fotos(file_ids: tuple[str, ...]) -> Foto | None:
    """Read the post's photos in order; the first of good quality wins, else the last one.

    A transient Mattermost failure propagates (the event is retried); a file that is gone or
    too big counts as an unreadable photo.
    """
    foto = None
    for file_id in file_ids[:MAX_FOTOS]:
        foto = _leer_una(file_id)
        if foto.reading is not None and foto.reading.quality.ok:
            return foto
    return foto


def _leer_una(file_id: str) -> Foto:
    try:
        data = client.download_file(file_id, max_bytes=settings.OCR_MAX_BYTES)
    except MattermostError as exc:
        if not exc.permanent:
            raise
        logger.info("Photo %s cannot be downloaded: %s", file_id, exc)
        error = OcrError(str(exc), mensaje="No pude descargar la foto. Envíala de nuevo.")
        return Foto(file_id=file_id, sha256="", archivo="", tamano=0, error=error)
    archivo = _guardar(data)
    sha = sha256_hex(data)
    try:
        reading = lector()(data, OcrConfig.from_settings())
    except OcrError as exc:
        logger.info("Photo %s not read: %s", file_id, exc)
        return Foto(file_id, sha, archivo, len(data), error=exc)
    return Foto(file_id, sha, archivo, len(data), reading=reading)


def _guardar(data: bytes) -> str:
    """Write the image under MEDIA_ROOT/comprobantes by its sha256 (once); its relative path."""
    sha = sha256_hex(data)
    relative = f"comprobantes/{sha[:2]}/{sha}"
    path = Path(settings.MEDIA_ROOT) / relative
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(data)
        temporary.replace(path)  # atomic: a crash never leaves half an image under the name
    return relative


def guardar_comprobante(foto: Foto) -> Comprobante | None:
    """The Comprobante row for a downloaded photo (inside the caller's transaction)."""
    if not foto.sha256:
        return None
    reading = foto.reading
    comprobante, _ = Comprobante.objects.get_or_create(
        sha256=foto.sha256,
        defaults={
            "archivo": foto.archivo,
            "mime": reading.mime if reading else "",
            "tamano": foto.tamano,
            "ancho": reading.width if reading else 0,
            "alto": reading.height if reading else 0,
            "hash_perceptual": reading.perceptual_hash if reading else "",
            "mm_file_id": foto.file_id,
        },
    )
    return comprobante


def foto_de(venta: Venta) -> Foto | None:
    """The photo a sale already has, rebuilt from its stored reading (to judge new data)."""
    if venta.comprobante_id is None or not venta.lectura:
        return None
    comprobante = venta.comprobante
    base = (comprobante.mm_file_id, comprobante.sha256, comprobante.archivo, comprobante.tamano)
    if "error" in venta.lectura:
        return Foto(*base, error=OcrError(venta.lectura["error"]))
    return Foto(*base, reading=ReceiptReading.from_dict(venta.lectura))


# --- Judging (inside the registering transaction: it looks at other sales) ---------------------


def evaluar(mensaje: MensajeVenta, foto: Foto | None, *, venta: Venta | None = None) -> Evaluacion:
    """What the receipt says about the typed sale. `venta` is the sale itself when re-judging."""
    if foto is None:
        if settings.VENTA_REQUIERE_COMPROBANTE:
            return Evaluacion(Estado.EN_REVISION, Motivo.SIN_COMPROBANTE)
        return Evaluacion(Estado.REGISTRADA)
    if foto.error is not None:
        if isinstance(foto.error, OcrNoDisponible):
            return Evaluacion(Estado.EN_REVISION, Motivo.TOTAL_ILEGIBLE, foto.error.mensaje, foto)
        return Evaluacion(Estado.ESPERANDO_FOTO, detalle=foto.error.mensaje, foto=foto)
    reading = foto.reading
    if not reading.quality.ok:
        return Evaluacion(
            Estado.ESPERANDO_FOTO, detalle=" ".join(reading.quality.reasons), foto=foto
        )
    return _comparar(mensaje, foto, reading, venta)


def _comparar(
    mensaje: MensajeVenta, foto: Foto, reading: ReceiptReading, venta: Venta | None
) -> Evaluacion:
    leidos = [_detalle(item) for item in reading.items]
    monto = check_amount(mensaje.monto, reading, Decimal(settings.OCR_TOLERANCIA))
    base = {"foto": foto, "diferencia_pct": monto.difference_pct, "detalles_leidos": leidos}
    otra, como = buscar_duplicado(reading, excluir=venta)
    if otra is not None:
        detalle = (
            f"Este ticket ya se usó en la venta #{otra.pk} del "
            f"{otra.fecha:%d/%m/%Y} (${otra.monto:,.2f}): {como}."
        )
        return Evaluacion(Estado.EN_REVISION, Motivo.DUPLICADO, detalle, duplicado_de=otra, **base)
    if monto.outcome == TOTAL_ILEGIBLE:
        return Evaluacion(
            Estado.EN_REVISION, Motivo.TOTAL_ILEGIBLE, "No encontré el total en el ticket.", **base
        )
    if monto.outcome == MONTO_NO_COINCIDE:
        detalle = (
            f"El ticket dice ${reading.total:,.2f} y escribiste ${mensaje.monto:,.2f} "
            f"(diferencia de {monto.difference_pct} %)."
        )
        return Evaluacion(Estado.EN_REVISION, Motivo.MONTO_NO_COINCIDE, detalle, **base)
    tubos = check_tubes(mensaje.tubos, reading)
    if tubos.outcome == NO_COINCIDEN:
        detalle = f"El ticket muestra {tubos.read} tubos y escribiste {mensaje.tubos}."
        return Evaluacion(Estado.EN_REVISION, Motivo.TUBOS_NO_COINCIDEN, detalle, **base)
    assert tubos.outcome in (COINCIDEN, "sin_lectura")
    return Evaluacion(Estado.REGISTRADA, **base)


def _detalle(item) -> dict[str, Any]:
    return {
        "descripcion": item.descripcion[:200],
        "cantidad": Decimal(item.cantidad),
        "precio_unitario": item.precio_unitario,
        "importe": item.importe if item.importe is not None else Decimal("0.00"),
    }


def buscar_duplicado(reading: ReceiptReading, *, excluir: Venta | None) -> tuple[Venta | None, str]:
    """Another live sale that used this receipt, and how we know (in Spanish)."""
    otras = Venta.objects.exclude(estado=Estado.ANULADA).select_related("comprobante")
    if excluir is not None:
        otras = otras.exclude(pk=excluir.pk)
    misma = otras.filter(comprobante__sha256=reading.sha256).order_by("id").first()
    if misma:
        return misma, "es la misma foto"
    if reading.perceptual_hash:
        # A scan of short strings, no model instances: fine for hundreds of thousands of rows.
        hashes = (
            Comprobante.objects.exclude(sha256=reading.sha256)
            .exclude(hash_perceptual="")
            .values_list("id", "hash_perceptual")
        )
        mio = reading.perceptual_hash
        cerca = [
            c for c, h in hashes.iterator() if len(h) == len(mio) and is_near_duplicate(mio, h)
        ]
        parecida = otras.filter(comprobante_id__in=cerca).order_by("id").first() if cerca else None
        if parecida:
            return parecida, "es una foto casi idéntica"
    clave = duplicate_key(reading)
    if clave:
        misma_clave = otras.filter(clave_recibo=clave).order_by("id").first()
        if misma_clave:
            return misma_clave, "tiene el mismo total, fecha y comercio"
    return None, ""

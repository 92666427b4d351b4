"""A sale's receipt photo: downloaded from Mattermost, kept by its sha256, and read.

`read_photos()` does the slow, fallible part outside any transaction (download + OCR); what the
reading means for the sale is judged by `sales.rules`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from integrations.mattermost import client
from integrations.mattermost.client import FileTooBig, MattermostError
from ocr.config import OcrConfig
from ocr.errors import ArchivoDemasiadoGrande, FotoNoDescargada, OcrError
from ocr.hashing import sha256_hex
from ocr.reader import get_reader
from ocr.result import ReceiptReading
from sales.models import Comprobante, Venta

logger = logging.getLogger(__name__)

# A post may carry up to 10 files (docs/mattermost.md#posts); reading more than a few is
# wasted work.
MAX_FOTOS = 3


@dataclass(frozen=True)
class Foto:
    """One downloaded photo and what reading it gave: a reading, or the error to tell."""

    file_id: str
    sha256: str
    archivo: str
    tamano: int
    reading: ReceiptReading | None = None
    error: OcrError | None = None


# --- Reading (no transaction: network and CPU) -------------------------------------------------


def read_photos(file_ids: tuple[str, ...]) -> Foto | None:
    """Read the post's photos in order; the first of good quality wins, else the last one.

    A transient Mattermost failure propagates (the event is retried); a file that is gone or
    too big counts as an unreadable photo.
    """
    foto = None
    for file_id in file_ids[:MAX_FOTOS]:
        foto = _read_one(file_id)
        if foto.reading is not None and foto.reading.quality.ok:
            return foto
    return foto


def _read_one(file_id: str) -> Foto:
    try:
        data = client.download_file(file_id, max_bytes=settings.OCR_MAX_BYTES)
    except MattermostError as exc:
        if not exc.permanent:
            raise
        logger.info("Photo %s cannot be downloaded: %s", file_id, exc)
        error = ArchivoDemasiadoGrande if isinstance(exc, FileTooBig) else FotoNoDescargada
        return Foto(file_id=file_id, sha256="", archivo="", tamano=0, error=error(str(exc)))
    archivo = store(data)
    sha = sha256_hex(data)
    try:
        reading = get_reader()(data, OcrConfig.from_settings())
    except OcrError as exc:
        logger.info("Photo %s not read: %s", file_id, exc)
        return Foto(file_id, sha, archivo, len(data), error=exc)
    return Foto(file_id, sha, archivo, len(data), reading=reading)


def store(data: bytes) -> str:
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


def save_receipt(foto: Foto) -> Comprobante | None:
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


def photo_of(venta: Venta) -> Foto | None:
    """The photo a sale already has, rebuilt from its stored reading (to judge new data)."""
    if venta.comprobante_id is None or not venta.lectura:
        return None
    comprobante = venta.comprobante
    base = (comprobante.mm_file_id, comprobante.sha256, comprobante.archivo, comprobante.tamano)
    if "error" in venta.lectura:
        return Foto(*base, error=OcrError.from_code(venta.lectura["error"]))
    return Foto(*base, reading=ReceiptReading.from_dict(venta.lectura))

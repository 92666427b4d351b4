"""The receipt photo as the review desk shows it: upright, scaled down, the total outlined.

The OCR stores `total_box` in pixels of the original image after EXIF orientation, and the
size of that upright image as `width` x `height` (ocr/result.py). The photo is turned upright
here the same way the pipeline does (`ImageOps.exif_transpose`, ocr/decode.py), so scaling the
box by the rendition's size over the reading's size puts it where the pipeline saw the total.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

from django.conf import settings
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from ocr.decode import sniff_format
from sales.models import Comprobante

# Longest side of the photo on the desk; `completa` keeps the original size.
LADO_MAXIMO = 1600
COLOR_MARCA = (230, 20, 60)


class SinImagen(Exception):
    """There is no photo to show: the file is missing or is not an image we open."""


def path_of(comprobante: Comprobante) -> Path:
    """Where the photo is stored, never outside MEDIA_ROOT."""
    raiz = Path(settings.MEDIA_ROOT).resolve()
    archivo = (raiz / comprobante.archivo).resolve()
    if not archivo.is_relative_to(raiz):
        raise SinImagen(f"{comprobante.archivo!r} is outside MEDIA_ROOT")
    return archivo


def outlined_photo(
    comprobante: Comprobante, lectura: dict[str, Any] | None, *, completa: bool = False
) -> bytes:
    """The photo as a JPEG with the total the OCR chose outlined (when it found one)."""
    try:
        data = path_of(comprobante).read_bytes()
    except OSError as exc:
        raise SinImagen(str(exc)) from exc
    imagen = _open_upright(data, None if completa else LADO_MAXIMO)
    caja = total_box(lectura, *imagen.size)
    if caja:
        _outline(imagen, caja)
    salida = io.BytesIO()
    imagen.save(salida, format="JPEG", quality=85)
    return salida.getvalue()


def total_box(
    lectura: dict[str, Any] | None, ancho: int, alto: int
) -> tuple[float, float, float, float] | None:
    """The total's box as (left, top, right, bottom) on an upright rendition of ancho x alto."""
    if not lectura or not lectura.get("total_box"):
        return None
    left, top, width, height = (float(v) for v in lectura["total_box"])
    escala_x = ancho / float(lectura.get("width") or ancho)
    escala_y = alto / float(lectura.get("height") or alto)
    return (
        left * escala_x,
        top * escala_y,
        (left + width) * escala_x,
        (top + height) * escala_y,
    )


def _open_upright(data: bytes, lado_maximo: int | None) -> Image.Image:
    formato = sniff_format(data)
    if formato is None:
        raise SinImagen("not a JPEG, PNG, WebP, HEIC or AVIF image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            imagen = Image.open(io.BytesIO(data), formats=[formato])
            ancho, alto = imagen.size
            if ancho * alto > settings.OCR_MAX_PIXELS:
                raise SinImagen(f"{ancho}x{alto} > OCR_MAX_PIXELS")
            if lado_maximo:
                # JPEG decodes at 1/2, 1/4 or 1/8 directly: a phone photo costs a fraction.
                imagen.draft("RGB", (lado_maximo, lado_maximo))
            imagen.load()
            imagen = (ImageOps.exif_transpose(imagen) or imagen).convert("RGB")
    except (Image.DecompressionBombError, UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise SinImagen(str(exc)) from exc
    if lado_maximo:
        imagen.thumbnail((lado_maximo, lado_maximo), Image.Resampling.LANCZOS)
    return imagen


def _outline(imagen: Image.Image, caja: tuple[float, float, float, float]) -> None:
    ancho, alto = imagen.size
    grosor = max(3, round(max(ancho, alto) / 300))
    margen = grosor * 2
    left, top, right, bottom = caja
    rectangulo = (
        max(0, round(left) - margen),
        max(0, round(top) - margen),
        min(ancho - 1, round(right) + margen),
        min(alto - 1, round(bottom) + margen),
    )
    ImageDraw.Draw(imagen).rectangle(rectangulo, outline=COLOR_MARCA, width=grosor)

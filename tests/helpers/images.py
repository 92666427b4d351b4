"""Small real images for tests that need a photo (not a receipt: OCR is faked there)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw


def jpeg(text: str = "TOTAL 1500.00", size: tuple[int, int] = (320, 480)) -> bytes:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((20, 20), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return buffer.getvalue()


def as_avif(photo: bytes) -> bytes:
    """The photo as some Android phones save it: AVIF (Pillow writes and reads it itself)."""
    salida = io.BytesIO()
    Image.open(io.BytesIO(photo)).save(salida, format="AVIF", quality=90)
    return salida.getvalue()


def as_heic(photo: bytes) -> bytes:
    """The photo as an iPhone would send it: HEIC (Pillow writes it once `ocr.decode`, which
    registers pillow-heif, is imported)."""
    import ocr.decode  # noqa: F401 - registers the HEIF format with Pillow

    salida = io.BytesIO()
    Image.open(io.BytesIO(photo)).save(salida, format="HEIF", quality=90)
    return salida.getvalue()

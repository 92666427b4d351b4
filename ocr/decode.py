"""Safe decoding: sniff the bytes, refuse what is too big before decoding, apply EXIF orientation.

Mattermost derives a file's `mime_type` from its name (docs/mattermost.md#posts), so a name says
nothing reliable: the format is decided by the first bytes, and Pillow is only allowed to open
that one format.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

from ocr.errors import (
    ArchivoDemasiadoGrande,
    FormatoNoSoportado,
    ImagenDanada,
    ImagenDemasiadoGrande,
)

# Pillow format name -> mime type we report.
_MIMES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
    "AVIF": "image/avif",
}
# An iPhone takes its photos as HEIC, and a seller may send one as it is. pillow-heif teaches
# Pillow the format; it reads the size from the header and decodes the pixels only on load,
# like the other formats, and applies the photo's rotation (HEIF's `irot`) while decoding.
pillow_heif.register_heif_opener()
# The brands of an HEIF file holding HEVC images (ISO/IEC 23008-12): an iPhone's say `heic`.
# AVIF (AV1 images, which some Android phones save and Pillow reads itself) says `avif`/`avis`.
# `mif1` and `msf1` are the generic image brands of both: then the compatible ones tell.
_HEVC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis"}
_AV1_BRANDS = {b"avif", b"avis"}
_GENERIC_BRANDS = {b"mif1", b"msf1"}


@dataclass(frozen=True)
class DecodedImage:
    rgb: np.ndarray  # height x width x 3, uint8, already turned upright
    mime: str
    # The photo's own size, upright: `rgb` is smaller when a large JPEG was decoded reduced.
    width: int
    height: int


def sniff_format(data: bytes) -> str | None:
    """The Pillow format name the magic bytes announce, or None when we do not accept it."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if _has_brand(data, _HEVC_BRANDS):
        return "HEIF"
    if _has_brand(data, _AV1_BRANDS):
        return "AVIF"
    return None


def _has_brand(data: bytes, brands: set[bytes]) -> bool:
    """An ISO media file whose `ftyp` box names one of `brands`, as the major brand or, after a
    generic one, among the compatible brands."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    size = int.from_bytes(data[:4], "big")
    major = data[8:12]
    compatible = {data[i : i + 4] for i in range(16, min(size, len(data), 256) - 3, 4)}
    return major in brands or (major in _GENERIC_BRANDS and bool(compatible & brands))


def decode_image(
    data: bytes, *, max_bytes: int, max_pixels: int, reduce_to: int | None = None
) -> DecodedImage:
    """`reduce_to`: a JPEG larger than this many pixels is decoded at a power-of-two fraction of
    its size that keeps at least this many (libjpeg scales while decoding: a 35 Mpx photo is
    never held in memory whole)."""
    if len(data) > max_bytes:
        raise ArchivoDemasiadoGrande(f"{len(data)} bytes > OCR_MAX_BYTES={max_bytes}")
    fmt = sniff_format(data)
    if fmt is None:
        raise FormatoNoSoportado(f"unrecognised leading bytes {data[:12]!r}")
    image = _open(data, fmt)
    # The header is read, the pixels are not: a decompression bomb is refused here, cheaply.
    width, height = image.size
    if width * height > max_pixels:
        raise ImagenDemasiadoGrande(f"{width}x{height} > OCR_MAX_PIXELS={max_pixels}")
    if width < 1 or height < 1:
        raise ImagenDanada(f"empty image {width}x{height}")
    if fmt == "JPEG" and reduce_to:
        _draft(image, reduce_to)
    decoded_width = image.size[0]
    rgb = _load_upright_rgb(image)
    # EXIF orientation may have turned the photo a quarter: then its sides swap too.
    turned = rgb.shape[1] != decoded_width
    return DecodedImage(
        rgb=rgb,
        mime=_MIMES[fmt],
        width=height if turned else width,
        height=width if turned else height,
    )


def _draft(image: Image.Image, reduce_to: int) -> None:
    """Ask libjpeg for the largest reduction (1/2, 1/4, 1/8) that keeps `reduce_to` pixels."""
    width, height = image.size
    factor = 1
    while factor < 8 and (width // (factor * 2)) * (height // (factor * 2)) >= reduce_to:
        factor *= 2
    if factor > 1:
        image.draft("RGB", (width // factor, height // factor))


def _open(data: bytes, fmt: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Our own pixel limit applies; Pillow's bomb warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=[fmt])
    except Image.DecompressionBombError as exc:
        raise ImagenDemasiadoGrande(str(exc)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImagenDanada(f"{fmt} header unreadable: {exc}") from exc


def _load_upright_rgb(image: Image.Image) -> np.ndarray:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
            # In place: without an orientation tag the default returns a full copy, and on a
            # 40 Mpx photo every copy is 160 MB of a worker's memory (docs/benchmarks.md).
            ImageOps.exif_transpose(image, in_place=True)
            rgb = _to_rgb(image)
    except Image.DecompressionBombError as exc:
        raise ImagenDemasiadoGrande(str(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Truncated or corrupt pixel data: Pillow refuses it (LOAD_TRUNCATED_IMAGES stays off).
        raise ImagenDanada(f"pixel data unreadable: {exc}") from exc
    return np.asarray(rgb, dtype=np.uint8)


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # A transparent screenshot would turn black where it is see-through: paint it on white.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return ImageOps.autocontrast(
            image.convert("I").point(lambda v: v / 256).convert("L")
        ).convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")  # no copy when already RGB

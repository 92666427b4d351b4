import io

import numpy as np
import pytest
from PIL import Image

from ocr.decode import decode_image, sniff_format
from ocr.errors import (
    ArchivoDemasiadoGrande,
    FormatoNoSoportado,
    ImagenDanada,
    ImagenDemasiadoGrande,
    OcrError,
)
from sales.texts import photos

from .images import encode, png_header_claiming, receipt_like

LIMITS = {"max_bytes": 5_000_000, "max_pixels": 4_000_000}


def decode(data, **limits):
    return decode_image(data, **{**LIMITS, **limits})


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [
        ("PNG", "image/png"),
        ("JPEG", "image/jpeg"),
        ("WEBP", "image/webp"),
        ("HEIF", "image/heic"),
        ("AVIF", "image/avif"),
    ],
)
def test_jpeg_png_webp_heic_and_avif_are_accepted_and_the_mime_comes_from_the_bytes(fmt, mime):
    decoded = decode(encode(receipt_like(), fmt))
    assert decoded.mime == mime
    assert (decoded.width, decoded.height) == (400, 600)
    assert decoded.rgb.shape == (600, 400, 3)


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF", "PDF"])
def test_other_formats_are_refused_whatever_the_file_is_called(fmt):
    data = encode(receipt_like(), fmt)
    with pytest.raises(FormatoNoSoportado) as caught:
        decode(data)
    assert caught.value.code == "formato_no_soportado"
    assert "JPG" in photos.problema(caught.value.code)


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    """The opening `ftyp` box of an ISO media file, then some bytes of no box in particular."""
    caja = b"ftyp" + major + b"\0\0\0\0" + b"".join(compatible)
    return (len(caja) + 4).to_bytes(4, "big") + caja + b"\0" * 64


def test_heic_and_avif_are_told_from_other_iso_media_by_their_brands():
    assert sniff_format(ftyp(b"heic", b"mif1", b"heic")) == "HEIF"
    assert sniff_format(ftyp(b"mif1", b"mif1", b"heic")) == "HEIF"  # the generic brand first
    assert sniff_format(ftyp(b"avif", b"mif1", b"avif")) == "AVIF"  # AV1 images
    assert sniff_format(ftyp(b"mif1", b"mif1", b"avif")) == "AVIF"
    assert sniff_format(ftyp(b"isom", b"isom", b"mp41")) is None  # a video


@pytest.mark.parametrize("fmt", ["HEIF", "AVIF"])
def test_a_heic_or_avif_over_the_pixel_limit_is_refused_from_its_header(fmt):
    with pytest.raises(ImagenDemasiadoGrande):
        decode(encode(receipt_like(), fmt), max_pixels=100_000)


def test_text_pretending_to_be_a_photo_is_refused():
    with pytest.raises(FormatoNoSoportado):
        decode(b"<html>not a receipt.jpg</html>")
    assert sniff_format(b"") is None


def test_oversized_files_are_refused_before_anything_is_decoded():
    with pytest.raises(ArchivoDemasiadoGrande) as caught:
        decode(b"\xff\xd8\xff" + b"\0" * 2000, max_bytes=1000)
    assert caught.value.code == "archivo_demasiado_grande"


def test_a_decompression_bomb_is_refused_from_its_header():
    bomb = png_header_claiming(60_000, 60_000)
    assert len(bomb) < 200
    with pytest.raises(ImagenDemasiadoGrande) as caught:
        decode(bomb)
    assert caught.value.code == "imagen_demasiado_grande"


def test_the_pixel_limit_is_configurable():
    with pytest.raises(ImagenDemasiadoGrande):
        decode(encode(receipt_like()), max_pixels=100_000)


def test_exif_orientation_is_applied():
    image = Image.fromarray(receipt_like(400, 600))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to view": the camera held sideways
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    decoded = decode(buffer.getvalue())
    assert (decoded.width, decoded.height) == (600, 400)


@pytest.mark.parametrize(("orientation", "size"), [(1, (1200, 1600)), (6, (1600, 1200))])
def test_a_large_jpeg_is_decoded_reduced_and_keeps_its_own_size(orientation, size):
    image = Image.fromarray(receipt_like(1200, 1600))  # 1200 wide, 1600 high
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    decoded = decode(buffer.getvalue(), reduce_to=400_000)
    assert (decoded.width, decoded.height) == size
    # A quarter of each side: 300 x 400 = 120,000 would be too few, a half keeps 480,000.
    assert decoded.rgb.shape[:2] == (size[1] // 2, size[0] // 2)


def test_a_truncated_image_is_reported_as_damaged():
    data = encode(receipt_like(), "JPEG")
    with pytest.raises(ImagenDanada) as caught:
        decode(data[: len(data) // 2])
    assert caught.value.code == "imagen_danada"


def test_garbage_after_a_valid_signature_is_damaged_not_a_crash():
    with pytest.raises(ImagenDanada):
        decode(b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)


def test_transparent_png_is_painted_on_white():
    rgba = np.zeros((50, 50, 4), np.uint8)  # fully transparent black
    decoded = decode(encode(rgba, "PNG"))
    assert decoded.rgb.min() == 255


def test_every_refusal_is_an_ocr_error_with_a_spanish_message():
    for error in (
        FormatoNoSoportado(),
        ArchivoDemasiadoGrande(),
        ImagenDemasiadoGrande(),
        ImagenDanada(),
    ):
        assert isinstance(error, OcrError)
        assert error.code
        assert photos.problema(error.code) != photos.problema("error_ocr")

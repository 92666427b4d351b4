"""The photo is shown upright with the total the OCR chose outlined, where the OCR saw it:
boxes are in pixels of the upright original, whatever the EXIF orientation and the size shown."""

import io

import pytest
from PIL import Image, ImageDraw

from ocr.decode import decode_image
from sales import evidence
from sales.models import Comprobante

CAJA = [200, 400, 80, 30]  # the total, on the upright 320 x 480 photo


def ticket(size=(320, 480), caja=CAJA, orientacion=1, formato="JPEG") -> bytes:
    """A white upright photo with a black block where the total is, stored as a camera would
    for the EXIF orientation given (6: the sensor was sideways, turn 90° clockwise to view)."""
    derecha = Image.new("RGB", size, "white")
    left, top, width, height = caja
    ImageDraw.Draw(derecha).rectangle((left, top, left + width, top + height), fill="black")
    guardada = derecha.transpose(Image.Transpose.ROTATE_90) if orientacion == 6 else derecha
    exif = Image.Exif()
    exif[0x0112] = orientacion
    salida = io.BytesIO()
    guardada.save(salida, format=formato, quality=95, exif=exif.tobytes())
    return salida.getvalue()


def guardado(tmp_path, settings, data: bytes) -> Comprobante:
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "ticket.jpg").write_bytes(data)
    return Comprobante(archivo="ticket.jpg")


def abrir(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def rojo(pixel) -> bool:
    r, g, b = pixel
    return r > 170 and g < 100 and b < 120


def rojos(imagen: Image.Image) -> int:
    return sum(1 for p in imagen.get_flattened_data() if rojo(p))


def lectura(caja=CAJA, width=320, height=480):
    return {"total_box": caja, "width": width, "height": height}


def test_the_outline_surrounds_the_total(tmp_path, settings):
    imagen = abrir(evidence.outlined_photo(guardado(tmp_path, settings, ticket()), lectura()))
    assert imagen.size == (320, 480)
    assert rojo(imagen.getpixel((194, 415)))  # left of the block, within the margin
    assert rojo(imagen.getpixel((240, 394)))  # above it
    assert imagen.getpixel((240, 415))[0] < 60  # the total itself is not painted over
    assert not any(rojo(imagen.getpixel((x, 100))) for x in range(320))


def test_a_photo_taken_sideways_is_turned_upright_and_outlined_where_the_ocr_read(
    tmp_path, settings
):
    data = ticket(orientacion=6)
    decodificada = decode_image(data, max_bytes=10**7, max_pixels=10**7)
    assert (decodificada.width, decodificada.height) == (320, 480)  # as the OCR saw it
    imagen = abrir(evidence.outlined_photo(guardado(tmp_path, settings, data), lectura()))
    assert imagen.size == (320, 480)
    assert rojo(imagen.getpixel((194, 415)))
    assert imagen.getpixel((240, 415))[0] < 60


@pytest.mark.parametrize(("formato", "mime"), [("HEIF", "image/heic"), ("AVIF", "image/avif")])
def test_a_heic_or_avif_taken_sideways_is_shown_upright_as_a_jpeg(
    tmp_path, settings, formato, mime
):
    data = ticket(orientacion=6, formato=formato)
    decodificada = decode_image(data, max_bytes=10**7, max_pixels=10**7)
    assert (decodificada.mime, decodificada.width, decodificada.height) == (mime, 320, 480)
    mostrada = evidence.outlined_photo(guardado(tmp_path, settings, data), lectura())
    assert mostrada.startswith(b"\xff\xd8\xff")  # a JPEG: browsers do not all show HEIC
    imagen = abrir(mostrada)
    assert imagen.size == (320, 480)
    assert rojo(imagen.getpixel((194, 415)))
    assert imagen.getpixel((240, 415))[0] < 60


def test_a_big_photo_is_shown_smaller_with_the_outline_scaled_along(tmp_path, settings):
    grande = [1000, 2000, 400, 150]
    data = ticket(size=(1600, 2400), caja=grande)
    imagen = abrir(
        evidence.outlined_photo(
            guardado(tmp_path, settings, data), lectura(grande, width=1600, height=2400)
        )
    )
    assert max(imagen.size) == evidence.LADO_MAXIMO
    escala = evidence.LADO_MAXIMO / 2400
    assert rojo(imagen.getpixel((round(1000 * escala) - 8, round(2075 * escala))))
    completa = abrir(
        evidence.outlined_photo(
            guardado(tmp_path, settings, data),
            lectura(grande, width=1600, height=2400),
            completa=True,
        )
    )
    assert completa.size == (1600, 2400)


def test_without_a_total_the_photo_is_shown_without_outline(tmp_path, settings):
    imagen = abrir(evidence.outlined_photo(guardado(tmp_path, settings, ticket()), {}))
    assert rojos(imagen) == 0


def test_a_file_that_is_not_an_image_is_not_shown(tmp_path, settings):
    with pytest.raises(evidence.SinImagen):
        evidence.outlined_photo(guardado(tmp_path, settings, b"%PDF-1.4 ..."), lectura())


def test_a_stored_path_outside_media_root_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(evidence.SinImagen):
        evidence.outlined_photo(Comprobante(archivo="../../etc/passwd"), lectura())

"""The receipt decides the sale's state: verified, flagged with a reason, or a retake asked.

Everything goes through the stand-in Mattermost and the live webhook; the OCR is the fake
reader (tests/helpers/ocr.py) except in the tests marked `tesseract`: a real photographed ticket
sent as a JPEG and as an iPhone's HEIC (read by the service's own reader), and its date.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from ocr.errors import FormatoNoSoportado, OcrNoDisponible
from ocr.testing import fake_reading
from sales.models import Comprobante, Detalle, Estado, EventoEntrante, Motivo, Venta
from tests.e2e.test_sale_through_mattermost import bot_replies, deliver, emojis
from tests.helpers.images import as_heic, jpeg

pytestmark = pytest.mark.django_db(transaction=True)
RECEIPTS = Path(__file__).resolve().parents[1] / "fixtures" / "receipts"
SALE = "@monto 1500 @cliente Juan @tubos 5"


def sell(mm, message=SALE, image=None, name="ticket.jpg", **kwargs):
    return deliver(mm, mm.ventas, message, files=[(name, image or jpeg())], **kwargs)


def test_a_matching_receipt_verifies_the_sale_and_keeps_the_evidence(mm, hook, worker):
    image = jpeg("ticket verificado")
    sell(mm, image=image)
    worker()
    venta = Venta.objects.get()
    assert (venta.estado, venta.monto_leido, venta.tubos_leidos) == (
        Estado.REGISTRADA,
        Decimal("1500.00"),
        5,
    )
    assert venta.diferencia_pct == Decimal("0.00")
    comprobante = venta.comprobante
    stored = Path(django_settings.MEDIA_ROOT) / comprobante.archivo
    assert stored.read_bytes() == image
    assert comprobante.archivo.endswith(comprobante.sha256)
    assert venta.lectura["total"] == "1500.00"
    assert venta.lectura["total_box"]
    leido = venta.detalles.get(origen=Detalle.Origen.RECIBO)
    assert (leido.descripcion, leido.cantidad) == ("TUBO PVC 1/2", 5)


def test_an_amount_outside_the_tolerance_is_flagged_with_both_amounts(mm, hook, worker):
    post = sell(mm, "@monto 1600 @cliente Juan @tubos 5")
    worker()
    venta = Venta.objects.get()
    assert (venta.estado, venta.motivo) == (Estado.EN_REVISION, Motivo.MONTO_NO_COINCIDE)
    assert venta.diferencia_pct == Decimal("6.67")
    [reply] = bot_replies(mm, post)
    assert "El ticket dice $1,500.00 y escribiste $1,600.00" in reply.message
    assert emojis(mm, post) == ["warning"]


def test_an_amount_within_five_percent_is_verified(mm, hook, worker):
    sell(mm, "@monto 1570 @cliente Juan @tubos 5")
    worker()
    assert Venta.objects.get().estado == Estado.REGISTRADA


def test_no_readable_total_is_flagged_not_guessed(mm, hook, worker, ocr):
    ocr.returns(fake_reading(total=None))
    sell(mm)
    worker()
    venta = Venta.objects.get()
    assert (venta.estado, venta.motivo) == (Estado.EN_REVISION, Motivo.TOTAL_ILEGIBLE)


def test_typed_tubes_that_differ_from_the_receipt_are_flagged(mm, hook, worker):
    post = sell(mm, "@monto 1500 @cliente Juan @tubos 8")
    worker()
    venta = Venta.objects.get()
    assert (venta.estado, venta.motivo) == (Estado.EN_REVISION, Motivo.TUBOS_NO_COINCIDEN)
    assert "El ticket muestra 5 tubos y escribiste 8" in bot_replies(mm, post)[0].message


def test_the_same_photo_twice_is_a_duplicate_pointing_to_the_first_sale(mm, hook, worker):
    image = jpeg("el mismo ticket")
    sell(mm, image=image)
    worker()
    second = sell(mm, "@monto 1500 @cliente Pedro @tubos 5", image=image)
    worker()
    first, dup = Venta.objects.order_by("id")
    assert first.estado == Estado.REGISTRADA
    assert (dup.estado, dup.motivo, dup.duplicado_de) == (
        Estado.EN_REVISION,
        Motivo.DUPLICADO,
        first,
    )
    assert f"venta #{first.pk}" in dup.motivo_detalle
    assert "es la misma foto" in dup.motivo_detalle
    assert "ya se usó en otra venta" in bot_replies(mm, second)[0].message
    assert Comprobante.objects.count() == 1


def test_a_near_identical_photo_is_a_duplicate(mm, hook, worker, ocr):
    ocr.returns(fake_reading(items=[(5, "TUBO", "1500")], perceptual_hash="f" * 64))
    sell(mm, image=jpeg("foto uno"))
    worker()
    ocr.returns(fake_reading(items=[(5, "TUBO", "1500")], perceptual_hash="f" * 63 + "0"))
    sell(mm, image=jpeg("foto dos, recomprimida"))
    worker()
    dup = Venta.objects.order_by("id").last()
    assert dup.motivo == Motivo.DUPLICADO
    assert "casi idéntica" in dup.motivo_detalle


def test_the_same_total_date_and_merchant_is_a_duplicate(mm, hook, worker, ocr):
    import datetime as dt

    same = {"items": [(5, "TUBO", "1500")], "fecha": dt.date(2026, 11, 2), "comercio": "FERRE SA"}
    ocr.returns(fake_reading(perceptual_hash="0" * 64, **same))
    sell(mm, image=jpeg("foto de frente"))
    worker()
    ocr.returns(fake_reading(perceptual_hash="f" * 64, **same))
    sell(mm, image=jpeg("otra foto del mismo ticket"))
    worker()
    dup = Venta.objects.order_by("id").last()
    assert dup.motivo == Motivo.DUPLICADO
    assert "mismo total, fecha y comercio" in dup.motivo_detalle


def test_a_blurry_photo_asks_for_a_retake_and_the_retake_in_the_thread_settles_it(
    mm, hook, worker, ocr
):
    ocr.returns(fake_reading(items=[(5, "TUBO", "1500")], quality_ok=False))
    post = sell(mm)
    worker()
    venta = Venta.objects.get()
    assert venta.estado == Estado.ESPERANDO_FOTO
    assert emojis(mm, post) == ["camera"]
    assert "Envía otra foto del ticket en este hilo" in bot_replies(mm, post)[0].message
    ocr.returns()
    deliver(mm, mm.ventas, "ahí va", files=[("retoma.jpg", jpeg("retoma"))], root_id=post["id"])
    worker()
    venta.refresh_from_db()
    assert venta.estado == Estado.REGISTRADA
    assert Venta.objects.count() == 1
    assert emojis(mm, post) == ["white_check_mark"]
    assert "Recibí la foto" in bot_replies(mm, post)[-1].message


def test_a_later_photo_of_the_same_seller_outside_the_thread_attaches_too(mm, hook, worker, ocr):
    ocr.returns(fake_reading(items=[(5, "TUBO", "1500")], quality_ok=False))
    sell(mm)
    worker()
    ocr.returns()
    deliver(mm, mm.ventas, "", files=[("otra.jpg", jpeg("otra"))])
    worker()
    assert Venta.objects.get().estado == Estado.REGISTRADA
    assert EventoEntrante.objects.filter(resultado="foto").count() == 1


def test_a_photo_from_another_seller_does_not_attach(mm, hook, worker, ocr):
    ocr.returns(fake_reading(items=[(5, "TUBO", "1500")], quality_ok=False))
    post = sell(mm)
    worker()
    ocr.returns()
    deliver(
        mm, mm.ventas, "", files=[("x.jpg", jpeg("x"))], root_id=post["id"], client=mm.admin_client
    )
    worker()
    assert Venta.objects.get().estado == Estado.ESPERANDO_FOTO


def test_the_missing_receipt_sent_in_the_thread_verifies_a_sale_without_photo(mm, hook, worker):
    post = deliver(mm, mm.ventas, SALE)
    worker()
    assert Venta.objects.get().motivo == Motivo.SIN_COMPROBANTE
    deliver(mm, mm.ventas, "", files=[("t.jpg", jpeg("t"))], root_id=post["id"])
    worker()
    assert Venta.objects.get().estado == Estado.REGISTRADA


def test_a_file_that_is_not_a_photo_asks_for_one_in_spanish(mm, hook, worker, ocr):
    ocr.returns(error=FormatoNoSoportado("pdf"))
    post = sell(mm)
    worker()
    assert Venta.objects.get().estado == Estado.ESPERANDO_FOTO
    assert "JPG, PNG, WebP, HEIC (la del iPhone) o AVIF" in bot_replies(mm, post)[0].message


def test_when_the_ocr_itself_fails_a_person_reviews_it(mm, hook, worker, ocr):
    ocr.returns(error=OcrNoDisponible("tesseract timed out"))
    sell(mm)
    worker()
    venta = Venta.objects.get()
    assert (venta.estado, venta.motivo) == (Estado.EN_REVISION, Motivo.TOTAL_ILEGIBLE)


def test_mattermost_failing_on_the_download_retries_without_losing_the_sale(mm, hook, worker):
    sell(mm)
    mm.mm.fail_next(1, method="GET", path=r"/api/v4/files/\w+", mode="reset")
    worker()
    assert Venta.objects.get().estado == Estado.REGISTRADA
    assert EventoEntrante.objects.get(resultado="venta").intentos == 1


@pytest.mark.tesseract
@pytest.mark.parametrize("as_iphone", [False, True], ids=["jpeg", "heic"])
def test_a_real_photographed_ticket_is_read_by_tesseract_and_verified(
    mm, hook, worker, settings, reading_server, as_iphone
):
    settings.OCR_LECTOR = "ocr.isolated.read_receipt"  # the service's reader: a forked child
    # The ticket was printed long before this test runs: its date is checked in the next test.
    settings.OCR_DIAS_MAXIMOS = 100_000
    image = (RECEIPTS / "ticket_ferreteria_foto.jpg").read_bytes()
    image, name = (as_heic(image), "IMG_0412.HEIC") if as_iphone else (image, "ticket.jpg")
    post = sell(mm, "@monto 3,221.06 @cliente Materiales López @tubos 4", image=image, name=name)
    worker()
    venta = Venta.objects.get()
    assert venta.monto_leido == Decimal("3221.06")
    assert venta.tubos_leidos == 4
    assert venta.estado == Estado.REGISTRADA
    assert emojis(mm, post) == ["white_check_mark"]


@pytest.mark.tesseract
def test_a_real_ticket_dated_long_before_the_post_goes_to_review_saying_the_date(
    mm, hook, worker, settings
):
    settings.OCR_LECTOR = "ocr.pipeline.read_receipt"
    image = (RECEIPTS / "ticket_ferreteria_foto.jpg").read_bytes()
    post = sell(mm, "@monto 3,221.06 @cliente Materiales López @tubos 4", image=image)
    worker()
    venta = Venta.objects.get()
    fecha = venta.lectura["fecha"]
    assert fecha is not None
    assert (venta.estado, venta.motivo) == (Estado.EN_REVISION, Motivo.FECHA_FUERA_DE_RANGO)
    leida = dt.date.fromisoformat(fecha).strftime("%d/%m/%Y")
    assert venta.motivo_detalle.startswith(f"El ticket tiene fecha {leida}: más de 7 días antes")
    assert leida in bot_replies(mm, post)[-1].message

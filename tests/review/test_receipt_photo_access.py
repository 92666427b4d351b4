"""Receipt photos are served only to logged-in staff who may see sales, through a view; never
from a public media URL."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers.mesa import crear_staff, vender

pytestmark = pytest.mark.django_db


def foto(venta):
    return reverse("admin:sales_venta_comprobante", args=[venta.pk])


def test_a_reviewer_gets_the_photo_as_a_private_jpeg(como_revisor):
    venta = vender()
    respuesta = como_revisor.get(foto(venta))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "image/jpeg"
    assert respuesta.content.startswith(b"\xff\xd8\xff")
    assert respuesta["Cache-Control"].startswith("private")


def test_someone_not_logged_in_is_sent_to_log_in_and_gets_no_image(client):
    respuesta = client.get(foto(vender()))
    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("admin:login"))


def test_a_logged_in_user_who_is_not_staff_gets_no_image(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("cliente", password="x" * 12))
    respuesta = client.get(foto(vender()))
    assert respuesta.status_code == 302
    assert b"\xff\xd8" not in respuesta.content


def test_staff_without_permission_to_see_sales_is_refused(client):
    client.force_login(crear_staff("sinpermiso"))
    assert client.get(foto(vender())).status_code == 403


def test_a_sale_without_photo_answers_not_found(como_revisor):
    assert como_revisor.get(foto(vender(con_foto=False))).status_code == 404


def test_a_photo_missing_from_disk_answers_not_found(como_revisor):
    venta = vender()
    (Path(settings.MEDIA_ROOT) / venta.comprobante.archivo).unlink()
    assert como_revisor.get(foto(venta)).status_code == 404


def test_the_stored_file_is_not_reachable_by_any_public_url(client, como_revisor):
    venta = vender()
    archivo = venta.comprobante.archivo
    for url in (f"/media/{archivo}", f"/{archivo}", f"/static/{archivo}"):
        assert client.get(url).status_code == 404
        assert como_revisor.get(url).status_code == 404

"""A sale stuck waiting for a usable photo can be sent to review, where a reviewer settles it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ocr.testing import fake_reading
from sales.models import AvisoMattermost, Estado, Motivo
from tests.helpers.mesa import crear_staff, vender

pytestmark = pytest.mark.django_db
BORROSA = fake_reading(items=[(5, "TUBO", "1500")], quality_ok=False)


def test_a_reviewer_sends_it_to_review_and_the_seller_is_told(como_revisor, revisor):
    venta = vender(reading=BORROSA, cuando=timezone.now() - dt.timedelta(days=2))
    url = reverse("admin:sales_venta_pasar_a_revision", args=[venta.pk])
    como_revisor.post(url)
    venta.refresh_from_db()
    assert (venta.estado, venta.motivo, venta.ronda_revision) == (
        Estado.EN_REVISION,
        Motivo.TOTAL_ILEGIBLE,
        1,
    )
    assert venta.auditoria.latest("id").actor == revisor.username
    aviso = AvisoMattermost.objects.filter(venta=venta, tipo="respuesta").latest("id")
    assert "queda **en revisión**" in aviso.mensaje
    html = como_revisor.get(reverse("admin:sales_venta_revision")).content.decode()
    assert f'name="v{venta.pk}-ronda" value="1"' in html


def test_a_staff_user_who_is_not_a_reviewer_cannot(client):
    client.force_login(crear_staff("mirona", "sales.view_venta"))
    venta = vender(reading=BORROSA)
    url = reverse("admin:sales_venta_pasar_a_revision", args=[venta.pk])
    assert client.post(url).status_code == 403
    venta.refresh_from_db()
    assert venta.estado == Estado.ESPERANDO_FOTO

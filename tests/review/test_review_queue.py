"""The queue shows flagged sales oldest first, each with its evidence, and the sales that have
waited over a day for a usable photo."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ocr.testing import fake_reading
from sales.models import Estado, Motivo
from tests.helpers.images import jpeg
from tests.helpers.mesa import lectura_de, vender

pytestmark = pytest.mark.django_db
COLA = reverse("admin:sales_venta_revision")


def tarjetas(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="tarjeta" id="venta-(\d+)"', html)]


def test_flagged_sales_are_listed_oldest_first_and_verified_ones_are_not(como_revisor):
    ahora = timezone.now()
    nueva = vender(cuando=ahora - dt.timedelta(hours=1))
    vieja = vender(cuando=ahora - dt.timedelta(days=3))
    verificada = vender("@monto 1500 @cliente Ana @tubos 5")
    assert verificada.estado == Estado.REGISTRADA
    html = como_revisor.get(COLA).content.decode()
    assert tarjetas(html) == [vieja.pk, nueva.pk]


def test_a_card_shows_the_photo_the_ocr_text_both_amounts_the_difference_and_the_reason(
    como_revisor,
):
    venta = vender("@monto 1600 @cliente Juan @tubos 8")
    html = como_revisor.get(COLA).content.decode()
    assert f"/admin/sales/venta/{venta.pk}/comprobante/?v={venta.comprobante.sha256[:12]}" in html
    assert "TOTAL 1500.00" in html
    assert "$1,600.00" in html
    assert "$1,500.00" in html
    assert "6.67 %" in html
    assert '<tr class="tubos"><th>Tubos</th><td>8</td><td>5</td></tr>' in html
    assert "El monto no coincide" in html
    assert "El ticket dice $1,500.00 y escribiste $1,600.00" in html


def test_a_duplicate_shows_the_other_sale_with_its_photo(como_revisor):
    imagen = jpeg("el mismo ticket")
    primera = vender("@monto 1500 @cliente Ana @tubos 5", imagen=imagen)
    duplicada = vender("@monto 1500 @cliente Pedro @tubos 5", imagen=imagen)
    assert duplicada.motivo == Motivo.DUPLICADO
    html = como_revisor.get(COLA).content.decode()
    assert tarjetas(html) == [duplicada.pk]
    assert f'Duplicado de la <a href="/admin/sales/venta/{primera.pk}/revisar/">' in html
    assert f"/admin/sales/venta/{primera.pk}/comprobante/" in html


def test_an_unreadable_total_says_so_instead_of_outlining(como_revisor):
    imagen = jpeg("borroso")
    venta = vender(imagen=imagen, reading=lectura_de(imagen, total=None))
    assert venta.motivo == Motivo.TOTAL_ILEGIBLE
    html = como_revisor.get(COLA).content.decode()
    assert "No se encontró el total en la foto" in html


def test_a_sale_without_photo_is_listed_without_one(como_revisor):
    venta = vender(con_foto=False)
    assert venta.motivo == Motivo.SIN_COMPROBANTE
    html = como_revisor.get(COLA).content.decode()
    assert tarjetas(html) == [venta.pk]
    assert "Sin foto del ticket." in html


def test_sales_waiting_over_a_day_for_a_photo_are_listed_and_recent_ones_are_not(como_revisor):
    borrosa = fake_reading(items=[(5, "TUBO", "1500")], quality_ok=False)
    ahora = timezone.now()
    antigua = vender(reading=borrosa, cuando=ahora - dt.timedelta(days=2))
    reciente = vender(reading=borrosa, cuando=ahora - dt.timedelta(hours=2))
    assert antigua.estado == reciente.estado == Estado.ESPERANDO_FOTO
    html = como_revisor.get(COLA).content.decode()
    assert tarjetas(html) == [antigua.pk]
    assert "Pasar a revisión" in html


def test_the_queue_can_show_one_reason_only(como_revisor):
    monto = vender()
    tubos = vender("@monto 1500 @cliente Juan @tubos 9")
    assert tubos.motivo == Motivo.TUBOS_NO_COINCIDEN
    html = como_revisor.get(COLA, {"motivo": "tubos_no_coinciden"}).content.decode()
    assert tarjetas(html) == [tubos.pk]
    assert monto.pk not in tarjetas(html)

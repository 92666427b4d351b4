"""Every date a person reads is in TIME_ZONE: a sale made at 18:41 of 4 December in Mexico City
(00:41 UTC of the 5th) is "04/12" in the duplicate notice, the review queue and the slash
answers, never the UTC day."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ocr.testing import fake_reading
from sales import rules
from sales.models import Auditoria, Comprobante
from sales.parsing import MensajeVenta
from sales.receipts import Foto
from sales.texts import slash
from tests.factories import VentaFactory

pytestmark = pytest.mark.django_db

# 00:41 UTC on 5 December is 18:41 on 4 December in America/Mexico_City (UTC-6).
ACROSS_MIDNIGHT = dt.datetime(2026, 12, 5, 0, 41, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _mexico(settings):
    settings.TIME_ZONE = "America/Mexico_City"


def test_the_duplicate_notice_names_the_first_sales_local_day_and_hour():
    reading = fake_reading(total="1500.00", image=b"one ticket")
    comprobante = Comprobante.objects.create(
        sha256=reading.sha256, archivo="x", mime="image/jpeg", tamano=10
    )
    VentaFactory(fecha=ACROSS_MIDNIGHT, comprobante=comprobante)
    foto = Foto("9k3e5h1q3jfrzgqytpwqkqpr6h", reading.sha256, "x", 10, reading=reading)
    mensaje = MensajeVenta(monto=Decimal("1500.00"), cliente="Pedro", tubos=5)
    detalle = rules.evaluate(mensaje, foto).detalle
    assert "del 04/12/2026 a las 18:41" in detalle
    assert "05/12" not in detalle


def test_slash_answers_list_the_sale_on_its_local_day():
    venta = VentaFactory(fecha=ACROSS_MIDNIGHT)
    row = slash.mis_ventas(dt.date(2026, 12, 1), [venta]).splitlines()[-1]
    assert row.startswith("| 04/12 |")


def test_the_review_desk_shows_the_local_day(admin_client):
    venta = VentaFactory(fecha=ACROSS_MIDNIGHT, estado="en_revision", ronda_revision=1,
                        motivo="sin_comprobante")  # fmt: skip
    page = admin_client.get(reverse("admin:sales_venta_revisar", args=[venta.pk]))
    assert "04/12/2026 18:41" in page.content.decode()


def test_audit_entries_read_in_local_time():
    entry = Auditoria(creado=ACROSS_MIDNIGHT, actor="x", accion="a", modelo="Venta", objeto_id=1)
    assert str(entry).startswith("04/12/2026 18:41")

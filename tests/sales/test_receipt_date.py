"""The receipt's date against the sale: after the sale's day, or more than OCR_DIAS_MAXIMOS days
before it, the sale goes to review (motivo fecha_fuera_de_rango) with the date that was read."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ocr.testing import fake_reading
from sales import rules
from sales.models import Estado, Motivo
from sales.parsing import MensajeVenta
from sales.receipts import Foto

VENTA = timezone.make_aware(dt.datetime(2026, 11, 20, 23, 30))  # local time
MENSAJE = MensajeVenta(monto=Decimal("1500"), cliente="Juan", tubos=5)


@pytest.mark.parametrize(
    ("fecha", "fuera"),
    [
        (None, False),
        (dt.date(2026, 11, 20), False),  # the same day, late in the evening
        (dt.date(2026, 11, 13), False),  # seven days before
        (dt.date(2026, 11, 12), True),  # eight
        (dt.date(2026, 11, 21), True),  # after the sale
    ],
)
def test_the_window(fecha, fuera, settings):
    settings.OCR_DIAS_MAXIMOS = 7
    assert rules.date_out_of_range(fecha, VENTA) is fuera


@pytest.mark.django_db
def test_a_receipt_from_the_future_goes_to_review_saying_which_date_was_read(settings):
    settings.OCR_DIAS_MAXIMOS = 7
    lectura = fake_reading(total="1500.00", fecha=dt.date(2026, 12, 24), comercio=None)
    foto = Foto(file_id="f" * 26, sha256="a" * 64, archivo="t.jpg", tamano=1, reading=lectura)
    evaluacion = rules.evaluate(MENSAJE, foto, cuando=VENTA)
    assert (evaluacion.estado, evaluacion.motivo) == (
        Estado.EN_REVISION,
        Motivo.FECHA_FUERA_DE_RANGO,
    )
    assert (
        evaluacion.detalle == "El ticket tiene fecha 24/12/2026, posterior a la venta (20/11/2026)."
    )
    bien = fake_reading(total="1500.00", fecha=dt.date(2026, 11, 19), comercio=None)
    foto_bien = Foto(file_id="g" * 26, sha256="b" * 64, archivo="u.jpg", tamano=1, reading=bien)
    assert rules.evaluate(MENSAJE, foto_bien, cuando=VENTA).estado == Estado.REGISTRADA

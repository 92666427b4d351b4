"""A correction and a void reach NocoDB: new values, replaced line items, the void state."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integrations.nocodb.client import to_decimal
from sales.models import Motivo
from sales.services import ledger, review
from tests.nocodb.ventas import corregir

pytestmark = [pytest.mark.nocodb, pytest.mark.django_db]


def test_a_correction_updates_the_row_and_replaces_its_line_items(nocodb, vender, worker):
    venta = vender(cliente="López", monto="100.00", tubos=2, producto="Tubo 1in")
    worker()
    viejo = venta.detalles.get()

    venta = corregir(venta, cliente="López e Hijos", monto="250.75", tubos=5, producto="Tubo 2in")
    worker()

    fila = nocodb.fila("Venta", venta.pk)
    assert fila["cliente"] == "López e Hijos"
    assert to_decimal(fila["monto"]) == Decimal("250.75")
    assert fila["tubos"] == 5
    assert to_decimal(fila["comision"]) == venta.comision
    nuevo = venta.detalles.get()
    assert nocodb.fila("Detalle", nuevo.pk)["descripcion"] == "Tubo 2in"
    assert viejo.pk not in nocodb.copias_por_local_id("Detalle")
    assert fila["detalles"] == 1
    assert nocodb.copias_por_local_id("Venta") == {venta.pk: 1}


def test_a_void_shows_the_sale_as_anulada_without_commission(nocodb, vender, worker):
    venta = vender(tubos=5)
    worker()

    ledger.void_sale(venta=venta, actor="ana", nota="post borrado")
    worker()

    fila = nocodb.fila("Venta", venta.pk)
    assert fila["estado"] == "anulada"
    assert to_decimal(fila["comision"]) == Decimal("0")


def test_a_review_decision_reaches_nocodb(nocodb, vender, worker):
    venta = vender(tubos=4)
    venta = review.flag_for_review(venta=venta, revision=review.Revision(Motivo.MONTO_NO_COINCIDE))
    worker()
    assert nocodb.fila("Venta", venta.pk)["estado"] == "en_revision"

    review.decide_review(
        venta=venta, ronda=venta.ronda_revision, aprobar=False, revisor="rosa", razon="sin ticket"
    )
    worker()

    assert nocodb.fila("Venta", venta.pk)["estado"] == "rechazada"

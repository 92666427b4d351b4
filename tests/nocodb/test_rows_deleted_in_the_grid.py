"""A row deleted in NocoDB's grid comes back with the next change of its ledger row."""

from __future__ import annotations

import pytest

from integrations.nocodb.models import ItemSync
from tests.nocodb.ventas import corregir

pytestmark = [pytest.mark.nocodb, pytest.mark.django_db]


def test_a_sale_deleted_in_the_grid_is_created_again_when_it_changes(nocodb, vender, worker):
    venta = vender(cliente="López")
    otra = vender(cliente="Pérez")
    worker()
    venta.refresh_from_db()
    nocodb.borrar("Venta", venta.nocodb_id)

    venta = corregir(venta, cliente="López e Hijos")
    corregir(otra, cliente="Pérez y Cía")
    worker()

    assert nocodb.fila("Venta", venta.pk)["cliente"] == "López e Hijos"
    assert nocodb.fila("Venta", otra.pk)["cliente"] == "Pérez y Cía"
    venta.refresh_from_db()
    assert venta.nocodb_id == nocodb.fila("Venta", venta.pk)["Id"]
    assert not ItemSync.objects.exclude(estado=ItemSync.Estado.ENVIADO).exists()

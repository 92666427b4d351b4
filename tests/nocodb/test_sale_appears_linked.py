"""A sale with its line items reaches NocoDB linked to its seller, with exact amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integrations.nocodb.client import to_decimal
from integrations.nocodb.models import ItemSync

pytestmark = [pytest.mark.nocodb, pytest.mark.django_db]


def test_a_sale_appears_with_its_line_items_linked_to_its_seller(nocodb, vender, worker):
    venta = vender(
        vendedor="ana",
        cliente="Ferretería López",
        monto="1500.50",
        tubos=3,
        leidos=[
            {
                "descripcion": "Codo 90°",
                "cantidad": Decimal("2"),
                "precio_unitario": Decimal("10.10"),
                "importe": Decimal("20.20"),
            }
        ],
    )

    worker()

    venta.refresh_from_db()
    vendedor = venta.vendedor
    fila_vendedor = nocodb.fila("Vendedor", vendedor.pk)
    fila_venta = nocodb.fila("Venta", venta.pk)
    assert (vendedor.nocodb_id, venta.nocodb_id) == (fila_vendedor["Id"], fila_venta["Id"])
    assert fila_venta[nocodb.fk("Venta", "Vendedor")] == vendedor.nocodb_id
    assert fila_venta["cliente"] == "Ferretería López"
    assert to_decimal(fila_venta["monto"]) == Decimal("1500.50")
    assert fila_venta["detalles"] == 2
    detalles = {d.pk: d for d in venta.detalles.all()}
    for local_id, detalle in detalles.items():
        fila = nocodb.fila("Detalle", local_id)
        assert fila[nocodb.fk("Detalle", "Venta")] == venta.nocodb_id
        assert to_decimal(fila["importe"]) == detalle.importe
        assert detalle.nocodb_id == fila["Id"]
    assert not ItemSync.objects.exclude(estado=ItemSync.Estado.ENVIADO).exists()


def test_a_second_sale_of_the_same_seller_reuses_the_seller_row(nocodb, vender, worker):
    vender(vendedor="ana")
    worker()
    vender(vendedor="ana")
    worker()

    assert nocodb.copias_por_local_id("Vendedor") == {vender(vendedor="ana").vendedor_id: 1}

"""NocoDB unreachable in the middle of a 500-sale sync, then back: every row arrives once.

The fault is deterministic: a loopback proxy counts requests and cuts a fixed window of them.
"""

from __future__ import annotations

import pytest

from integrations.nocodb.models import ItemSync
from sales.models import Detalle, Vendedor, Venta

pytestmark = [pytest.mark.nocodb, pytest.mark.django_db]


def test_every_row_arrives_exactly_once_after_an_outage(nocodb, proxy, vender, worker, settings):
    settings.NOCODB_REINTENTOS = (0, 0, 0, 0, 0, 0)
    for n in range(500):
        vender(
            vendedor=f"vendedor{n % 7}", cliente=f"Cliente {n}", monto=f"{100 + n}.25", tubos=n % 6
        )
    # The first rows get through, then NocoDB is unreachable for 4 requests, then back.
    proxy.cortar(despues_de=5, durante=4)

    worker()

    assert proxy.cortadas == 4
    assert ItemSync.objects.filter(estado=ItemSync.Estado.PENDIENTE).count() == 0
    assert ItemSync.objects.filter(estado=ItemSync.Estado.ABANDONADO).count() == 0
    for tabla, modelo in (("Vendedor", Vendedor), ("Venta", Venta), ("Detalle", Detalle)):
        copias = nocodb.copias_por_local_id(tabla)
        assert set(copias) == set(modelo.objects.values_list("pk", flat=True)), tabla
        assert set(copias.values()) == {1}, f"{tabla}: filas repetidas"
        assert not modelo.objects.filter(nocodb_id__isnull=True).exists()
    assert len(copias) == 500

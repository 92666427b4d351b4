"""When NocoDB stays down past the retry schedule the items give up: an operator sees them in
the admin with the last error, and retries them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integrations.nocodb import client
from integrations.nocodb.models import ItemSync

pytestmark = [pytest.mark.nocodb, pytest.mark.django_db]


def test_items_give_up_visibly_and_an_operator_retries_them(
    nocodb, proxy, vender, worker, admin_client, settings
):
    settings.NOCODB_REINTENTOS = (0, 0)
    venta = vender()
    proxy.cortar(despues_de=0, durante=3)

    worker()

    abandonados = ItemSync.objects.filter(estado=ItemSync.Estado.ABANDONADO)
    assert abandonados.count() == 3  # the seller, the sale, its line item
    assert all(item.intentos == 3 for item in abandonados)
    assert "ConnectionError" in abandonados.first().ultimo_error
    lista = admin_client.get(reverse("admin:nocodb_itemsync_changelist")).content.decode()
    assert "Abandonado tras reintentos" in lista
    assert "ConnectionError" in lista

    admin_client.post(
        reverse("admin:nocodb_itemsync_changelist"),
        {"action": "reintentar", "_selected_action": [i.pk for i in abandonados]},
    )
    worker()

    assert not ItemSync.objects.exclude(estado=ItemSync.Estado.ENVIADO).exists()
    assert nocodb.copias_por_local_id("Venta") == {venta.pk: 1}


def test_a_row_nocodb_refuses_gives_up_alone_and_the_others_arrive(nocodb, vender, worker):
    # Someone turned Venta.cliente into a Number column in NocoDB: only numeric names fit.
    tabla_id = nocodb.tabla_id("Venta")
    columnas = client.request("GET", f"/api/v2/meta/tables/{tabla_id}")["columns"]
    cliente = next(c for c in columnas if c["title"] == "cliente")
    client.request(
        "PATCH", f"/api/v2/meta/columns/{cliente['id']}", json={**cliente, "uidt": "Number"}
    )
    buena, mala = vender(cliente="123"), vender(cliente="Ferretería")

    worker()

    assert nocodb.fila("Venta", buena.pk)["cliente"] == 123
    assert mala.pk not in nocodb.copias_por_local_id("Venta")
    rechazo = ItemSync.objects.get(tabla="Venta", objeto_id=mala.pk)
    assert rechazo.estado == ItemSync.Estado.ABANDONADO
    assert "bigint" in rechazo.ultimo_error
    assert rechazo.intentos == 1  # refused data is not retried

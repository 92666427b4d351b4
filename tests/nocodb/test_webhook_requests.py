"""`POST /nocodb/webhook` as NocoDB sends it (recorded payloads): token, shape, echoes."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from integrations.nocodb.models import ItemSync
from sales.models import Meta, Vendedor
from sales.services import goals

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "nocodb"
TOKEN = "token-del-webhook-de-nocodb"


@pytest.fixture(autouse=True)
def _token(settings):
    settings.NOCODB_WEBHOOK_TOKEN = TOKEN
    settings.NOCODB_URL = ""


def cuerpo(nombre: str, **cambios) -> dict:
    datos = json.loads((FIXTURES / nombre).read_text())
    for fila in datos["data"]["rows"]:
        fila.update(cambios)
    return datos


def enviar(client, datos, token=TOKEN):
    return client.post(
        "/nocodb/webhook",
        data=json.dumps(datos),
        content_type="application/json",
        headers={"X-Salesbot-Token": token},
    )


@pytest.fixture
def ana():
    return Vendedor.objects.create(mm_user_id="a" * 26, username="ana", nocodb_id=1)


def test_it_rejects_a_wrong_token(client, ana):
    respuesta = enviar(client, cuerpo("meta_after_insert_grid.json"), token="otro")
    assert respuesta.status_code in (401, 403)
    assert not Meta.objects.exists()


def test_it_rejects_everything_when_no_token_is_configured(client, settings, ana):
    settings.NOCODB_WEBHOOK_TOKEN = ""
    assert enviar(client, cuerpo("meta_after_insert_grid.json"), token="").status_code in (401, 403)


def test_it_refuses_tables_managers_may_not_edit(client):
    datos = cuerpo("meta_after_insert_grid.json")
    datos["data"]["table_name"] = "Venta"
    respuesta = enviar(client, datos)
    assert respuesta.status_code == 400
    assert "Meta" in respuesta.json()["campos"]["data"][0]


def test_it_refuses_a_row_without_id(client):
    datos = cuerpo("meta_after_insert_grid.json")
    del datos["data"]["rows"][0]["Id"]
    assert enviar(client, datos).status_code == 400


@pytest.mark.parametrize(
    "cambios",
    [{"Id": 10**30}, {"Id": -1}, {"Id": 0}, {"local_id": 2**31}, {"Vendedor": {"Id": 10**30}}],
    ids=repr,
)
def test_it_refuses_an_id_no_row_can_have(client, ana, cambios):
    """Found by probing: stored as it came, such an id failed in PostgreSQL (a 500)."""
    respuesta = enviar(client, cuerpo("meta_after_insert_grid.json", **cambios))
    assert respuesta.status_code == 400
    assert "no es el de una fila" in respuesta.json()["campos"]["data"][0]
    assert not Meta.objects.exists()


def test_a_goal_typed_in_the_grid_is_adopted_on_the_first_of_the_month(client, ana):
    respuesta = enviar(client, cuerpo("meta_after_insert_grid.json"))

    assert respuesta.json() == {"adoptada": 1}
    meta = Meta.objects.get()
    assert (meta.vendedor, meta.mes, meta.monto, meta.tubos, meta.nocodb_id) == (
        ana,
        dt.date(2026, 11, 1),
        Decimal("5000.50"),
        10,
        1,
    )


def test_salesbots_own_inserts_are_echoes(client, ana):
    assert enviar(client, cuerpo("meta_after_insert_salesbot.json")).json() == {"eco": 2}


def test_an_update_with_a_new_sello_is_an_echo(client, ana):
    meta = goals.set_goal(
        vendedor=ana, mes=dt.date(2026, 12, 1), monto=Decimal("100.10"), tubos=1, actor="admin"
    )
    datos = cuerpo("meta_after_update_salesbot.json", local_id=meta.pk)
    assert enviar(client, datos).json() == {"eco": 1}
    assert Meta.objects.get().monto == Decimal("100.10")


def test_a_managers_update_changes_the_goal(client, ana):
    meta = goals.set_goal(
        vendedor=ana, mes=dt.date(2026, 12, 1), monto=Decimal("100.10"), tubos=1, actor="admin"
    )
    datos = cuerpo("meta_after_update_manager.json", local_id=meta.pk)
    assert enviar(client, datos).json() == {"aplicada": 1}
    assert Meta.objects.get().monto == Decimal("6000")


def test_an_update_equal_to_the_ledger_changes_nothing(client, ana):
    meta = goals.set_goal(
        vendedor=ana, mes=dt.date(2026, 12, 1), monto=Decimal("6000"), tubos=1, actor="admin"
    )
    datos = cuerpo("meta_after_update_manager.json", local_id=meta.pk)
    assert enviar(client, datos).json() == {"sin_cambios": 1}


def test_a_row_still_being_typed_is_ignored(client, ana):
    datos = cuerpo("meta_after_insert_grid.json", monto=None)
    assert enviar(client, datos).json() == {"ignorada": 1}
    assert not Meta.objects.exists()


@pytest.mark.parametrize(
    "cambios", [{"monto": -5}, {"monto": 0}, {"monto": 10**12}, {"tubos": -1}], ids=repr
)
def test_an_edit_the_ledger_refuses_puts_the_ledgers_goal_back_in_the_grid(
    client, settings, ana, cambios
):
    """Found by probing: such an edit was dropped silently and the grid kept showing it."""
    settings.NOCODB_URL, settings.NOCODB_API_TOKEN = "http://127.0.0.1:9", "token"
    meta = goals.set_goal(
        vendedor=ana, mes=dt.date(2026, 12, 1), monto=Decimal("100.10"), tubos=1, actor="admin"
    )
    ItemSync.objects.all().delete()
    datos = cuerpo("meta_after_update_manager.json", local_id=meta.pk, **cambios)

    assert enviar(client, datos).json() == {"rechazada": 1}

    meta.refresh_from_db()
    assert (meta.monto, meta.tubos) == (Decimal("100.10"), 1)
    assert list(ItemSync.objects.values_list("tabla", "objeto_id", "accion")) == [
        ("Meta", meta.pk, ItemSync.Accion.GUARDAR)
    ]

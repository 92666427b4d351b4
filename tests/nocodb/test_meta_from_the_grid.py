"""Goals set in NocoDB's grid reach the ledger through the webhook; salesbot's own pushes come
back as echoes and are dropped, so nothing loops."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from integrations.nocodb.models import ItemSync
from sales.models import Auditoria, Meta
from sales.services import goals
from tests.nocodb.conftest import esperar

pytestmark = [pytest.mark.nocodb, pytest.mark.django_db(transaction=True)]


def test_a_goal_edited_in_nocodb_reaches_the_ledger_without_looping(
    nocodb, webhooks, vender, worker
):
    vendedor = vender(vendedor="ana").vendedor
    meta = goals.set_goal(
        vendedor=vendedor,
        mes=dt.date(2026, 11, 1),
        monto=Decimal("5000.00"),
        tubos=10,
        actor="admin",
    )
    worker()
    meta.refresh_from_db()
    esperar(lambda: webhooks == [{"eco": 1}], "el eco del alta de la meta")

    nocodb.editar("Meta", {"Id": meta.nocodb_id, "monto": "6500.50"})

    esperar(
        lambda: Meta.objects.get(pk=meta.pk).monto == Decimal("6500.50"),
        "la meta editada en NocoDB en el libro",
    )
    assert webhooks[1] == {"aplicada": 1}
    entrada = Auditoria.objects.get(modelo="Meta", objeto_id=meta.pk, actor="nocodb")
    assert entrada.antes["monto"] == "5000.00"
    assert entrada.despues["monto"] == "6500.50"
    pendientes = ItemSync.objects.count()
    worker()  # salesbot pushes the goal back (a new sello): NocoDB echoes it
    esperar(lambda: len(webhooks) == 3, "el eco de la respuesta de salesbot")
    assert webhooks[2] == {"eco": 1}
    worker()
    assert ItemSync.objects.count() == pendientes  # the echo recorded nothing new
    assert Auditoria.objects.filter(modelo="Meta", objeto_id=meta.pk).count() == 2
    assert not ItemSync.objects.exclude(estado=ItemSync.Estado.ENVIADO).exists()


def test_a_goal_taken_away_leaves_the_grid(nocodb, vender, worker):
    vendedor = vender(vendedor="ana").vendedor
    empujada, queda = (
        goals.set_goal(vendedor=vendedor, mes=dt.date(2026, m, 1), monto=Decimal("5000"),
                       tubos=10, actor="admin")
        for m in (10, 11)
    )  # fmt: skip
    worker()
    assert {f["local_id"] for f in nocodb.filas("Meta")} == {empujada.pk, queda.pk}
    tercera = goals.set_goal(
        vendedor=vendedor, mes=dt.date(2026, 12, 1), monto=Decimal("1"), tubos=1, actor="admin"
    )

    for meta in (empujada, tercera):  # the third removed before it was ever pushed
        assert goals.remove_goal(meta_id=meta.pk, actor="admin")
    worker()

    assert [f["local_id"] for f in nocodb.filas("Meta")] == [queda.pk]
    assert not ItemSync.objects.exclude(estado=ItemSync.Estado.ENVIADO).exists()


def test_a_goal_the_ledger_refuses_is_put_back_in_the_grid(nocodb, webhooks, vender, worker):
    vendedor = vender(vendedor="ana").vendedor
    meta = goals.set_goal(
        vendedor=vendedor, mes=dt.date(2026, 11, 1), monto=Decimal("5000"), tubos=10, actor="admin"
    )
    worker()
    meta.refresh_from_db()
    esperar(lambda: webhooks == [{"eco": 1}], "el eco del alta de la meta")

    nocodb.editar("Meta", {"Id": meta.nocodb_id, "monto": "-5"})

    esperar(lambda: len(webhooks) == 2, "la edición de la grilla")
    assert webhooks[1] == {"rechazada": 1}
    assert Meta.objects.get(pk=meta.pk).monto == Decimal("5000")
    worker()
    assert Decimal(str(nocodb.fila("Meta", meta.pk)["monto"])) == Decimal("5000")
    esperar(lambda: len(webhooks) == 3, "el eco de la meta devuelta")
    assert webhooks[2] == {"eco": 1}
    assert not Auditoria.objects.filter(actor="nocodb").exists()


def test_a_goal_typed_in_the_grid_is_adopted(nocodb, webhooks, vender, worker):
    vendedor = vender(vendedor="beto").vendedor
    worker()
    vendedor.refresh_from_db()

    fila_id = nocodb.crear(
        "Meta",
        {
            "mes": "2026-12-15",
            "monto": "3000",
            "tubos": 4,
            nocodb.fk("Meta", "Vendedor"): vendedor.nocodb_id,
        },
    )

    meta = esperar(
        lambda: Meta.objects.filter(vendedor=vendedor).first(),
        "la meta creada en la grilla en el libro",
    )
    assert (meta.mes, meta.monto, meta.tubos) == (dt.date(2026, 12, 1), Decimal("3000"), 4)
    assert meta.nocodb_id == fila_id
    assert webhooks == [{"adoptada": 1}]
    worker()  # the row learns its local_id and the month's first day
    fila = nocodb.fila("Meta", meta.pk)
    assert (fila["Id"], fila["mes"]) == (fila_id, "2026-12-01")
    esperar(lambda: len(webhooks) == 2, "el eco de la adopción")
    assert webhooks[1] == {"eco": 1}
    assert nocodb.copias_por_local_id("Meta") == {meta.pk: 1}


def test_a_second_goal_for_the_same_month_in_the_grid_changes_the_first(
    nocodb, webhooks, vender, worker
):
    vendedor = vender(vendedor="caro").vendedor
    meta = goals.set_goal(
        vendedor=vendedor, mes=dt.date(2026, 11, 1), monto=Decimal("1000"), tubos=1, actor="admin"
    )
    worker()
    vendedor.refresh_from_db()
    esperar(lambda: webhooks, "el eco del alta")

    nocodb.crear(
        "Meta",
        {
            "mes": "2026-11-01",
            "monto": "2000",
            "tubos": 2,
            nocodb.fk("Meta", "Vendedor"): vendedor.nocodb_id,
        },
    )

    esperar(lambda: Meta.objects.get(pk=meta.pk).monto == Decimal("2000"), "la meta cambiada")
    worker()
    assert nocodb.copias_por_local_id("Meta") == {meta.pk: 1}
    assert Meta.objects.count() == 1

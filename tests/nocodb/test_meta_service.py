"""A goal set in the admin goes through the Meta service: audit entry and sync item."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from integrations.nocodb.models import ItemSync
from sales.models import Auditoria, Meta, Vendedor
from sales.services import goals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _espejo_encendido(settings):
    settings.NOCODB_URL = "http://127.0.0.1:9"
    settings.NOCODB_API_TOKEN = "x"


@pytest.fixture
def ana():
    return Vendedor.objects.create(mm_user_id="a" * 26, username="ana")


def metas_del_mes(client, mes: str, vendedor, monto: str, tubos: str):
    """The month's goals page (sales/goals_desk.py) with one seller's row."""
    return client.post(
        f"{reverse('admin:sales_meta_del_mes')}?mes={mes}",
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-vendedor": vendedor.pk,
            "form-0-monto": monto,
            "form-0-tubos": tubos,
        },
    )


def test_a_goal_saved_in_the_admin_is_audited_and_queued_for_nocodb(admin_client, ana):
    respuesta = metas_del_mes(admin_client, "2026-11", ana, "12000.00", "30")

    assert respuesta.status_code == 302
    meta = Meta.objects.get()
    entrada = Auditoria.objects.get(modelo="Meta", objeto_id=meta.pk)
    assert (entrada.actor, entrada.accion, entrada.venta) == ("admin", "crear_meta", None)
    assert entrada.despues["monto"] == "12000.00"
    assert ItemSync.objects.filter(tabla="Meta", objeto_id=meta.pk).count() == 1


def test_changing_a_goal_in_the_admin_keeps_what_it_was(admin_client, ana):
    meta = goals.set_goal(
        vendedor=ana, mes=dt.date(2026, 11, 1), monto=Decimal("100"), tubos=1, actor="admin"
    )

    metas_del_mes(admin_client, "2026-11", ana, "150.00", "1")

    entrada = Auditoria.objects.filter(modelo="Meta", objeto_id=meta.pk).first()
    assert (entrada.accion, entrada.antes["monto"], entrada.despues["monto"]) == (
        "fijar_meta",
        "100.00",
        "150.00",
    )


def test_saving_the_same_values_writes_nothing(ana):
    goals.set_goal(
        vendedor=ana, mes=dt.date(2026, 11, 1), monto=Decimal("100"), tubos=1, actor="admin"
    )
    goals.set_goal(
        vendedor=ana, mes=dt.date(2026, 11, 20), monto=Decimal("100.00"), tubos=1, actor="admin"
    )

    assert Auditoria.objects.filter(modelo="Meta").count() == 1
    assert ItemSync.objects.count() == 1

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


def test_a_goal_left_blank_on_the_months_page_is_taken_away(admin_client, ana):
    """The page says «Deja las dos en blanco para no fijar meta»: a goal already set and then
    left blank was kept, and the page said nothing changed."""
    meta = goals.set_goal(
        vendedor=ana, mes=dt.date(2026, 11, 1), monto=Decimal("100"), tubos=1, actor="admin"
    )
    nocodb_id = 41
    Meta.objects.filter(pk=meta.pk).update(nocodb_id=nocodb_id)

    respuesta = metas_del_mes(admin_client, "2026-11", ana, "", "")

    assert respuesta.status_code == 302
    assert not Meta.objects.exists()
    entrada = Auditoria.objects.filter(modelo="Meta", objeto_id=meta.pk).first()
    assert (entrada.actor, entrada.accion, entrada.antes["monto"], entrada.despues) == (
        "admin",
        "quitar_meta",
        "100.00",
        None,
    )
    borrado = ItemSync.objects.get(accion=ItemSync.Accion.BORRAR)
    assert (borrado.tabla, borrado.objeto_id, borrado.nocodb_id) == ("Meta", meta.pk, nocodb_id)
    pagina = admin_client.get(respuesta["Location"], follow=True).content.decode()
    assert "1 cambiaron" in pagina


def test_a_goal_deleted_in_the_admin_goes_through_the_service(admin_client, ana):
    """Django's own delete wrote no audit entry and left the goal's NocoDB row behind."""
    metas = [
        goals.set_goal(vendedor=ana, mes=dt.date(2026, m, 1), monto=Decimal("100"), tubos=1,
                       actor="admin")
        for m in (10, 11, 12)
    ]  # fmt: skip
    admin_client.post(reverse("admin:sales_meta_delete", args=[metas[0].pk]), {"post": "yes"})
    admin_client.post(
        reverse("admin:sales_meta_changelist"),
        {"action": "delete_selected", "_selected_action": [metas[1].pk, metas[2].pk],
         "post": "yes"},
    )  # fmt: skip

    assert not Meta.objects.exists()
    quitadas = Auditoria.objects.filter(accion="quitar_meta").values_list("objeto_id", flat=True)
    assert sorted(quitadas) == [m.pk for m in metas]
    borrados = ItemSync.objects.filter(accion=ItemSync.Accion.BORRAR)
    assert sorted(borrados.values_list("objeto_id", flat=True)) == [m.pk for m in metas]


def test_taking_away_a_goal_already_gone_does_nothing(ana):
    assert goals.remove_goal(meta_id=12345, actor="admin") is False
    assert not Auditoria.objects.exists()

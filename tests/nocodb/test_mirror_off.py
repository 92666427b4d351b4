"""With NOCODB_URL empty the mirror is off: ledger writes record nothing for it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django_tasks_db.models import DBTaskResult

from integrations.nocodb.models import ItemSync
from sales.services import goals

pytestmark = pytest.mark.django_db


def test_nothing_is_recorded_while_the_mirror_is_off(vender, settings):
    settings.NOCODB_URL = ""
    venta = vender()
    goals.set_goal(
        vendedor=venta.vendedor,
        mes=dt.date(2026, 11, 1),
        monto=Decimal("1"),
        tubos=0,
        actor="admin",
    )

    assert not ItemSync.objects.exists()
    assert not DBTaskResult.objects.filter(task_path__startswith="integrations.nocodb").exists()


def test_a_sale_records_its_seller_itself_and_its_line_items_when_on(vender, settings):
    settings.NOCODB_URL = "http://127.0.0.1:9"
    settings.NOCODB_API_TOKEN = "x"
    venta = vender(leidos=[{"descripcion": "Codo", "importe": Decimal("5")}])

    registrados = set(ItemSync.objects.values_list("tabla", "objeto_id"))
    assert registrados == {
        ("Vendedor", venta.vendedor_id),
        ("Venta", venta.pk),
        *(("Detalle", d.pk) for d in venta.detalles.all()),
    }
    assert (
        DBTaskResult.objects.filter(
            task_path="integrations.nocodb.tasks.push_nocodb", status="READY"
        ).count()
        == 1
    )

"""A seller's display name comes from Mattermost (`GET /users/{id}`), asked by the worker the
first time the seller sells; the webhook request never asks, and a failure costs only the name."""

import logging

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sales import queue
from sales.models import Auditoria, Estado, Vendedor, Venta
from tests.e2e.test_sale_through_mattermost import bot_replies, deliver
from tests.factories import VendedorFactory
from tests.helpers.images import jpeg

pytestmark = pytest.mark.django_db(transaction=True)
SALE = "@monto 1500 @cliente Juan @tubos 5"


def sell(mm, **kwargs):
    return deliver(mm, mm.ventas, SALE, files=[("ticket.jpg", jpeg())], **kwargs)


def test_a_new_seller_gets_first_and_last_name_from_mattermost_in_the_worker(mm, hook, worker):
    sell(mm)
    assert not Vendedor.objects.exists()  # the webhook request only stored the post
    worker()
    vendedor = Vendedor.objects.get()
    assert (vendedor.username, vendedor.nombre) == ("juan.vendedor", "Juan Vendedor")
    entry = Auditoria.objects.get(accion="editar_vendedor")
    assert (entry.actor, entry.antes["nombre"], entry.despues["nombre"]) == (
        "mattermost",
        "",
        "Juan Vendedor",
    )


def test_without_first_and_last_name_the_nickname_is_the_name(mm, hook, worker):
    ana = mm.mm.add_user("ana.vendedora", nickname="Anita", teams=[mm.team])
    mm.mm.add_channel_member(mm.ventas, ana)
    sell(mm, client=mm.mm.client_for(ana))
    worker()
    assert Vendedor.objects.get(mm_user_id=ana.id).nombre == "Anita"


def test_mattermost_failing_on_the_name_keeps_it_blank_and_the_sale_goes_on(
    mm, hook, worker, caplog
):
    mm.mm.fail_next(10, method="GET", path=f"/api/v4/users/{mm.seller.id}", status=500)
    post = sell(mm)
    with caplog.at_level(logging.INFO, logger="sales.handlers.sellers"):
        worker()
    assert Venta.objects.get().estado == Estado.REGISTRADA
    assert len(bot_replies(mm, post)) == 1
    assert Vendedor.objects.get().nombre == ""
    records = [r for r in caplog.records if r.name == "sales.handlers.sellers"]
    assert records
    assert all(r.levelno == logging.INFO for r in records)
    assert "juan.vendedor" in records[0].getMessage()


def test_a_name_that_failed_to_load_arrives_once_mattermost_answers(mm, hook, worker):
    mm.mm.fail_next(10, method="GET", path=f"/api/v4/users/{mm.seller.id}", status=500)
    sell(mm)
    worker()  # the schedule's attempts all fail; the next one waits a day
    assert Vendedor.objects.get().nombre == ""
    mm.mm.clear_faults()
    later = DBTaskResult.objects.filter(task_path=queue.TASKS["fill_seller_name"], status="READY")
    assert later.count() == 1
    later.update(run_after=timezone.now())
    worker()
    assert Vendedor.objects.get().nombre == "Juan Vendedor"


def test_a_seller_already_in_the_ledger_is_not_looked_up_again(mm, hook, worker):
    VendedorFactory(mm_user_id=mm.seller.id, username="juan.vendedor", nombre="")
    sell(mm)
    worker()
    assert Venta.objects.get().vendedor.nombre == ""

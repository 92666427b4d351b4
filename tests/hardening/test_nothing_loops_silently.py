"""An event whose processing raises something nobody expected is closed as an error with its
message, the seller hears in Spanish that a person will look, and it is never queued again;
the admin's retry runs it once the cause is fixed."""

import pytest
from django_tasks_db.models import DBTaskResult

from sales import events, rules
from sales.handlers import sweep
from sales.models import AvisoMattermost, EventoEntrante, Venta
from sales.texts import thread
from tests.e2e.test_sale_through_mattermost import bot_replies, deliver
from tests.helpers.images import jpeg

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broken_rules(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("a rule nobody foresaw")

    monkeypatch.setattr(rules, "evaluate", boom)


def test_an_unexpected_failure_closes_the_event_and_tells_the_seller(
    mm, hook, worker, broken_rules
):
    post = deliver(mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("t.jpg", jpeg())])
    worker()
    evento = EventoEntrante.objects.get()
    assert evento.resultado == EventoEntrante.Resultado.ERROR
    assert "RuntimeError: a rule nobody foresaw" in evento.ultimo_error
    assert [r.message for r in bot_replies(mm, post)] == [thread.NO_PROCESADA]
    assert not Venta.objects.exists()
    # Nothing is queued again for it, now or by the sweep.
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert sweep.sweep()["eventos"] == 0
    assert worker() == 0


def test_once_fixed_the_admins_retry_processes_it(mm, hook, worker, broken_rules, monkeypatch):
    deliver(mm, mm.ventas, "@monto 1500 @cliente Juan @tubos 5", files=[("t.jpg", jpeg())])
    worker()
    monkeypatch.undo()
    events.restart(EventoEntrante.objects.get())
    worker()
    assert EventoEntrante.objects.get().resultado == EventoEntrante.Resultado.VENTA
    assert Venta.objects.count() == 1
    assert AvisoMattermost.objects.filter(clave__endswith=":fallo").count() == 1

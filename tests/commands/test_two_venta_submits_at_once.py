"""Two `/venta` submits of the same sale at the same moment, as a double tap sends them, are
one event and one sale (PostgreSQL), also when they land on either side of a minute."""

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sales import inbox
from sales.models import EventoEntrante
from sales.parsing import parse_message

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TEXTO = "@monto 1500 @cliente Juan @tubos 5"


class _Clocks:
    """`timezone.now()` for sales.inbox, one instant per thread."""

    def __init__(self) -> None:
        self._local = threading.local()

    def set(self, instant: dt.datetime) -> None:
        self._local.now = instant

    def now(self) -> dt.datetime:
        return self._local.now


def _slow_get_or_create(real):
    """The first submit's transaction stays open a while after its insert: without a lock the
    other one looks for an earlier submit meanwhile, and finds none."""

    def get_or_create(**kwargs):
        found = real(**kwargs)
        time.sleep(0.3)
        return found

    return get_or_create


def _next_minute() -> dt.datetime:
    return (timezone.now() + dt.timedelta(minutes=1)).replace(second=0, microsecond=0)


@pytest.mark.parametrize(
    "offsets_ms",
    [pytest.param((-100, 100), id="across-a-minute"), pytest.param((100, 100), id="same-instant")],
)
def test_two_simultaneous_submits_of_one_sale_are_one_event(monkeypatch, offsets_ms):
    clocks = _Clocks()
    monkeypatch.setattr(inbox, "timezone", clocks)
    manager = EventoEntrante.objects
    monkeypatch.setattr(manager, "get_or_create", _slow_get_or_create(manager.get_or_create))
    boundary = _next_minute()
    barrier = threading.Barrier(len(offsets_ms))

    def submit(offset_ms: int) -> bool:
        clocks.set(boundary + dt.timedelta(milliseconds=offset_ms))
        barrier.wait()
        try:
            _, created = inbox.receive_sale_command(
                user_id="rnina9994bde8mua79zqcg5hmo",
                user_name="juan.vendedor",
                texto=TEXTO,
                mensaje=parse_message(TEXTO),
            )
            return created
        finally:
            connection.close()

    with ThreadPoolExecutor(len(offsets_ms)) as pool:
        created = list(pool.map(submit, offsets_ms))
    assert sorted(created) == [False, True]
    assert EventoEntrante.objects.filter(tipo=EventoEntrante.Tipo.COMANDO).count() == 1
    assert DBTaskResult.objects.filter(task_path="sales.tasks.process_command").count() == 1

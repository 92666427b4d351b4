"""Pushing pending changes to NocoDB (in the worker): the push task's entry points.

One pusher at a time (`lease`) takes the due items and pushes them as one round
(`batch.PushRound`). The push queues its own next run (through `sales.queue`): when due items
remain after a round, or when the round's failures are due again.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from integrations.nocodb import lease
from integrations.nocodb.batch import PushRound
from integrations.nocodb.models import ItemSync
from sales import queue, retry

Estado = ItemSync.Estado


def push() -> str:
    """Push the due items (the task's one call)."""
    owner = uuid.uuid4().hex
    if not lease.take(owner):
        return "skipped"
    try:
        outcome = PushRound(owner).run()
    finally:
        lease.release(owner)
    # Checked after releasing the turn: an item committed while we held it, whose own task
    # found the turn taken, is seen here (or by whoever takes the turn next).
    if _any_due():
        with transaction.atomic():
            queue.enqueue("push_nocodb")
    return outcome


def restart(item: ItemSync) -> None:
    """An operator's retry of an item that gave up: a fresh schedule, queued now."""
    retry.restart(item, task="push_nocodb", fields={"estado": Estado.PENDIENTE}, args=())


def requeue_lost(limite: dt.datetime) -> int:
    """The sweep: pending items overdue since before `limite` lost their task; queue one."""
    perdidos = ItemSync.objects.filter(estado=Estado.PENDIENTE, proximo_intento__lt=limite)
    cuantos = perdidos.count()
    if cuantos:
        with transaction.atomic():
            queue.enqueue("push_nocodb")
    return cuantos


def _any_due() -> bool:
    return ItemSync.objects.filter(
        estado=Estado.PENDIENTE, proximo_intento__lte=timezone.now()
    ).exists()

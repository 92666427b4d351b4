"""The one retry path for work kept in rows: inbound events, Mattermost replies, NocoDB items.

Each such row has `intentos`, `proximo_intento` and `ultimo_error`. A failed attempt is recorded
on the row; the next one is due after the wait its named schedule gives for that attempt
(EVENTO_REINTENTOS, MATTERMOST_REINTENTOS, NOCODB_REINTENTOS); once the schedule is exhausted the
caller closes the row as given up, where the admin shows it and an operator can retry it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from sales import queue

# Schedule name → the setting that lists the seconds to wait after each failed attempt.
SCHEDULES = {
    "events": "EVENTO_REINTENTOS",
    "replies": "MATTERMOST_REINTENTOS",
    "nocodb": "NOCODB_REINTENTOS",
}
# Attempts remembered in a row's `historial`, newest last.
HISTORY = 10


def next_due(attempts: int, schedule: str, *, at_least: float = 0) -> dt.datetime | None:
    """When the attempt after `attempts` failed ones is due; None when the schedule is
    exhausted. `at_least` (seconds) is a wait the other side asked for (a 429's Retry-After)."""
    waits = getattr(settings, SCHEDULES[schedule])
    if attempts > len(waits):
        return None
    wait = max(float(waits[max(attempts, 1) - 1]), at_least or 0)
    return timezone.now() + dt.timedelta(seconds=wait)


def record_failure(row: models.Model, error: str, *, count: bool = True) -> None:
    """Note a failed attempt on the row (not saved). `count=False` when the attempt was counted
    before it started (the NocoDB push marks its attempts before any request)."""
    if count:
        row.intentos += 1
    row.ultimo_error = error
    if hasattr(row, "historial"):
        entry = {"en": timezone.now().isoformat(), "error": error}
        row.historial = [*row.historial[-(HISTORY - 1) :], entry]


def retry_later(
    row: models.Model, error: str, *, schedule: str, task: str, at_least: float = 0
) -> bool:
    """Record the failure and queue `task` for the row's next attempt, in one transaction.

    False, with nothing queued, when the schedule is exhausted: the caller gives up on the row.
    """
    record_failure(row, error)
    due = next_due(row.intentos, schedule, at_least=at_least)
    if due is None:
        return False
    row.proximo_intento = due
    with transaction.atomic():
        row.save()
        queue.enqueue(task, row.pk, run_after=due)
    return True


def lock_pending(model: type[models.Model], pk: int, **pending) -> bool:
    """Lock the row until the transaction ends; False when it is no longer pending (another
    worker finished it first)."""
    return model.objects.select_for_update().filter(pk=pk, **pending).exists()


def restart(row: models.Model, *, task: str, fields: dict, args: tuple | None = None) -> None:
    """An operator's retry of a row that gave up: pending again with a fresh schedule, its task
    queued now (with `args`, by default the row's id). `fields` puts the row back in its pending
    state."""
    fields = {**fields, "intentos": 0, "proximo_intento": timezone.now()}
    for name, value in fields.items():
        setattr(row, name, value)
    with transaction.atomic():
        row.save(update_fields=list(fields))
        queue.enqueue(task, *((row.pk,) if args is None else args))

"""The work queue: every follow-up task is queued here, by name.

Rows and the task that processes them are written in one transaction (the task backend is this
database): either both exist or neither does. Queueing by name, with the task looked up from its
dotted path only when it is queued, lets any layer queue work without importing the layer that
does it: this module imports nothing else from the project.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

# Task name → dotted path of the `@task` function. The paths are what django-tasks-db stores in
# its rows; `sales/tasks.py` keeps the earlier, Spanish paths importable for rows queued before
# an upgrade.
TASKS = {
    "process_post": "sales.tasks.process_post",
    "process_edit": "sales.tasks.process_edit",
    "process_delete": "sales.tasks.process_delete",
    "process_command": "sales.tasks.process_command",
    "deliver_reply": "sales.tasks.deliver_reply",
    "deliver_replies": "sales.tasks.deliver_replies",
    "fill_seller_name": "sales.tasks.fill_seller_name",
    "send_statements": "sales.tasks.send_statements",
    "sweep": "sales.tasks.sweep",
    "push_nocodb": "integrations.nocodb.tasks.push_nocodb",
}


# Paths an earlier version stored for the same tasks (kept importable in sales/tasks.py and
# integrations/nocodb/tasks.py): rows queued under them are the same work.
EARLIER_PATHS = {
    "process_post": ("sales.tasks.procesar_evento",),
    "process_edit": ("sales.tasks.procesar_edicion",),
    "process_delete": ("sales.tasks.procesar_borrado",),
    "process_command": ("sales.tasks.procesar_comando",),
    "deliver_reply": ("sales.tasks.entregar_aviso",),
    "fill_seller_name": ("sales.tasks.completar_nombre",),
    "sweep": ("sales.tasks.barrer",),
    "push_nocodb": ("integrations.nocodb.tasks.empujar_nocodb",),
}


def paths(name: str) -> tuple[str, ...]:
    """Every dotted path a queued row of the task `name` may carry."""
    return (TASKS[name], *EARLIER_PATHS.get(name, ()))


@functools.cache
def task(name: str):
    """The task object registered under `name` (imported once)."""
    return import_string(TASKS[name])


def enqueue(name: str, *args, run_after: dt.datetime | None = None) -> None:
    """Queue the task `name` with `args`, now or from `run_after` on (inside the caller's
    transaction, when there is one)."""
    found = task(name)
    if run_after is not None:
        found = found.using(run_after=run_after)
    found.enqueue(*args)


def enqueue_once(name: str) -> None:
    """Queue the argument-less task `name` unless one is already waiting and due: a burst of
    changes then costs one run, not one per change. A run under way that misses a change made
    meanwhile looks again before it ends (integrations/nocodb/push.py)."""
    # `ready()`: waiting, and due now (no run_after, or one that passed).
    if not DBTaskResult.objects.ready().filter(task_path__in=paths(name)).exists():
        enqueue(name)

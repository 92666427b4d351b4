"""`python manage.py worker`: django-tasks-db's `db_worker`, plus the sweep and a heartbeat.

Before working through the queue it starts the receipt reader's server (ocr/isolated.py),
re-queues work whose task was lost while no worker ran (a worker killed mid-task) and makes sure
the periodic sweep is scheduled. Takes every `db_worker` option.
"""

from __future__ import annotations

import functools

from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from ocr import reader
from sales import workers
from sales.handlers import sweep
from salesbot import heartbeat


class Command(DbWorkerCommand):
    help = "Runs the task worker (db_worker) after re-queuing lost work."

    def handle(self, *args, **options):
        reader.prepare_reader()  # the models load while the sweep runs
        stop_beating = workers.keep_alive(options["worker_id"])
        try:
            found = sweep.sweep()
            sweep.schedule_next()
            self.stderr.write(f"Barrido inicial: {found}")
            _beat_on_every_turn()
            return super().handle(*args, **options)
        finally:
            stop_beating()


def _beat_on_every_turn() -> None:
    """The heartbeat for `manage.py salud worker`, renewed at every turn of db_worker's loop.

    The loop has no hook of its own; it calls `close_old_connections()` at the top and bottom
    of every turn, idle or not, so that call renews the heartbeat too.
    tests/deploy/test_salud.py runs the real command and fails if this stops beating.
    """
    original = db_worker.close_old_connections
    if getattr(original, "heartbeat", False):
        return

    @functools.wraps(original)
    def with_heartbeat(*args, **kwargs):
        heartbeat.beat("worker")
        return original(*args, **kwargs)

    with_heartbeat.heartbeat = True
    db_worker.close_old_connections = with_heartbeat

"""Run django-tasks-db's own worker loop in the test process until the queue is drained."""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


def keep_test_connection():
    """The worker loop's `close_old_connections()` would drop the connection holding a test's
    transaction; inside this context it does nothing."""
    return mock.patch.object(db_worker, "close_old_connections", return_value=None)


def run_worker() -> int:
    """Process every ready task (and the ones they queue) with the real db_worker loop.

    Returns how many tasks ran.
    """
    before = DBTaskResult.objects.exclude(status="READY").count()
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with keep_test_connection():
        worker.run()
    return DBTaskResult.objects.exclude(status="READY").count() - before

"""Which worker processes are alive (`Trabajador` rows), so the sweep can tell a task that is
running from one whose worker died in the middle of it.

Each worker renews its row from a daemon thread every `BEAT` seconds, on a database connection
of its own, so a long task (a slow receipt) does not make it look dead; a killed process stops
renewing at once. A worker unseen for `LEASE` is dead.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from sales.models import Trabajador

logger = logging.getLogger(__name__)

BEAT = 5.0
LEASE = dt.timedelta(seconds=30)


def alive_ids() -> set[str]:
    """The ids of the workers seen within the lease."""
    since = timezone.now() - LEASE
    return set(Trabajador.objects.filter(visto__gte=since).values_list("worker_id", flat=True))


def beat(worker_id: str) -> None:
    Trabajador.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "visto": timezone.now()},
    )


def keep_alive(worker_id: str) -> Callable[[], None]:
    """Renew the worker's row until the returned function is called (or the process ends); it
    returns once the row is gone, so nothing of the thread outlives the worker's command."""
    stop = threading.Event()
    beat(worker_id)
    thread = threading.Thread(target=_loop, args=(worker_id, stop), daemon=True, name="latido")
    thread.start()

    def stop_beating() -> None:
        stop.set()
        thread.join(timeout=BEAT)

    return stop_beating


def _loop(worker_id: str, stop: threading.Event) -> None:
    while not stop.wait(BEAT):
        try:
            beat(worker_id)
        except Exception as exc:  # a database hiccup: the next beat tries again
            logger.warning("Worker heartbeat not renewed: %s", exc)
            connection.close()
    # A clean stop says goodbye at once; a killed worker's row just ages out of the lease.
    Trabajador.objects.filter(worker_id=worker_id).delete()
    connection.close()

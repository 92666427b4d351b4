"""The sweep: puts back in the queue any work whose task is gone, and only that.

Tasks live in the database. A worker killed in the middle of one leaves its row RUNNING
forever: once the worker is known dead (no heartbeat within `workers.LEASE`) the sweep marks
the row failed and its work is queued again. The outbox rows (events, Mattermost replies,
NocoDB items) are the truth: a pending row past its due time whose task is neither waiting
nor running on a live worker gets a fresh one. Work that only waits in a long queue is left
alone, so a backlog never doubles. Doing an item twice is safe anyway: every handler claims its
row first.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from integrations.nocodb import push
from sales import queue, workers
from sales.events import TASK_BY_KIND
from sales.handlers import closing
from sales.models import AvisoMattermost, EventoEntrante

logger = logging.getLogger(__name__)

# Leftover folders of receipts read by a worker that was killed (ocr/pipeline.py makes them).
OCR_FOLDERS = "salesbot-ocr-*"
OCR_FOLDER_AGE = 3600.0
LIVE = ("READY", "RUNNING")


def sweep() -> dict[str, int]:
    buried = bury_dead_runs()
    limite = timezone.now() - dt.timedelta(seconds=settings.BARRIDO_GRACIA)
    eventos = EventoEntrante.objects.filter(
        resultado=EventoEntrante.Resultado.PENDIENTE, proximo_intento__lt=limite
    )
    avisos = AvisoMattermost.objects.filter(
        estado=AvisoMattermost.EstadoEnvio.PENDIENTE, proximo_intento__lt=limite
    )
    cuenta = {
        # Each kind of event has its own task (posts, edits, deletes, /venta).
        "eventos": sum(
            _requeue(eventos.filter(tipo=tipo), task) for tipo, task in TASK_BY_KIND.items()
        ),
        "avisos": _requeue(avisos, "deliver_reply"),
    }
    if settings.NOCODB_URL and settings.NOCODB_API_TOKEN and not _queued("push_nocodb"):
        cuenta["nocodb"] = push.requeue_lost(limite)
    if any(cuenta.values()) or buried:
        logger.warning("Sweep: %s dead runs failed, lost work re-queued: %s", buried, cuenta)
    # The month close's messages: statements a lost task never sent, the day's leaderboard.
    for clave, enviados in (
        ("estados_de_cuenta", closing.send_missing_statements(limite)),
        ("ranking", closing.post_leaderboard_if_due()),
    ):
        if enviados:
            cuenta[clave] = enviados
    _remove_ocr_leftovers()
    return cuenta


def bury_dead_runs() -> int:
    """Mark failed the tasks RUNNING on a worker that is no longer alive; how many."""
    alive = workers.alive_ids()
    running = DBTaskResult.objects.filter(status="RUNNING").values_list("id", "worker_ids")
    dead = [pk for pk, ids in running if not ids or ids[-1] not in alive]
    if dead:
        DBTaskResult.objects.filter(id__in=dead, status="RUNNING").update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path="sales.handlers.sweep.WorkerDied",
            traceback="The worker running this task stopped (killed, or its machine gone).",
        )
    return len(dead)


# Tasks that also carry the rows of another one (a list of them as their argument).
CARRIED_BY = {"deliver_reply": "deliver_replies"}


def _queued(name: str) -> set:
    """The rows every live (waiting or running) task `name` is for, by their first argument
    ({None} for tasks without arguments), those carried in lists by another task included."""
    names = [name, *([CARRIED_BY[name]] if name in CARRIED_BY else [])]
    paths = [path for n in names for path in queue.paths(n)]
    rows = DBTaskResult.objects.filter(task_path__in=paths, status__in=LIVE)
    found: set = set()
    for args_kwargs in rows.values_list("args_kwargs", flat=True):
        first = (args_kwargs.get("args") or [None])[0]
        found.update(first if isinstance(first, list) else [first])
    return found


def _requeue(queryset, task: str) -> int:
    ids = list(queryset.values_list("id", flat=True)[:500])
    queued = _queued(task) if ids else set()
    lost = [i for i in ids if i not in queued]
    for item_id in lost:
        with transaction.atomic():
            queryset.model.objects.filter(id=item_id).update(proximo_intento=timezone.now())
            queue.enqueue(task, item_id)
    return len(lost)


def _remove_ocr_leftovers(folders: Iterable[Path] | None = None) -> None:
    oldest = time.time() - OCR_FOLDER_AGE
    for folder in folders or Path(tempfile.gettempdir()).glob(OCR_FOLDERS):
        try:
            if folder.is_dir() and folder.stat().st_mtime < oldest:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue  # another worker removed it meanwhile


def schedule_next() -> None:
    """Keep exactly one future sweep queued (several workers must not multiply the chain)."""
    pendientes = DBTaskResult.objects.filter(task_path__in=queue.paths("sweep"), status="READY")
    if pendientes.exists():
        return
    cuando = timezone.now() + dt.timedelta(seconds=settings.BARRIDO_CADA)
    queue.enqueue("sweep", run_after=cuando)

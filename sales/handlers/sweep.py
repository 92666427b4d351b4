"""The sweep: puts back in the queue any work whose task was lost.

Tasks live in the database, but a worker killed in the middle of one leaves it marked as running
forever. The outbox rows (events, Mattermost replies, NocoDB items) are the truth: anything still
pending well past its due time gets a fresh task. Doing the same item twice is safe, every
handler claims its row first.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from integrations.nocodb import push
from sales import queue
from sales.events import TASK_BY_KIND
from sales.models import AvisoMattermost, EventoEntrante

logger = logging.getLogger(__name__)


def sweep() -> dict[str, int]:
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
    if settings.NOCODB_URL and settings.NOCODB_API_TOKEN:
        cuenta["nocodb"] = push.requeue_lost(limite)
    if any(cuenta.values()):
        logger.warning("Sweep re-queued lost work: %s", cuenta)
    return cuenta


def _requeue(queryset, task: str) -> int:
    ids = list(queryset.values_list("id", flat=True)[:500])
    for item_id in ids:
        with transaction.atomic():
            queryset.model.objects.filter(id=item_id).update(proximo_intento=timezone.now())
            queue.enqueue(task, item_id)
    return len(ids)


def schedule_next() -> None:
    """Keep exactly one future sweep queued (several workers must not multiply the chain)."""
    pendientes = DBTaskResult.objects.filter(task_path=queue.TASKS["sweep"], status="READY")
    if pendientes.exists():
        return
    cuando = timezone.now() + dt.timedelta(seconds=settings.BARRIDO_CADA)
    queue.enqueue("sweep", run_after=cuando)

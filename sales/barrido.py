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

from integrations.nocodb import sync as nocodb_sync
from sales.models import AvisoMattermost, EventoEntrante

logger = logging.getLogger(__name__)


def barrer() -> dict[str, int]:
    from sales.eventos import tareas_por_tipo
    from sales.tasks import entregar_aviso

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
            _reencolar(eventos.filter(tipo=tipo), tarea)
            for tipo, tarea in tareas_por_tipo().items()
        ),
        "avisos": _reencolar(avisos, entregar_aviso),
    }
    if settings.NOCODB_URL and settings.NOCODB_API_TOKEN:
        cuenta["nocodb"] = nocodb_sync.reencolar_perdidos(limite)
    if any(cuenta.values()):
        logger.warning("Sweep re-queued lost work: %s", cuenta)
    return cuenta


def _reencolar(queryset, tarea) -> int:
    ids = list(queryset.values_list("id", flat=True)[:500])
    for item_id in ids:
        with transaction.atomic():
            queryset.model.objects.filter(id=item_id).update(proximo_intento=timezone.now())
            tarea.enqueue(item_id)
    return len(ids)


def programar_siguiente() -> None:
    """Keep exactly one future sweep queued (several workers must not multiply the chain)."""
    from django_tasks_db.models import DBTaskResult

    from sales.tasks import barrer as tarea

    pendientes = DBTaskResult.objects.filter(task_path=tarea.module_path, status="READY")
    if pendientes.exists():
        return
    cuando = timezone.now() + dt.timedelta(seconds=settings.BARRIDO_CADA)
    tarea.using(run_after=cuando).enqueue()

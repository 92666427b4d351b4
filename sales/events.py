"""Inbound event rows (`EventoEntrante`) as the handlers use them: taken while pending, locked
for the one transaction that settles them, closed with an outcome, or retried on the events'
schedule (EVENTO_REINTENTOS) through the one retry path (`sales.retry`)."""

from __future__ import annotations

import logging

from django.utils import timezone

from sales import retry
from sales.models import EventoEntrante

logger = logging.getLogger(__name__)

R = EventoEntrante.Resultado
Tipo = EventoEntrante.Tipo
# The task that processes each kind of event (`sales.queue` names).
TASK_BY_KIND = {
    Tipo.PUBLICADO: "process_post",
    Tipo.EDITADO: "process_edit",
    Tipo.BORRADO: "process_delete",
    Tipo.COMANDO: "process_command",
}


def pending(evento_id: int) -> EventoEntrante | None:
    """The event, unless it was settled already (a task run twice)."""
    evento = EventoEntrante.objects.get(id=evento_id)
    return evento if evento.resultado == R.PENDIENTE else None


def lock(evento: EventoEntrante) -> bool:
    """Lock the event row; False when another worker already settled it."""
    return retry.lock_pending(EventoEntrante, evento.pk, resultado=R.PENDIENTE)


def close(evento: EventoEntrante, resultado: str, outcome: str, error: str = "") -> str:
    evento.resultado = resultado
    evento.procesado = timezone.now()
    evento.ultimo_error = error
    evento.save()
    return outcome


def retry_later(evento: EventoEntrante, error: str) -> str:
    """Try the event again on its schedule; after the last attempt it is closed as an error (the
    admin shows it and can retry it)."""
    if retry.retry_later(evento, error, schedule="events", task=TASK_BY_KIND[evento.tipo]):
        logger.warning(
            "Event %s failed (attempt %s), retry at %s: %s",
            evento.clave,
            evento.intentos,
            evento.proximo_intento,
            error,
        )
        return "retry"
    logger.error("Event %s gave up after %s attempts: %s", evento.clave, evento.intentos, error)
    return close(evento, R.ERROR, "gave-up", error=error)


def restart(evento: EventoEntrante) -> None:
    """An operator's retry of an event that gave up."""
    retry.restart(evento, task=TASK_BY_KIND[evento.tipo], fields={"resultado": R.PENDIENTE})

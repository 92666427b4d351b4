"""Inbound event rows (`EventoEntrante`) as the handlers use them: taken while pending, locked
for the one transaction that settles them, closed with an outcome, or retried on the events'
schedule (EVENTO_REINTENTOS) through the one retry path (`sales.retry`)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from sales import replies, retry
from sales.models import EventoEntrante
from sales.texts import thread

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


def guarded(handler: Callable[[int], str]) -> Callable[[int], str]:
    """Run an event's handler so that nothing loops silently: an exception nobody expected (our
    bug, or data no rule foresaw) closes the event as an error with its message, tells the
    seller in Spanish that a person will look, and is never queued again (the admin shows it
    and can retry it). A database that is down or busy is not such a failure: the task fails
    and the sweep brings the event back."""

    @functools.wraps(handler)
    def run(evento_id: int) -> str:
        try:
            return handler(evento_id)
        except (OperationalError, InterfaceError):
            raise
        except Exception as exc:
            logger.exception("Event %s failed unexpectedly; closed as an error", evento_id)
            return _fail(evento_id, f"{type(exc).__name__}: {exc}"[:2000])

    return run


def _fail(evento_id: int, error: str) -> str:
    with transaction.atomic():
        if not lock(EventoEntrante(pk=evento_id)):
            return "skipped"
        evento = EventoEntrante.objects.get(pk=evento_id)
        _tell_the_seller(evento)
        return close(evento, R.ERROR, "failed", error=error)


def _tell_the_seller(evento: EventoEntrante) -> None:
    datos = evento.payload if isinstance(evento.payload, dict) else {}
    post_id = str(datos.get("post_id") or evento.post_id or "")
    channel_id = str(datos.get("channel_id") or "")
    if not post_id or not channel_id:  # a /venta whose direct message was never posted
        return
    replies.reply(
        venta=None,
        post_id=post_id,
        channel_id=channel_id,
        root_id=str(datos.get("root_id") or ""),
        clave=f"{evento.clave}:fallo",
        mensaje=thread.NO_PROCESADA,
    )

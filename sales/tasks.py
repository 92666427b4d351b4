"""Worker tasks: thin, each calls one handler. Queued by name through `sales.queue`. The tasks
that process events deliver the replies their changes write themselves
(`replies.delivered_here`)."""

from __future__ import annotations

from django.tasks import task

from sales import replies
from sales.handlers import closing, commands, edits, posts, sellers
from sales.handlers import sweep as sweeping


@task()
@replies.delivered_here
def process_post(evento_id: int) -> str:
    return posts.process_post(evento_id)


@task()
@replies.delivered_here
def process_edit(evento_id: int) -> str:
    return edits.process_edit(evento_id)


@task()
@replies.delivered_here
def process_delete(evento_id: int) -> str:
    return edits.process_delete(evento_id)


@task()
@replies.delivered_here
def process_command(evento_id: int) -> str:
    return commands.process_command(evento_id)


@task()
def deliver_reply(aviso_id: int) -> str:
    return replies.deliver(aviso_id)


@task()
def deliver_replies(aviso_ids: list[int]) -> list[str]:
    return replies.deliver_all(aviso_ids)


@task()
def fill_seller_name(vendedor_id: int, intento: int = 0) -> str:
    return sellers.fill_seller_name(vendedor_id, intento)


@task()
def send_statements(cierre_id: int) -> int:
    return closing.send_statements(cierre_id)


@task()
def sweep() -> dict[str, int]:
    """Re-queue lost work, then schedule the next sweep (a self-renewing periodic task)."""
    result = sweeping.sweep()
    sweeping.schedule_next()
    return result


# The paths of the tasks before they were renamed: rows queued by an earlier version keep
# running after an upgrade (django-tasks-db imports a row's `task_path` when it runs it).
procesar_evento = process_post
procesar_edicion = process_edit
procesar_borrado = process_delete
procesar_comando = process_command
entregar_aviso = deliver_reply
completar_nombre = fill_seller_name
barrer = sweep

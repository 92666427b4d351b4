"""A `/venta`, in the worker: the bot's direct message to the seller becomes the sale's post.

Slash commands carry no post, so one is made: a direct message from the bot, posted once
(`pending_post_id`, then a look in the channel after the 30-s window), and the sale is recorded
on it like any other.
"""

from __future__ import annotations

import logging

from django.db import transaction

from integrations.mattermost import bot, client
from integrations.mattermost.client import MattermostError
from integrations.mattermost.types import Post
from sales import events, posting
from sales.events import R
from sales.models import EventoEntrante
from sales.parsing import ParseError, parse_message
from sales.services import ledger
from sales.texts import slash

logger = logging.getLogger(__name__)


@events.guarded
def process_command(evento_id: int) -> str:
    """Post the seller's direct message from the bot, then record the sale on it."""
    evento = events.pending(evento_id)
    if evento is None:
        return "skipped"
    datos = evento.payload
    try:
        mensaje = parse_message(datos["texto"])
    except ParseError:
        mensaje = None
    if mensaje is None:  # checked when received; only a changed parser gets here
        return events.close(evento, R.INVALIDO, "invalid")
    try:
        post_id, channel_id = _direct_message(evento, slash.confirmacion_directa(mensaje))
    except MattermostError as exc:
        # A refusal may only mean the bot token now belongs to another account: retry as it.
        if exc.permanent and not (exc.status == 403 and bot.identity_changed()):
            logger.error("/venta %s: the direct message failed: %s", evento.clave, exc)
            return events.close(evento, R.ERROR, "gave-up", error=str(exc))
        return events.retry_later(evento, str(exc))
    post = _post_of(datos, post_id, channel_id)
    with transaction.atomic():
        if not events.lock(evento):
            return "skipped"
        evento.venta = ledger.register_sale(post=post, mensaje=mensaje, fuente="comando")
        evento.post_id = post_id
        return events.close(evento, R.VENTA, "sale")


def _post_of(datos: dict, post_id: str, channel_id: str) -> Post:
    return Post(
        id=post_id,
        channel_id=channel_id,
        user_id=datos["user_id"],
        user_name=datos["user_name"],
        message=datos["texto"],
        create_at=datos["recibido_ms"],
        root_id="",  # the direct message is the thread's root
        channel_type="D",
    )


def _direct_message(evento: EventoEntrante, texto: str) -> tuple[str, str]:
    """(post id, channel id) of the bot's direct message for this `/venta`, posted once."""
    datos = evento.payload
    if datos.get("dm_post_id"):
        return datos["dm_post_id"], datos["dm_channel_id"]
    canal = client.create_direct_channel(bot.user_id(), datos["user_id"])["id"]
    clave = f"{evento.clave}:mensaje_directo"
    # Recorded before the request: after an error or a killed worker the message may exist.
    post_id = posting.find_in_channel(canal, clave) if datos.get("dm_empezado") else None
    if post_id is None:
        evento.payload = datos = {**datos, "dm_empezado": True}
        evento.save(update_fields=["payload"])
        # Mattermost drops a repeated create within 30 s (docs/mattermost.md#exactly-once-posts).
        post_id = posting.create_keyed(clave, channel_id=canal, message=texto)
    evento.payload = {**datos, "dm_post_id": post_id, "dm_channel_id": canal}
    evento.save(update_fields=["payload"])
    return post_id, canal

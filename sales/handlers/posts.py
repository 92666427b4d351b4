"""A new post from Mattermost, in the worker: a sale, a photo for a sale, or nothing.

Everything that may fail or take time (asking Mattermost, reading the receipt) happens here,
with retries on the EVENTO_REINTENTOS schedule while the event row stays pending, so nothing is
lost.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integrations.mattermost import bot, client
from integrations.mattermost.client import MattermostError
from integrations.mattermost.types import Post
from sales import events, receipts, replies, rules
from sales.events import R
from sales.models import Estado, EventoEntrante, Venta
from sales.parsing import MensajeVenta, looks_like_a_sale, read_message
from sales.services import ledger
from sales.texts import thread

logger = logging.getLogger(__name__)

# A photo posted outside any thread attaches to the seller's sale waiting for a retake only
# this soon after it.
PHOTO_WINDOW = dt.timedelta(hours=24)


@events.guarded
def process_post(evento_id: int) -> str:
    evento = events.pending(evento_id)
    if evento is None:
        return "skipped"
    try:
        return _process(evento, Post.from_payload(evento.payload))
    except MattermostError as exc:
        if exc.permanent:
            return events.close(evento, R.ERROR, "gave-up", error=str(exc))
        return events.retry_later(evento, str(exc))


def _process(evento: EventoEntrante, post: Post) -> str:
    if _from_the_bot(post):
        return events.close(evento, R.IGNORADO, "ignored")
    mensaje, problema = read_message(post.message)
    if mensaje is None and not problema and not post.file_ids:
        if looks_like_a_sale(post.message) and _in_a_channel_of_the_bot(evento, post):
            return _hint(evento, post)
        return events.close(evento, R.IGNORADO, "ignored")  # no tags, no photo: not a sale
    if not _in_a_channel_of_the_bot(evento, post):
        logger.info("Post %s: the bot is not in channel %s; ignored", post.id, post.channel_id)
        return events.close(evento, R.IGNORADO, "ignored")
    if problema:
        return _invalid(evento, post, problema)
    if mensaje is None:
        return _attach_photo(evento, post)
    return _register(evento, post, mensaje)


def _register(evento: EventoEntrante, post: Post, mensaje: MensajeVenta) -> str:
    # Download and OCR outside the transaction: slow, and may fail and be retried.
    foto = receipts.read_photos(post.file_ids) if post.file_ids else None
    with transaction.atomic():
        if not events.lock(evento):
            return "skipped"
        evaluacion = _evaluate(mensaje, foto, cuando=_moment(post))
        evento.venta = ledger.register_sale(
            post=post, mensaje=mensaje, fuente=evento.fuente, evaluacion=evaluacion
        )
        return events.close(evento, R.VENTA, "sale")


def _hint(evento: EventoEntrante, post: Post) -> str:
    """A post that reads like a sale without tags: the format, once per seller per day (the
    notice's key), in the post's thread."""
    hoy = timezone.localdate(_moment(post))
    with transaction.atomic():
        if not events.lock(evento):
            return "skipped"
        replies.reply(
            venta=None,
            post_id=post.id,
            channel_id=post.channel_id,
            root_id=post.root_id or post.id,
            clave=f"pista:{post.user_id}:{hoy.isoformat()}",
            mensaje=thread.PISTA_FORMATO,
        )
        return events.close(evento, R.IGNORADO, "hinted")


def _invalid(evento: EventoEntrante, post: Post, problema: str) -> str:
    with transaction.atomic():
        if not events.lock(evento):
            return "skipped"
        ledger.register_invalid(evento=evento, post=post, problema=problema)
        return events.close(evento, R.INVALIDO, "invalid")


def _evaluate(
    mensaje: MensajeVenta, foto, venta: Venta | None = None, cuando: dt.datetime | None = None
) -> rules.Evaluacion:
    if foto is not None:
        # The receipt's row first: a concurrent sale with the same image waits on its unique
        # sha256 here, then sees this one as the duplicate it is.
        receipts.save_receipt(foto)
    return rules.evaluate(mensaje, foto, venta=venta, cuando=cuando)


def _moment(post: Post) -> dt.datetime:
    """When the seller posted (the sale's date)."""
    return dt.datetime.fromtimestamp(post.create_at / 1000, tz=dt.UTC)


def _attach_photo(evento: EventoEntrante, post: Post) -> str:
    """A photo without tags: the retake or the missing receipt of a sale waiting for one."""
    venta = _sale_waiting_for_a_photo(post)
    if venta is None:
        return events.close(evento, R.IGNORADO, "ignored")
    foto = receipts.read_photos(post.file_ids)
    with transaction.atomic():
        if not events.lock(evento):
            return "skipped"
        evaluacion = _evaluate(message_of(venta), foto, venta)
        evento.venta = ledger.attach_receipt(venta=venta, evaluacion=evaluacion)
        return events.close(evento, R.FOTO, "photo")


def _sale_waiting_for_a_photo(post: Post) -> Venta | None:
    root_id = post.root_id
    if root_id is None:  # the webhook does not say which thread the post is in
        root_id = client.get_post(post.id).root_id
    candidatas = Venta.objects.filter(
        vendedor__mm_user_id=post.user_id, channel_id=post.channel_id
    ).filter(
        Q(estado=Estado.ESPERANDO_FOTO)
        | Q(estado=Estado.EN_REVISION, motivo__in=rules.MOTIVOS_QUE_ACEPTAN_FOTO)
    )
    if root_id:
        candidatas = candidatas.filter(Q(post_id=root_id) | Q(root_id=root_id))
    else:
        candidatas = candidatas.filter(
            estado=Estado.ESPERANDO_FOTO, fecha__gte=post.created - PHOTO_WINDOW
        )
    return candidatas.order_by("-fecha", "-id").first()


def message_of(venta: Venta) -> MensajeVenta:
    return MensajeVenta(
        monto=venta.monto,
        cliente=venta.cliente,
        tubos=venta.tubos,
        producto=venta.producto,
        nota=venta.nota,
    )


def _from_the_bot(post: Post) -> bool:
    return post.from_bot or (client.configured() and post.user_id == bot.user_id())


def _in_a_channel_of_the_bot(evento: EventoEntrante, post: Post) -> bool:
    """An empty MATTERMOST_CANALES means every channel the bot is in. The listener hears only
    those, but a team-wide outgoing webhook fires in every public channel, also where the bot
    could neither answer nor react. Asked here, not in the webhook's request (it may call
    Mattermost), and only for posts about a sale, so chatter costs nothing."""
    if settings.MATTERMOST_CANALES or evento.fuente != "webhook" or not client.configured():
        return True
    return bot.is_member(post.channel_id)

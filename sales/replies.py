"""Replies and reactions for Mattermost: written to an outbox with the ledger change, delivered
by the worker, each exactly once.

A reply's key (post + kind + version) becomes a deterministic `pending_post_id`, which makes
Mattermost drop a duplicate create within 30 s (docs/mattermost.md#exactly-once-posts); past that
window a retry first looks in the thread for a post carrying the same key in its props
(`sales.posting`).
Mattermost down or 5xx: the item waits and retries on the MATTERMOST_REINTENTOS schedule
(`sales.retry`), then is marked as given up, where an operator sees it in the admin and can
retry it.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from integrations.mattermost import bot, client, limits
from integrations.mattermost.client import MattermostError
from sales import cards, claims, posting, queue, retry
from sales.inserts import insert_if_new
from sales.models import AvisoMattermost, Venta

logger = logging.getLogger(__name__)

Tipo = AvisoMattermost.Tipo
EstadoEnvio = AvisoMattermost.EstadoEnvio

# How long a worker may hold an item before another worker may take it over (a crashed worker).
RECLAMO = dt.timedelta(minutes=2)
# Errors that mean the thread or the post is gone: retrying cannot help and nobody should see an
# error for it (docs/mattermost.md#errors).
_GONE = {posting.ROOT_REFUSED, "app.post.get.app_error"}


# --- Writing to the outbox (inside the caller's transaction) -----------------------------------


def reply(
    *, venta: Venta | None, post_id: str, channel_id: str, root_id: str, clave: str, mensaje: str
) -> AvisoMattermost | None:
    return _create(
        clave,
        tipo=Tipo.RESPUESTA,
        venta=venta,
        post_id=post_id,
        channel_id=channel_id,
        root_id=root_id,
        mensaje=limits.fit_message(mensaje),
    )


def reply_in_thread(venta: Venta, *, clave: str, mensaje: str) -> AvisoMattermost | None:
    """A reply in the thread of the sale's post."""
    return reply(
        venta=venta,
        post_id=venta.post_id,
        channel_id=venta.channel_id,
        root_id=venta.root_id,
        clave=clave,
        mensaje=mensaje,
    )


def publish(
    *,
    clave: str,
    mensaje: str,
    channel_id: str = "",
    destinatario: str = "",
    archivo: str = "",
    props: dict | None = None,
    venta: Venta | None = None,
) -> AvisoMattermost | None:
    """A post of its own (not a reply): in `channel_id`, or by direct message to the user
    `destinatario`, with the image at `archivo` (under MEDIA_ROOT) uploaded and attached."""
    return _create(
        clave,
        tipo=Tipo.PUBLICACION,
        venta=venta,
        post_id="",
        channel_id=channel_id,
        destinatario=destinatario,
        archivo=archivo,
        props=props or {},
        mensaje=limits.fit_message(mensaje),
    )


def refresh_card(venta: Venta) -> AvisoMattermost | None:
    """Bring the sale's review card up to date (rendered when delivered, from the ledger as it
    is then: deliveries in any order end with the card right)."""
    return _create(
        f"{cards.card_key(venta.pk)}:v{venta.version}",
        tipo=Tipo.TARJETA,
        venta=venta,
        post_id="",
        channel_id=settings.MATTERMOST_CANAL_REVISION,
    )


def react(
    *,
    venta: Venta | None,
    post_id: str,
    channel_id: str,
    emoji: str,
    clave: str,
    quitar: bool = False,
) -> AvisoMattermost | None:
    tipo = Tipo.QUITAR_REACCION if quitar else Tipo.REACCION
    return _create(
        clave, tipo=tipo, venta=venta, post_id=post_id, channel_id=channel_id, emoji=emoji
    )


# The rows written inside `together()`, delivered together at its end; `_here` is set while
# a worker's task runs (`delivered_here`): that worker delivers them itself.
_together: ContextVar[list[int] | None] = ContextVar("replies_together", default=None)
_here: ContextVar[bool] = ContextVar("replies_here", default=False)


@contextmanager
def together() -> Iterator[None]:
    """Deliver the rows written inside the block together, in order (a reply, then the reaction
    swap): in a worker's task by that worker after the commit, elsewhere by one task."""
    ids: list[int] = []
    token = _together.set(ids)
    try:
        yield
    finally:
        _together.reset(token)
    if ids and _here.get():
        transaction.on_commit(functools.partial(_deliver_after_commit, ids), robust=True)
    elif ids:
        queue.enqueue("deliver_replies", ids)


def delivered_here(handler: Callable) -> Callable:
    """Run a worker's task so that this worker delivers the replies its changes write once they
    are committed: a task per sale cost a burst a sixth of its pace (docs/benchmarks.md)."""

    @functools.wraps(handler)
    def run(*args, **kwargs):
        token = _here.set(True)
        try:
            return handler(*args, **kwargs)
        finally:
            _here.reset(token)

    return run


def _deliver_after_commit(ids: list[int]) -> None:
    # Anything but Mattermost (which `deliver` retries) failing: a task takes over, or the sweep.
    try:
        deliver_all(ids)
    except Exception:
        logger.exception("Replies %s not delivered after the commit; queued for a worker", ids)
        queue.enqueue("deliver_replies", ids)


def _create(clave: str, **fields) -> AvisoMattermost | None:
    aviso = AvisoMattermost(clave=clave, proximo_intento=timezone.now(), **fields)
    if not insert_if_new(aviso, key="clave"):
        return None
    batch = _together.get()
    if batch is None:
        queue.enqueue("deliver_reply", aviso.id)
    else:
        batch.append(aviso.id)
    return aviso


# --- Delivering (in the worker) ----------------------------------------------------------------


# Mattermost's answer when the user id a call names is not the token's own.
_NOT_THE_SESSION = "api.reaction.save_reaction.user_id.app_error"


def deliver_all(aviso_ids: list[int]) -> list[str]:
    """Deliver several items in order (those `together()` wrote), all taken in one statement.

    Taking an item records its attempt as started before any request: whatever ends it (an
    error, or a worker killed while the request was in flight), a later attempt knows a reply
    may already be in the thread (`earlier_attempt`). An item another worker holds, or already
    sent, is skipped."""
    now = timezone.now()
    mine = {a.id: a for a in claims.claim_replies(aviso_ids, until=now + RECLAMO, now=now)}
    for aviso in mine.values():
        aviso.earlier_attempt = aviso.primer_intento != now
    return [_deliver(mine[i]) if i in mine else "skipped" for i in aviso_ids]


def deliver(aviso_id: int) -> str:
    return deliver_all([aviso_id])[0]


def _deliver(aviso: AvisoMattermost) -> str:
    try:
        mm_post_id = _send(aviso)
    except MattermostError as exc:
        if exc.code == _NOT_THE_SESSION and bot.identity_changed():
            # The bot token now belongs to another account: retry as that one.
            exc = MattermostError(str(exc), status=exc.status, code=exc.code)
        return _failed(aviso, exc)
    _mark(
        aviso,
        EstadoEnvio.ENVIADO,
        mm_post_id=mm_post_id,
        enviado=timezone.now(),
        root_id=aviso.root_id,
    )
    return "ok"


def restart(aviso: AvisoMattermost) -> None:
    """An operator's retry of an item that gave up: a fresh schedule, queued now."""
    retry.restart(
        aviso,
        task="deliver_reply",
        fields={
            "estado": EstadoEnvio.PENDIENTE,
            "primer_intento": aviso.primer_intento or timezone.now(),
            "reclamado_hasta": None,
        },
    )


def _send(aviso: AvisoMattermost) -> str:
    if aviso.tipo == Tipo.RESPUESTA:
        return posting.reply(aviso, may_exist=aviso.earlier_attempt)
    if aviso.tipo == Tipo.PUBLICACION:
        return posting.own_post(aviso)
    if aviso.tipo == Tipo.TARJETA:
        return _refresh_card(aviso)
    if aviso.tipo == Tipo.REACCION:
        client.add_reaction(user_id=bot.user_id(), post_id=aviso.post_id, emoji_name=aviso.emoji)
    else:
        _remove_reaction(aviso)
    return ""


def _refresh_card(aviso: AvisoMattermost) -> str:
    tarjeta = AvisoMattermost.objects.filter(clave=cards.card_key(aviso.venta_id)).first()
    if tarjeta is None or tarjeta.estado != EstadoEnvio.ENVIADO or not tarjeta.mm_post_id:
        # The card itself is not posted yet: this update waits for it (retried).
        raise MattermostError(f"card of sale {aviso.venta_id} not posted yet")
    venta = Venta.objects.select_related("vendedor").get(pk=aviso.venta_id)
    post = client.patch_post(
        tarjeta.mm_post_id, message=cards.message(venta), props=cards.props(venta)
    )
    return post.id


def _remove_reaction(aviso: AvisoMattermost) -> None:
    try:
        client.remove_reaction(user_id=bot.user_id(), post_id=aviso.post_id, emoji_name=aviso.emoji)
    except MattermostError as exc:
        if not exc.not_found:  # already gone is what we wanted
            raise


def _failed(aviso: AvisoMattermost, exc: MattermostError) -> str:
    aviso.reclamado_hasta = None
    if exc.not_found or exc.error_id in _GONE:
        retry.record_failure(aviso, str(exc))
        logger.info("Reply %s discarded, the post is gone: %s", aviso.clave, exc)
        return _close(aviso, EstadoEnvio.DESCARTADO, "discarded")
    if not exc.permanent and retry.retry_later(
        aviso, str(exc), schedule="replies", task="deliver_reply", at_least=exc.retry_after or 0
    ):
        logger.warning(
            "Reply %s failed (attempt %s), retry at %s: %s",
            aviso.clave,
            aviso.intentos,
            aviso.proximo_intento,
            exc,
        )
        return "retry"
    if exc.permanent:
        retry.record_failure(aviso, str(exc))
    logger.error("Reply %s gave up after %s attempts: %s", aviso.clave, aviso.intentos, exc)
    return _close(aviso, EstadoEnvio.ABANDONADO, "gave-up")


def _close(aviso: AvisoMattermost, estado: str, outcome: str) -> str:
    aviso.estado = estado
    aviso.save()
    return outcome


def _mark(aviso: AvisoMattermost, estado: str, **fields) -> None:
    AvisoMattermost.objects.filter(id=aviso.id).update(
        estado=estado, reclamado_hasta=None, **fields
    )

"""The inbox: the one entry for what Mattermost delivers (posts, edits, deletes, `/venta`).

Every inbound adapter (the outgoing webhook, the slash command, the WebSocket listener and its
REST catch-up) hands its post here. The post is stored as an `EventoEntrante` keyed so that the
same post arriving by two paths is one event, and its task is queued in the same transaction:
an event is never stored without its work queued. The worker does everything else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BigIntegerField, Min
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from integrations.mattermost import bot, limits
from integrations.mattermost.types import Post
from sales import queue
from sales.events import TASK_BY_KIND
from sales.inserts import insert_with_task
from sales.models import Estado, EventoEntrante, Venta
from sales.parsing import MensajeVenta, fold

logger = logging.getLogger(__name__)

Tipo = EventoEntrante.Tipo
# A `/venta` sent again by the same seller with the same data this soon is a double submit.
COMMAND_WINDOW = dt.timedelta(seconds=60)


def channel_allowed(channel_id: str, channel_type: str = "") -> bool:
    """MATTERMOST_CANALES limits which channels count (empty: every channel of the bot's; for
    webhook posts the worker checks that). Direct messages with the bot always count, list or
    not: each seller has a channel of their own with it."""
    canales = settings.MATTERMOST_CANALES
    return not canales or channel_type == "D" or channel_id in canales


def receive_post(post: Post, fuente: str) -> bool:
    """Store a delivered post and queue its processing; the same post twice is one event.
    True when it was new. No event object is built: the webhook's hot path only needs to know
    it is stored, and a `Model` instance was a quarter of its Python (docs/benchmarks.md)."""
    if not channel_allowed(post.channel_id, post.channel_type) or not _acceptable(post):
        return False
    if post.user_id and post.user_id == bot.known_user_id():
        return False
    ahora = timezone.now()
    fila = {
        "clave": post.id,
        "post_id": post.id,
        "tipo": Tipo.PUBLICADO,
        "fuente": fuente,
        "payload": _payload(post),
        "recibido": ahora,
        "proximo_intento": ahora,
    }
    return insert_with_task(EventoEntrante, fila, key="clave", task_name="process_post") is not None


def _payload(post: Post, **extra) -> dict:
    """The post as stored, whichever path brought it, without what PostgreSQL refuses in
    `jsonb` (NUL characters, lone surrogates: `limits.storable`); what the seller wrote around
    one is kept."""
    return limits.storable({**post.to_payload(), **extra})


def _acceptable(post: Post) -> bool:
    """A post Mattermost could have sent; anything else could never be processed."""
    problems = limits.post_problems(post)
    if problems:
        logger.info("Post %.40r refused at the inbox: %s", post.id, "; ".join(problems))
    return not problems


# --- Edits and deletes ---------------------------------------------------------------------------


def receive_edit(post: Post, fuente: str, *, edit_at: int) -> tuple[EventoEntrante | None, bool]:
    """Store an edit of a post salesbot has (a sale, or an attempt at one) and queue it.

    Each version of the text is one event (`<post>:editado:<edit_at>`), whichever path brings
    it (the listener, its REST catch-up).
    """
    clave = f"{post.id}:editado:{edit_at}"
    return _receive_change(post, fuente, Tipo.EDITADO, clave, {"edit_at": edit_at})


def receive_delete(post: Post, fuente: str) -> tuple[EventoEntrante | None, bool]:
    """Store the deletion of a post salesbot has and queue it (`<post>:borrado`, once)."""
    return _receive_change(post, fuente, Tipo.BORRADO, f"{post.id}:borrado", {})


def _receive_change(post: Post, fuente, tipo, clave, extra) -> tuple[EventoEntrante | None, bool]:
    # Edits and deletes of posts salesbot never stored (other conversations, history) are
    # nobody's business here; a post it has passed the channel filter when it arrived.
    if not _acceptable(post) or not knows_post(post.id):
        return None, False
    with transaction.atomic():
        evento, created = EventoEntrante.objects.get_or_create(
            clave=clave,
            defaults={
                "post_id": post.id,
                "tipo": tipo,
                "fuente": fuente,
                "payload": _payload(post, **extra),
                "proximo_intento": timezone.now(),
            },
        )
        if created:
            queue.enqueue(TASK_BY_KIND[tipo], evento.id)
    return evento, created


def knows_post(post_id: str) -> bool:
    """Whether the post was stored here (as an event, or as the post of a sale)."""
    return (
        EventoEntrante.objects.filter(clave=post_id).exists()
        or Venta.objects.filter(post_id=post_id).exists()
    )


# --- `/venta` ------------------------------------------------------------------------------------


def receive_sale_command(
    *, user_id: str, user_name: str, texto: str, mensaje: MensajeVenta, channel_id: str = ""
) -> tuple[EventoEntrante, bool]:
    """Store a `/venta` and queue it; (the first one, False) for a double submit.

    Slash commands carry no post, so the worker makes one: a direct message from the bot to
    the seller, which becomes the sale's post.
    """
    prefijo = f"comando:{user_id}:{_fingerprint(mensaje)}:"
    with transaction.atomic():
        # Without the lock two simultaneous submits both find no earlier one, and on either
        # side of a minute boundary their keys differ: two sales.
        _lock_key(prefijo)
        ahora = timezone.now()
        previo = _recent_command(prefijo, ahora)
        if previo is not None:
            return previo, False
        payload = {
            "user_id": user_id,
            "user_name": user_name,
            "texto": texto,
            "channel_id": channel_id,
            "recibido_ms": int(ahora.timestamp() * 1000),
        }
        # The minute in the key keeps the unique `clave` a last guard where the lock is a no-op.
        evento, created = EventoEntrante.objects.get_or_create(
            clave=f"{prefijo}{int(ahora.timestamp()) // 60}",
            defaults={
                "post_id": "",  # the direct message the worker posts
                "tipo": Tipo.COMANDO,
                "fuente": "comando",
                "payload": payload,
                "recibido": ahora,
                "proximo_intento": ahora,
            },
        )
        if created:
            queue.enqueue("process_command", evento.id)
    return evento, created


def _recent_command(prefijo: str, ahora: dt.datetime) -> EventoEntrante | None:
    return (
        EventoEntrante.objects.filter(
            tipo=Tipo.COMANDO, clave__startswith=prefijo, recibido__gte=ahora - COMMAND_WINDOW
        )
        .order_by("-recibido")
        .first()
    )


def _lock_key(clave: str) -> None:
    """Serialise, until the transaction ends, every caller that passes the same `clave`.

    PostgreSQL: a transaction-level advisory lock on a 64-bit hash of it (a collision only
    makes two unrelated submits wait for each other). On SQLite every transaction begins
    IMMEDIATE (settings), holding the one write lock from its start: nothing to add there.
    """
    if connection.vendor != "postgresql":
        return
    llave = int.from_bytes(hashlib.sha256(clave.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [llave])


def _fingerprint(mensaje: MensajeVenta) -> str:
    """The sale's data normalised (amount, case, accents, spaces), hashed."""
    partes = [f"{mensaje.monto:.2f}", mensaje.cliente, str(mensaje.tubos)]
    partes += [mensaje.producto, mensaje.nota]
    texto = "|".join(" ".join(fold(p).split()) for p in partes)
    return hashlib.sha256(texto.encode()).hexdigest()[:16]


# --- What the listener's catch-up asks -----------------------------------------------------------


def oldest_post_ms(channel_id: str, default: int) -> int:
    """When the oldest post stored from this channel was created (edits of older posts are
    nobody's business here), or `default` if that is older."""
    oldest = EventoEntrante.objects.filter(
        tipo=Tipo.PUBLICADO, payload__channel_id=channel_id
    ).aggregate(ms=Min(Cast(KT("payload__create_at_ms"), BigIntegerField())))["ms"]
    return default if oldest is None else min(default, oldest)


def live_sales_missing(channel_id: str, listed: set[str]) -> list[str]:
    """Post ids of the channel's live sales (not voided, no delete stored) not in `listed`."""
    ventas = Venta.objects.filter(channel_id=channel_id).exclude(estado=Estado.ANULADA)
    missing = set(ventas.values_list("post_id", flat=True)) - listed
    borrados = EventoEntrante.objects.filter(clave__in=[f"{p}:borrado" for p in missing])
    missing -= {c.removesuffix(":borrado") for c in borrados.values_list("clave", flat=True)}
    return sorted(missing)


def stored_post(post_id: str) -> Post:
    """A known post as salesbot stored it (to stand for one Mattermost no longer shows)."""
    stored = EventoEntrante.objects.filter(clave=post_id).values_list("payload", flat=True)
    payload = stored.first()
    if payload is not None:
        return Post.from_payload(payload)
    venta = Venta.objects.select_related("vendedor").get(post_id=post_id)
    return Post(
        id=post_id,
        channel_id=venta.channel_id,
        user_id=venta.vendedor.mm_user_id,
        message=venta.mensaje,
        root_id=venta.root_id,
        create_at=int(venta.fecha.timestamp() * 1000),
    )

"""The listener's REST catch-up and channel cursors (CONTRACT §3.6, §4.4).

When events were missed (a resume refused with a new `connection_id`, a gap in `seq`, or the
listener was not running), every channel the bot is in (its teams' channels, its direct and
group messages) is read from its cursor in the database: new posts with `after=<last post id>`
(paging by post id has none of `since=`'s gaps), edits and deletes with `since=<ms>`. What is
found goes through the same `sales.eventos.recibir_*` as live events; their keys make anything
seen twice one event. On the very first start the cursors begin at "now": no history.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django import db
from django.db.models import BigIntegerField, Min
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from integrations.mattermost import client
from integrations.mattermost.client import MattermostError
from integrations.mattermost.events import IncomingPost
from integrations.mattermost.models import CursorCanal, EstadoListener

logger = logging.getLogger(__name__)

PAGINA = 200  # Mattermost's largest page
# `since=` answers at most this many posts (`LIMIT 1000` in GetPostsSince, CONTRACT §3.2).
SINCE_TOPE = 1000


@dataclass(frozen=True)
class Canal:
    id: str
    name: str = ""
    type: str = ""
    team_id: str = ""


def now_ms() -> int:
    return int(time.time() * 1000)


# --- From Mattermost's JSON to salesbot's events -------------------------------------------------


def decode_post(value: Any) -> dict[str, Any] | None:
    """`data.post` of a WebSocket event is a JSON string (CONTRACT §4.2); None if unreadable."""
    try:
        post = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return None
    if not isinstance(post, dict) or not isinstance(post.get("id"), str):
        return None
    return post


def incoming_post(post: dict[str, Any], canal: Canal, user_name: str = "") -> IncomingPost:
    return IncomingPost(
        post_id=post["id"],
        channel_id=post.get("channel_id") or canal.id,
        user_id=post.get("user_id") or "",
        user_name=user_name,
        message=post.get("message") or "",
        create_at_ms=int(post.get("create_at") or 0),
        file_ids=tuple(post.get("file_ids") or ()),
        root_id=post.get("root_id") or "",
        channel_name=canal.name,
        channel_type=canal.type,
        team_id=canal.team_id,
        props=dict(post.get("props") or {}),
    )


def deliver(kind: str, post: dict[str, Any], canal: Canal, *, bot_id: str, user_name="") -> str:
    """Hand one post over to the ingestion path; the outcome names what happened.

    A database that is down or busy raises (the listener reconnects and the post comes again);
    a post that cannot be stored for any other reason is logged and skipped, or it would come
    back forever.
    """
    if post.get("user_id") == bot_id or str(post.get("type") or "").startswith("system_"):
        return "ignored"
    try:
        return _hand_over(kind, post, incoming_post(post, canal, user_name))
    except (db.OperationalError, db.InterfaceError):
        raise
    except Exception:
        logger.exception("Mattermost post %s could not be stored; skipped", post.get("id"))
        return "failed"


def _hand_over(kind: str, post: dict[str, Any], entrante: IncomingPost) -> str:
    from sales import eventos

    if kind == "posted":
        eventos.recibir_post(entrante, "listener")
        return "posted"
    if kind == "post_deleted" or post.get("delete_at"):
        eventos.recibir_borrado(entrante, "listener")
        return "deleted"
    if post.get("edit_at"):
        eventos.recibir_edicion(entrante, "listener", edit_at=int(post["edit_at"]))
        return "edited"
    return "ignored"  # a pin or a props change: the text is the same


# --- Cursors --------------------------------------------------------------------------------------


def note_post(post: dict[str, Any]) -> None:
    """The newest post seen in its channel moves the channel's `after=` anchor."""
    channel_id, create_at = post.get("channel_id") or "", int(post.get("create_at") or 0)
    moved = CursorCanal.objects.filter(
        channel_id=channel_id, ultimo_create_at__lt=create_at
    ).update(ultimo_post_id=post["id"], ultimo_create_at=create_at)
    if not moved:
        CursorCanal.objects.get_or_create(
            channel_id=channel_id,
            defaults={
                "ultimo_post_id": post["id"],
                "ultimo_create_at": create_at,
                "desde_ms": create_at,
            },
        )


def note_change(post: dict[str, Any]) -> None:
    """An edit or delete seen moves the channel's `since=` mark."""
    channel_id, update_at = post.get("channel_id") or "", int(post.get("update_at") or 0)
    moved = CursorCanal.objects.filter(channel_id=channel_id, desde_ms__lt=update_at).update(
        desde_ms=update_at
    )
    if not moved:
        CursorCanal.objects.get_or_create(channel_id=channel_id, defaults={"desde_ms": update_at})


def _estado() -> EstadoListener:
    """The listener's row; created on the very first start, "caught up" as of now."""
    estado, _ = EstadoListener.objects.get_or_create(pk=1, defaults={"al_dia_ms": now_ms()})
    return estado


# --- The catch-up --------------------------------------------------------------------------------


def channels() -> list[Canal]:
    """The bot's channels in all its teams (direct and group ones once), that count as sales."""
    from sales.eventos import canal_permitido

    found: dict[str, Canal] = {}
    for team in client.get_my_teams():
        for data in client.get_my_channels(team["id"]):
            canal = Canal(data["id"], data.get("name", ""), data.get("type", ""), data["team_id"])
            found.setdefault(canal.id, canal)
    return [c for c in found.values() if canal_permitido(c.id, c.type)]


def catch_up(*, bot_id: str) -> Counter[str]:
    """Read every channel from its cursor; counts what was handed over, by kind."""
    started = now_ms()
    estado = _estado()
    names = _UserNames()
    counts: Counter[str] = Counter()
    for canal in channels():
        cursor, _ = CursorCanal.objects.get_or_create(
            channel_id=canal.id, defaults={"desde_ms": estado.al_dia_ms}
        )
        try:
            counts += _catch_up_channel(canal, cursor, bot_id=bot_id, names=names)
        except MattermostError as exc:
            if not exc.permanent:
                raise
            # The bot left the channel between listing and reading it: nothing to read.
            logger.warning("Catch-up skipped channel %s: %s", canal.id, exc)
        counts["channels"] += 1
    EstadoListener.objects.filter(pk=estado.pk, al_dia_ms__lt=started).update(al_dia_ms=started)
    return counts


def _catch_up_channel(
    canal: Canal, cursor: CursorCanal, *, bot_id: str, names: _UserNames
) -> Counter[str]:
    changed, complete = _since(canal.id, cursor.desde_ms)
    if not complete:
        return _catch_up_past_the_since_cap(canal, cursor, changed, bot_id=bot_id, names=names)
    if cursor.ultimo_post_id:
        new = list(_after(canal.id, cursor.ultimo_post_id))
    else:
        # No post seen in this channel yet: what was created since the mark is new.
        new = [p for p in changed if int(p.get("create_at") or 0) > cursor.desde_ms]
        new = [p for p in new if not p.get("delete_at")]
    counts = _deliver_new(canal, new, bot_id=bot_id, names=names)
    for post in sorted(changed, key=lambda p: int(p.get("update_at") or 0)):
        if post.get("delete_at") or post.get("edit_at"):
            counts[deliver("post_edited", post, canal, bot_id=bot_id)] += 1
        note_change(post)
    return counts


def _catch_up_past_the_since_cap(
    canal: Canal,
    cursor: CursorCanal,
    changed: list[dict[str, Any]],
    *,
    bot_id: str,
    names: _UserNames,
) -> Counter[str]:
    """`since=` stopped at its cap, and the posts it returned are any of the changed ones, in no
    order (CONTRACT §3.2): no `update_at` up to which everything was seen follows from them.

    So the channel itself is read: its live posts, newest first, down to the oldest post
    salesbot has there, show every edit and every new post; a sale whose post is no longer
    listed is asked for by id, and a 404 means it was deleted. Only then does the mark move,
    to the newest change `since=` returned (nothing at or before it was left out). Slow on a
    long history, but only when more than the cap changed while the listener was away.
    """
    logger.warning("Catch-up of channel %s: since= is capped, reading the channel", canal.id)
    desde = cursor.desde_ms
    live = {p["id"]: p for p in _live_posts(canal.id, down_to_ms=_oldest_known_ms(canal.id, desde))}
    if cursor.ultimo_post_id:
        new = list(_after(canal.id, cursor.ultimo_post_id))
    else:
        new = [p for p in live.values() if int(p.get("create_at") or 0) > desde]
    counts = _deliver_new(canal, new, bot_id=bot_id, names=names)
    changes: dict[str, dict[str, Any]] = {}
    for post in [*changed, *(p for p in live.values() if int(p.get("edit_at") or 0) > desde)]:
        _keep_newest(changes, post)
    for post in _unlisted_sales(canal.id, set(live) | set(changes)):
        if post.get("delete_at") or int(post.get("edit_at") or 0) > desde:
            _keep_newest(changes, post)
    for post in sorted(changes.values(), key=lambda p: int(p.get("update_at") or 0)):
        if post.get("delete_at") or post.get("edit_at"):
            counts[deliver("post_edited", post, canal, bot_id=bot_id)] += 1
    mark = max(int(p.get("update_at") or 0) for p in changed)
    CursorCanal.objects.filter(pk=cursor.pk, desde_ms__lt=mark).update(desde_ms=mark)
    return counts


def _deliver_new(
    canal: Canal, new: list[dict[str, Any]], *, bot_id: str, names: _UserNames
) -> Counter[str]:
    counts: Counter[str] = Counter()
    for post in sorted(new, key=lambda p: int(p.get("create_at") or 0)):
        user = names.get(post.get("user_id") or "", bot_id)
        counts[deliver("posted", post, canal, bot_id=bot_id, user_name=user)] += 1
        note_post(post)
    return counts


def _keep_newest(changes: dict[str, dict[str, Any]], post: dict[str, Any]) -> None:
    known = changes.get(post["id"])
    if known is None or int(post.get("update_at") or 0) > int(known.get("update_at") or 0):
        changes[post["id"]] = post


def _after(channel_id: str, anchor: str):
    """Posts newer than `anchor`, oldest page first (each page's `order` is newest first)."""
    while True:
        page = client.get_channel_posts(channel_id, after=anchor, per_page=PAGINA)
        posts = _ordered(page)
        yield from reversed(posts)
        if len(posts) < PAGINA:
            return
        anchor = posts[0]["id"]


def _live_posts(channel_id: str, *, down_to_ms: int):
    """The channel's live posts, newest first, until those created at `down_to_ms` or before.

    Later pages hang from the oldest post of the previous one (`before=`): unlike `page=N`, a
    post deleted meanwhile does not shift the next page over one that was never read.
    """
    page = client.get_channel_posts(channel_id, page=0, per_page=PAGINA)
    while True:
        posts = _ordered(page)
        yield from posts
        if len(posts) < PAGINA or int(posts[-1].get("create_at") or 0) <= down_to_ms:
            return
        page = client.get_channel_posts(channel_id, before=posts[-1]["id"], per_page=PAGINA)


def _oldest_known_ms(channel_id: str, default: int) -> int:
    """When the oldest post salesbot stored from this channel was created (edits of older
    posts are nobody's business here)."""
    from sales.models import EventoEntrante

    oldest = EventoEntrante.objects.filter(
        tipo=EventoEntrante.Tipo.PUBLICADO, payload__channel_id=channel_id
    ).aggregate(ms=Min(Cast(KT("payload__create_at_ms"), BigIntegerField())))["ms"]
    return default if oldest is None else min(default, oldest)


def _unlisted_sales(channel_id: str, seen: set[str]) -> list[dict[str, Any]]:
    """The channel's sales (not voided, no delete stored) whose posts were not listed, as
    Mattermost has them now: deleted ones (404) rebuilt from what salesbot stored."""
    from sales.models import Estado, EventoEntrante, Venta

    ventas = Venta.objects.filter(channel_id=channel_id).exclude(estado=Estado.ANULADA)
    missing = set(ventas.values_list("post_id", flat=True)) - seen
    borrados = EventoEntrante.objects.filter(clave__in=[f"{p}:borrado" for p in missing])
    missing -= {
        clave.removesuffix(":borrado") for clave in borrados.values_list("clave", flat=True)
    }
    found = []
    for post_id in sorted(missing):
        try:
            found.append(client.request("GET", f"/posts/{post_id}"))
        except MattermostError as exc:
            if not exc.not_found:
                raise
            found.append(_deleted_post(post_id, channel_id))
    return found


def _deleted_post(post_id: str, channel_id: str) -> dict[str, Any]:
    """A post Mattermost no longer shows, as a `post_deleted` event would carry it."""
    from sales.models import EventoEntrante, Venta

    stored = EventoEntrante.objects.filter(clave=post_id).values_list("payload", flat=True).first()
    if stored is None:
        venta = Venta.objects.select_related("vendedor").get(post_id=post_id)
        stored = {"user_id": venta.vendedor.mm_user_id, "root_id": venta.root_id}
    now = now_ms()
    return {
        "id": post_id,
        "channel_id": channel_id,
        "user_id": stored.get("user_id") or "",
        "message": stored.get("message") or "",
        "create_at": int(stored.get("create_at_ms") or 0),
        "root_id": stored.get("root_id") or "",
        "file_ids": list(stored.get("file_ids") or ()),
        "update_at": now,
        "delete_at": now,
    }


def _since(channel_id: str, since_ms: int) -> tuple[list[dict[str, Any]], bool]:
    """The posts changed since `since_ms`, and whether that is all of them.

    Mattermost stops at SINCE_TOPE posts and says nothing about it (no `has_next`, no cursors):
    a full answer is the only sign that more were left out.
    """
    page = client.get_channel_posts(channel_id, since=max(since_ms, 1))
    posts = _ordered(page)
    return posts, len(posts) < SINCE_TOPE and not page.get("has_next")


def _ordered(page: dict[str, Any]) -> list[dict[str, Any]]:
    """A PostList's posts in its `order` (newest first); `posts` also holds thread roots."""
    posts = page.get("posts") or {}
    return [posts[pid] for pid in page.get("order") or [] if pid in posts]


class _UserNames:
    """Usernames for posts read over REST (the WebSocket event says the sender's; REST does not)."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def get(self, user_id: str, bot_id: str) -> str:
        if not user_id or user_id == bot_id:
            return ""
        if user_id not in self._known:
            try:
                self._known[user_id] = client.get_user(user_id).get("username", "")
            except MattermostError as exc:
                if not exc.permanent:
                    raise
                self._known[user_id] = ""
        return self._known[user_id]

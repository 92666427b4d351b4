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

from integrations.mattermost import client
from integrations.mattermost.client import MattermostError
from integrations.mattermost.events import IncomingPost
from integrations.mattermost.models import CursorCanal, EstadoListener

logger = logging.getLogger(__name__)

PAGINA = 200  # Mattermost's largest page


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
    counts: Counter[str] = Counter()
    changed = _since(canal.id, cursor.desde_ms)
    if cursor.ultimo_post_id:
        new = list(_after(canal.id, cursor.ultimo_post_id))
    else:
        # No post seen in this channel yet: what was created since the mark is new.
        new = [p for p in changed if int(p.get("create_at") or 0) > cursor.desde_ms]
        new = [p for p in new if not p.get("delete_at")]
    for post in sorted(new, key=lambda p: int(p.get("create_at") or 0)):
        user = names.get(post.get("user_id") or "", bot_id)
        counts[deliver("posted", post, canal, bot_id=bot_id, user_name=user)] += 1
        note_post(post)
    for post in sorted(changed, key=lambda p: int(p.get("update_at") or 0)):
        if post.get("delete_at") or post.get("edit_at"):
            counts[deliver("post_edited", post, canal, bot_id=bot_id)] += 1
        note_change(post)
    return counts


def _after(channel_id: str, anchor: str):
    """Posts newer than `anchor`, oldest page first (each page's `order` is newest first)."""
    while True:
        page = client.get_channel_posts(channel_id, after=anchor, per_page=PAGINA)
        posts = [page["posts"][pid] for pid in page.get("order") or [] if pid in page["posts"]]
        yield from reversed(posts)
        if len(posts) < PAGINA:
            return
        anchor = posts[0]["id"]


def _since(channel_id: str, since_ms: int) -> list[dict[str, Any]]:
    page = client.get_channel_posts(channel_id, since=max(since_ms, 1))
    if page.get("has_next"):
        # `since=` stops at 1000 posts (CONTRACT §3.2); the rest shows up in the next catch-up.
        logger.warning("Catch-up of channel %s: more than one page of changes", channel_id)
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

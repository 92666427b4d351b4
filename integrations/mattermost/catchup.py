"""The listener's REST catch-up and channel cursors (docs/mattermost.md#catching-up).

When events were missed (a resume refused with a new `connection_id`, a gap in `seq`, or the
listener was not running), every channel the bot is in (its teams' channels, its direct and
group messages) is read from its cursor in the database: new posts with `after=<last post id>`
(paging by post id has none of `since=`'s gaps), edits and deletes with `since=<ms>`. What is
found goes through the same `sales.inbox` as live events; their keys make anything seen twice
one event. On the very first start the cursors begin at "now": no history.
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
from integrations.mattermost.models import CursorCanal, EstadoListener
from integrations.mattermost.types import Post
from sales import inbox

logger = logging.getLogger(__name__)

PAGINA = 200  # Mattermost's largest page
# `since=` answers at most this many posts (`LIMIT 1000` in the server's GetPostsSince,
# docs/mattermost.md#catching-up).
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


def decode_post(value: Any, canal: Canal, user_name: str = "") -> Post | None:
    """`data.post` of a WebSocket event is a JSON string (docs/mattermost.md#websocket); None
    if unreadable."""
    try:
        data = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None
    try:
        return post_in(data, canal, user_name)
    except (TypeError, ValueError, AttributeError, KeyError):
        # Fields of types Mattermost never sends: skipped, or the event would come back on
        # every resume and nothing after it would be heard.
        return None


def post_in(data: dict[str, Any], canal: Canal, user_name: str = "") -> Post:
    """A post read from Mattermost, with what its channel and sender are known to be."""
    post = Post.from_json(
        data,
        user_name=user_name,
        channel_name=canal.name,
        channel_type=canal.type,
        team_id=canal.team_id,
    )
    return post if post.channel_id else post.but(channel_id=canal.id)


def deliver(kind: str, post: Post, *, bot_id: str) -> str:
    """Hand one post over to the inbox; the outcome names what happened.

    A database that is down or busy raises (the listener reconnects and the post comes again);
    a post that cannot be stored for any other reason is logged and skipped, or it would come
    back forever.
    """
    if post.user_id == bot_id or post.type.startswith("system_"):
        return "ignored"
    try:
        return _hand_over(kind, post)
    except (db.OperationalError, db.InterfaceError):
        raise
    except Exception:
        logger.exception("Mattermost post %s could not be stored; skipped", post.id)
        return "failed"


def _hand_over(kind: str, post: Post) -> str:
    if kind == "posted":
        inbox.receive_post(post, "listener")
        return "posted"
    if kind == "post_deleted" or post.delete_at:
        inbox.receive_delete(post, "listener")
        return "deleted"
    if post.edit_at:
        inbox.receive_edit(post, "listener", edit_at=post.edit_at)
        return "edited"
    return "ignored"  # a pin or a props change: the text is the same


# --- Cursors --------------------------------------------------------------------------------------


def note_post(post: Post) -> None:
    """The newest post seen in its channel moves the channel's `after=` anchor."""
    moved = CursorCanal.objects.filter(
        channel_id=post.channel_id, ultimo_create_at__lt=post.create_at
    ).update(ultimo_post_id=post.id, ultimo_create_at=post.create_at)
    if not moved:
        CursorCanal.objects.get_or_create(
            channel_id=post.channel_id,
            defaults={
                "ultimo_post_id": post.id,
                "ultimo_create_at": post.create_at,
                "desde_ms": post.create_at,
            },
        )


def note_change(post: Post) -> None:
    """An edit or delete seen moves the channel's `since=` mark."""
    moved = CursorCanal.objects.filter(
        channel_id=post.channel_id, desde_ms__lt=post.update_at
    ).update(desde_ms=post.update_at)
    if not moved:
        CursorCanal.objects.get_or_create(
            channel_id=post.channel_id, defaults={"desde_ms": post.update_at}
        )


def _estado() -> EstadoListener:
    """The listener's row; created on the very first start, "caught up" as of now."""
    estado, _ = EstadoListener.objects.get_or_create(pk=1, defaults={"al_dia_ms": now_ms()})
    return estado


# --- The catch-up --------------------------------------------------------------------------------


def channels() -> list[Canal]:
    """The bot's channels in all its teams (direct and group ones once), that count as sales."""
    found: dict[str, Canal] = {}
    for team in client.get_my_teams():
        for data in client.get_my_channels(team["id"]):
            canal = Canal(data["id"], data.get("name", ""), data.get("type", ""), data["team_id"])
            found.setdefault(canal.id, canal)
    return [c for c in found.values() if inbox.channel_allowed(c.id, c.type)]


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
    changed, complete = _since(canal, cursor.desde_ms)
    if not complete:
        return _catch_up_past_the_since_cap(canal, cursor, changed, bot_id=bot_id, names=names)
    if cursor.ultimo_post_id:
        new = list(_after(canal, cursor.ultimo_post_id))
    else:
        # No post seen in this channel yet: what was created since the mark is new.
        new = [p for p in changed if p.create_at > cursor.desde_ms and not p.delete_at]
    counts = _deliver_new(new, bot_id=bot_id, names=names)
    for post in sorted(changed, key=lambda p: p.update_at):
        if post.delete_at or post.edit_at:
            counts[deliver("post_edited", post, bot_id=bot_id)] += 1
        note_change(post)
    return counts


def _catch_up_past_the_since_cap(
    canal: Canal, cursor: CursorCanal, changed: list[Post], *, bot_id: str, names: _UserNames
) -> Counter[str]:
    """`since=` stopped at its cap, and the posts it returned are any of the changed ones, in no
    order (docs/mattermost.md#catching-up): no `update_at` up to which everything was seen
    follows from them.

    So the channel itself is read: its live posts, newest first, down to the oldest post
    salesbot has there, show every edit and every new post; a sale whose post is no longer
    listed is asked for by id, and a 404 means it was deleted. Only then does the mark move,
    to the newest change `since=` returned (nothing at or before it was left out). Slow on a
    long history, but only when more than the cap changed while the listener was away.
    """
    logger.warning("Catch-up of channel %s: since= is capped, reading the channel", canal.id)
    desde = cursor.desde_ms
    oldest = inbox.oldest_post_ms(canal.id, desde)
    live = {p.id: p for p in _live_posts(canal, down_to_ms=oldest)}
    if cursor.ultimo_post_id:
        new = list(_after(canal, cursor.ultimo_post_id))
    else:
        new = [p for p in live.values() if p.create_at > desde]
    counts = _deliver_new(new, bot_id=bot_id, names=names)
    changes: dict[str, Post] = {}
    for post in [*changed, *(p for p in live.values() if p.edit_at > desde)]:
        _keep_newest(changes, post)
    for post in _unlisted_sales(canal, set(live) | set(changes)):
        if post.delete_at or post.edit_at > desde:
            _keep_newest(changes, post)
    for post in sorted(changes.values(), key=lambda p: p.update_at):
        if post.delete_at or post.edit_at:
            counts[deliver("post_edited", post, bot_id=bot_id)] += 1
    mark = max(p.update_at for p in changed)
    CursorCanal.objects.filter(pk=cursor.pk, desde_ms__lt=mark).update(desde_ms=mark)
    return counts


def _deliver_new(new: list[Post], *, bot_id: str, names: _UserNames) -> Counter[str]:
    counts: Counter[str] = Counter()
    for post in sorted(new, key=lambda p: p.create_at):
        post = post.but(user_name=names.get(post.user_id, bot_id))
        counts[deliver("posted", post, bot_id=bot_id)] += 1
        note_post(post)
    return counts


def _keep_newest(changes: dict[str, Post], post: Post) -> None:
    known = changes.get(post.id)
    if known is None or post.update_at > known.update_at:
        changes[post.id] = post


def _after(canal: Canal, anchor: str):
    """Posts newer than `anchor`, oldest page first (each page's `order` is newest first)."""
    while True:
        page = client.get_channel_posts(canal.id, after=anchor, per_page=PAGINA)
        posts = _ordered(page, canal)
        yield from reversed(posts)
        if len(posts) < PAGINA:
            return
        anchor = posts[0].id


def _live_posts(canal: Canal, *, down_to_ms: int):
    """The channel's live posts, newest first, until those created at `down_to_ms` or before.

    Later pages hang from the oldest post of the previous one (`before=`): unlike `page=N`, a
    post deleted meanwhile does not shift the next page over one that was never read.
    """
    page = client.get_channel_posts(canal.id, page=0, per_page=PAGINA)
    while True:
        posts = _ordered(page, canal)
        yield from posts
        if len(posts) < PAGINA or posts[-1].create_at <= down_to_ms:
            return
        page = client.get_channel_posts(canal.id, before=posts[-1].id, per_page=PAGINA)


def _unlisted_sales(canal: Canal, seen: set[str]) -> list[Post]:
    """The channel's sales the inbox knows as live whose posts were not listed, as Mattermost
    has them now: deleted ones (404) rebuilt from what salesbot stored."""
    found = []
    for post_id in inbox.live_sales_missing(canal.id, seen):
        try:
            found.append(post_in(client.request("GET", f"/posts/{post_id}"), canal))
        except MattermostError as exc:
            if not exc.not_found:
                raise
            now = now_ms()
            stored = inbox.stored_post(post_id)
            found.append(
                stored.but(
                    channel_id=canal.id,
                    root_id=stored.root_id or "",
                    update_at=now,
                    delete_at=now,
                )
            )
    return found


def _since(canal: Canal, since_ms: int) -> tuple[list[Post], bool]:
    """The posts changed since `since_ms`, and whether that is all of them.

    Mattermost stops at SINCE_TOPE posts and says nothing about it (no `has_next`, no cursors):
    a full answer is the only sign that more were left out.
    """
    page = client.get_channel_posts(canal.id, since=max(since_ms, 1))
    posts = _ordered(page, canal)
    return posts, len(posts) < SINCE_TOPE and not page.get("has_next")


def _ordered(page: dict[str, Any], canal: Canal) -> list[Post]:
    """A PostList's posts in its `order` (newest first); `posts` also holds thread roots."""
    posts = page.get("posts") or {}
    return [post_in(posts[pid], canal) for pid in page.get("order") or [] if pid in posts]


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

"""The bot's own user id: needed to react as the bot and to ignore the bot's own posts."""

from __future__ import annotations

import time

from integrations.mattermost import client
from integrations.mattermost.models import IdentidadBot

_user_id: str | None = None
# When the identity is not learnt yet, the web process looks again at most this often, so the
# webhook's hot path does not pay a query per request.
_RELOOK_SECONDS = 60.0
_looked_at = float("-inf")


def user_id() -> str:
    """The bot's user id, asking Mattermost once (`GET /users/me`) and remembering it."""
    global _user_id
    if _user_id:
        return _user_id
    known = known_user_id()
    if known:
        return known
    me = client.get_me()
    IdentidadBot.objects.update_or_create(
        pk=1, defaults={"user_id": me["id"], "username": me.get("username", "")}
    )
    _user_id = me["id"]
    return _user_id


def known_user_id() -> str | None:
    """The bot's user id if already learnt; never calls Mattermost."""
    global _user_id, _looked_at
    if not _user_id and time.monotonic() - _looked_at >= _RELOOK_SECONDS:
        _looked_at = time.monotonic()
        _user_id = IdentidadBot.objects.filter(pk=1).values_list("user_id", flat=True).first()
    return _user_id


def forget() -> None:
    """Drop the cached identity (tests, or a new bot token)."""
    global _user_id, _looked_at
    _user_id = None
    _looked_at = float("-inf")

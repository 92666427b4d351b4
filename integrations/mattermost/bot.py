"""The bot's own user id (to react as the bot and to ignore its own posts) and its channels."""

from __future__ import annotations

import time

from integrations.mattermost import client
from integrations.mattermost.models import IdentidadBot

_user_id: str | None = None
# When the identity is not learnt yet, the web process looks again at most this often, so the
# webhook's hot path does not pay a query per request.
_RELOOK_SECONDS = 60.0
_looked_at = float("-inf")

# The ids of the bot's channels, read again after _CHANNELS_TTL seconds, and at once for a
# channel not among them: the bot may have just joined it.
_CHANNELS_TTL = 300.0
_channel_ids: frozenset[str] = frozenset()
_channels_read_at = float("-inf")


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


def is_member(channel_id: str) -> bool:
    """Whether the bot is a member of the channel (its teams' channels, direct and group ones
    included: `GET /users/me/teams`, `/users/me/teams/{id}/channels`)."""
    global _channel_ids, _channels_read_at
    stale = time.monotonic() - _channels_read_at >= _CHANNELS_TTL
    if stale or channel_id not in _channel_ids:
        _channel_ids = frozenset(
            channel["id"]
            for team in client.get_my_teams()
            for channel in client.get_my_channels(team["id"])
        )
        _channels_read_at = time.monotonic()
    return channel_id in _channel_ids


def forget() -> None:
    """Drop the cached identity and channels (tests, or a new bot token)."""
    global _user_id, _looked_at, _channel_ids, _channels_read_at
    _user_id = None
    _looked_at = float("-inf")
    _channel_ids = frozenset()
    _channels_read_at = float("-inf")

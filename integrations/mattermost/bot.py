"""The bot's own user id (to react as the bot and to ignore its own posts) and its channels."""

from __future__ import annotations

import functools
import hashlib
import time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from integrations.mattermost import client
from integrations.mattermost.models import IdentidadBot

_user_id: str | None = None
_user_fingerprint = ""
# When the identity is not learnt yet, the web process looks again at most this often, so the
# webhook's hot path does not pay a query per request.
_RELOOK_SECONDS = 60.0
_looked_at = float("-inf")

# The ids of the bot's channels, read again after _CHANNELS_TTL seconds, and at once for a
# channel not among them: the bot may have just joined it.
_CHANNELS_TTL = 300.0
_channel_ids: frozenset[str] = frozenset()
_channels_read_at = float("-inf")


def fingerprint() -> str:
    """Which Mattermost and bot token are configured now (a hash of both, not the token)."""
    return _hashed(settings.MATTERMOST_URL, settings.MATTERMOST_BOT_TOKEN)


@functools.lru_cache(maxsize=4)
def _hashed(url: str, token: str) -> str:
    # Asked on every webhook (is the post the bot's own?): hashed once per server and token.
    return hashlib.sha256(f"{url}|{token}".encode()).hexdigest()[:32]


def user_id() -> str:
    """The bot's user id, asking Mattermost once (`GET /users/me`) and remembering it for the
    server and token it was asked with."""
    global _user_id, _user_fingerprint
    known = known_user_id()
    if known:
        return known
    me = client.get_me()
    IdentidadBot.objects.update_or_create(
        pk=1,
        defaults={
            "user_id": me["id"],
            "username": me.get("username", ""),
            "huella": fingerprint(),
            "actualizado": timezone.now(),
        },
    )
    _user_id, _user_fingerprint = me["id"], fingerprint()
    return _user_id


def known_user_id() -> str | None:
    """The bot's user id if already learnt with the current server and token; never calls
    Mattermost."""
    global _user_id, _user_fingerprint, _looked_at
    current = fingerprint()
    if _user_id and _user_fingerprint == current:
        return _user_id
    if time.monotonic() - _looked_at >= _RELOOK_SECONDS or _user_fingerprint != current:
        _looked_at = time.monotonic()
        # A row from before the fingerprint was kept (huella "") is trusted: a stale one is
        # caught when Mattermost refuses its id (`identity_changed`).
        stored = IdentidadBot.objects.filter(Q(huella=current) | Q(huella=""), pk=1)
        _user_id = stored.values_list("user_id", flat=True).first()
        _user_fingerprint = current
    return _user_id


def identity_changed() -> bool:
    """Ask Mattermost who the token is now; True (and the stored identity replaced) when that
    is not who salesbot believed. Called when Mattermost refuses the bot's user id as not the
    session's: the token now belongs to another bot account."""
    believed = known_user_id()
    IdentidadBot.objects.filter(pk=1).delete()
    forget()
    return user_id() != believed


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
    global _user_id, _user_fingerprint, _looked_at, _channel_ids, _channels_read_at
    _user_id, _user_fingerprint = None, ""
    _looked_at = float("-inf")
    _channel_ids = frozenset()
    _channels_read_at = float("-inf")

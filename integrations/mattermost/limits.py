"""What Mattermost itself never sends, so salesbot refuses it at the door (docs/mattermost.md).

Ids are 26 lowercase letters and digits (`NewId` in `server/public/model/utils.go`); a post's
message is at most 16,383 characters (`PostMessageMaxRunesV2` in `server/public/model/post.go`);
names fit salesbot's own columns (usernames 64, Mattermost's own limit is lower). A timestamp
must fall between Mattermost's first release and a day from now.
"""

from __future__ import annotations

import datetime as dt
import re
import time

from django.core.validators import RegexValidator
from rest_framework import serializers

ID = re.compile(r"[a-z0-9]{26}")
MESSAGE_MAX = 16_383
NAME_MAX = 64
FILES_MAX = 10
# Milliseconds: 2015-01-01 (before any Mattermost post) to a day ahead (clock skew).
EARLIEST_MS = int(dt.datetime(2015, 1, 1, tzinfo=dt.UTC).timestamp() * 1000)
AHEAD_MS = 24 * 3600 * 1000


def fit_message(text: str) -> str:
    """`text` cut to what Mattermost accepts in one post (it refuses a longer one)."""
    return text if len(text) <= MESSAGE_MAX else text[: MESSAGE_MAX - 1] + "…"


def storable(value):
    """`value` (decoded JSON) with strings PostgreSQL stores: NUL characters taken out, and a
    lone surrogate (`"\\ud800"` in JSON, never valid UTF-8) made U+FFFD, as Mattermost's own
    JSON decoder does; PostgreSQL refuses both in text and in `jsonb`. Applied where a post is
    stored (`sales.inbox`) and to the review card's clicks and dialogs (their reasons are
    stored)."""
    if isinstance(value, str):
        if value.isascii():  # nearly every value: no surrogate to look for
            return value.replace("\x00", "")
        return _LONE_SURROGATE.sub("\ufffd", value.replace("\x00", ""))
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def is_id(value: object) -> bool:
    return isinstance(value, str) and ID.fullmatch(value) is not None


def sane_ms(value: int) -> bool:
    return EARLIEST_MS <= value <= int(time.time() * 1000) + AHEAD_MS


class IdField(serializers.CharField):
    """A Mattermost id: 26 lowercase letters and digits."""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=26, min_length=26, **kwargs)
        self.validators.append(
            RegexValidator(ID, "Debe ser un ID de Mattermost (26 letras y números).")
        )


def name_field(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        allow_blank=True, required=False, default="", max_length=NAME_MAX, **kwargs
    )


def post_problems(post) -> list[str]:
    """What about a `Post` Mattermost would never send (empty when it is fine)."""
    problems = [
        f"{name} is not an id"
        for name in ("id", "channel_id", "user_id")
        if not is_id(getattr(post, name))
    ]
    if post.root_id and not is_id(post.root_id):
        problems.append("root_id is not an id")
    if not sane_ms(post.create_at):
        problems.append(f"create_at {post.create_at} is out of range")
    if len(post.message) > MESSAGE_MAX or len(post.user_name) > NAME_MAX:
        problems.append("message or user_name too long")
    if len(post.file_ids) > FILES_MAX or not all(is_id(f) for f in post.file_ids):
        problems.append("bad file_ids")
    return problems

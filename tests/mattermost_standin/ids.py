"""Mattermost ids and clocks (UTIL `NewId`, `IsValidId`; MPOST `GetMillis`)."""

import base64
import secrets
import time

# NewId is base32 over 16 random bytes, written with this alphabet instead of RFC 4648's.
_STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_ZBASE32 = "ybndrfg8ejkmcpqxot1uwisza345h769"
_TRANSLATE = str.maketrans(_STD, _ZBASE32)


def new_id() -> str:
    """26 lower-case chars from the z-base-32 alphabet, as Mattermost's NewId."""
    raw = base64.b32encode(secrets.token_bytes(16)).decode("ascii").rstrip("=")
    return raw.translate(_TRANSLATE)


def is_valid_id(value: object) -> bool:
    """IsValidId: exactly 26 chars, letters and digits only."""
    return isinstance(value, str) and len(value) == 26 and value.isascii() and value.isalnum()


def now_ms() -> int:
    return int(time.time() * 1000)


class PostClock:
    """Hands out strictly increasing create_at values.

    Real Mattermost can give two posts the same millisecond; `after=`/`before=` paging then
    depends on database order. Tests want a stable order, so posts never share a timestamp.
    """

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        self._last = max(now_ms(), self._last + 1)
        return self._last

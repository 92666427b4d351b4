"""Inbound outgoing webhooks (docs/mattermost.md#outgoing-webhooks): the token and the payload.

Mattermost sends the same 12 keys form-encoded (timestamp in seconds) or as JSON (timestamp in
milliseconds); `file_ids` is a comma-separated string in both. Only what Mattermost can send is
accepted (`limits.py`). Plain functions, no framework: this is the hottest path of the service
(`views.py` answers within one database statement).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from django.conf import settings

from integrations.http import token_matches
from integrations.mattermost import limits
from integrations.mattermost.types import Post

REQUIRED = ("channel_id", "timestamp", "user_id", "post_id", "text")
NAMES = ("team_domain", "channel_name", "user_name")


class BadPayload(ValueError):
    """A body Mattermost would never send; `campos` says what is wrong with which field."""

    def __init__(self, campos: dict[str, list[str]]) -> None:
        super().__init__(campos)
        self.campos = campos


class Unreadable(BadPayload):
    """Not a body at all: malformed JSON or form encoding."""


def read_body(body: bytes, content_type: str) -> dict:
    """The payload as a dict of strings (and the JSON timestamp as a number)."""
    if content_type.startswith("application/json"):
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            raise Unreadable({"detail": ["El cuerpo no es JSON válido."]}) from None
        if not isinstance(data, dict):
            raise Unreadable({"detail": ["Se esperaba un objeto JSON."]})
        return data
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except (UnicodeDecodeError, ValueError):
        raise Unreadable({"detail": ["El formulario no se puede leer."]}) from None


def token_ok(data: dict) -> bool:
    return token_matches(data.get("token"), settings.MATTERMOST_WEBHOOK_TOKENS)


def to_post(data: dict, *, timestamp_in_ms: bool) -> Post:
    """The validated post, or BadPayload naming every field that is wrong."""
    campos: dict[str, list[str]] = {}
    text = {k: _text(data, k, campos) for k in (*REQUIRED, *NAMES, "team_id", "file_ids")}
    for key in ("channel_id", "user_id", "post_id"):
        if key not in campos and not limits.is_id(text[key]):
            campos[key] = ["Debe ser un ID de Mattermost (26 letras y números)."]
    if text["team_id"] and not limits.is_id(text["team_id"]):
        campos["team_id"] = ["Debe ser un ID de Mattermost (26 letras y números)."]
    for key in NAMES:
        if len(text[key]) > limits.NAME_MAX:
            campos[key] = [f"A lo más {limits.NAME_MAX} caracteres."]
    if len(text["text"]) > limits.MESSAGE_MAX:
        campos["text"] = [f"A lo más {limits.MESSAGE_MAX} caracteres."]
    created = _timestamp(data.get("timestamp"), timestamp_in_ms, campos)
    files = _file_ids(text["file_ids"], campos)
    if campos:
        raise BadPayload(campos)
    return _post(text, created, files)


def _text(data: dict, key: str, campos: dict) -> str:
    value = data.get(key, "" if key not in REQUIRED else None)
    if value is None:
        campos[key] = ["Este campo es requerido."]
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        campos[key] = ["Debe ser texto."]
        return ""
    return str(value)


def _timestamp(value, in_ms: bool, campos: dict) -> int:
    try:
        number = int(value) if not isinstance(value, bool) else -1
    except (TypeError, ValueError, OverflowError):
        number = -1
    ms = number if in_ms else number * 1000
    if number < 0 or not limits.sane_ms(ms):
        campos.setdefault("timestamp", ["La fecha de la publicación no es válida."])
    return ms


def _file_ids(text: str, campos: dict) -> tuple[str, ...]:
    ids = tuple(item.strip() for item in text.split(",") if item.strip())
    if len(ids) > limits.FILES_MAX or not all(limits.is_id(i) for i in ids):
        campos["file_ids"] = ["file_ids debe ser una lista de hasta 10 IDs separados por comas."]
    return ids


def _post(text: dict, created: int, files: tuple[str, ...]) -> Post:
    return Post(
        id=text["post_id"],
        channel_id=text["channel_id"],
        user_id=text["user_id"],
        user_name=text["user_name"],
        message=text["text"],
        create_at=created,
        file_ids=files,
        root_id=None,
        channel_name=text["channel_name"],
        channel_type="O",  # webhooks fire only in public channels
        team_id=text["team_id"],
    )

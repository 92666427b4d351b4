"""Slash-command text and reply parsing (CMD `ExecuteCommand`; CMDRESP; MENT)."""

import base64
import hashlib
import hmac
import json
import re
import secrets
from typing import Any

from .ids import new_id, now_ms
from .state import Store

_AT_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9][A-Za-z0-9.\-_:]*)")
_CHANNEL_MENTION = re.compile(r"(?<![\w~])~([A-Za-z0-9\-_]+)")
_SIGNING_KEY = secrets.token_bytes(32)

_STRING_FIELDS = (
    "response_type",
    "text",
    "username",
    "channel_id",
    "icon_url",
    "type",
    "goto_location",
    "trigger_id",
)


def split_command(command: str) -> tuple[str, str]:
    """(trigger lower-cased without '/', message after exactly one whitespace char)."""
    index = next((i for i, char in enumerate(command) if char.isspace()), -1)
    trigger, message = (command, "") if index < 0 else (command[:index], command[index + 1 :])
    return trigger.lower().removeprefix("/"), message


def trigger_ids(user_id: str) -> tuple[str, str]:
    """(client trigger id, signed trigger_id sent to the integration), like GenerateTriggerId."""
    client_id = new_id()
    data = f"{client_id}:{user_id}:{now_ms()}:"
    signature = hmac.new(_SIGNING_KEY, data.encode(), hashlib.sha256).digest()
    signed = data + base64.b64encode(signature).decode()
    return client_id, base64.b64encode(signed.encode()).decode()


def user_mentions(store: Store, message: str, team_id: str) -> list[tuple[str, str]]:
    """(name, user id) for each @name that is a member of the team; trailing . - _ trimmed."""
    found: dict[str, str] = {}
    team = store.teams.get(team_id)
    for raw in _AT_MENTION.findall(message):
        name = raw.lower()
        while name:
            user = store.user_by_name(name)
            if user is not None:
                if team is not None and user.id in team.members:
                    found.setdefault(name, user.id)
                break
            if name[-1] not in ".-_:":
                break
            name = name[:-1]
    return list(found.items())


def channel_mentions(store: Store, message: str, team_id: str) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for name in _CHANNEL_MENTION.findall(message):
        channel = store.channel_by_name(team_id, name)
        if channel is not None and channel.type == "O":
            found.setdefault(name, channel.id)
    return list(found.items())


def response_from_http_body(content_type: str, body: bytes) -> dict[str, Any]:
    """CommandResponseFromHTTPBody: JSON only for application/json, else the body is the text.

    Raises ValueError when a JSON reply does not decode into a CommandResponse.
    """
    if content_type.split(";")[0].strip().lower() == "application/json":
        value = json.loads(body.decode("utf-8"))
        return normalize_response({} if value is None else value)
    return normalize_response({"text": body.decode("utf-8", errors="replace")})


def normalize_response(value: Any) -> dict[str, Any]:
    """A CommandResponse with every field, in the struct's order (its ToJSON shape)."""
    if not isinstance(value, dict):
        raise ValueError("command response is not a JSON object")
    out: dict[str, Any] = {}
    for key in _STRING_FIELDS[:6]:
        out[key] = _typed(value, key, str, "")
    out["props"] = _typed(value, "props", dict, None)
    out["goto_location"] = _typed(value, "goto_location", str, "")
    out["trigger_id"] = _typed(value, "trigger_id", str, "")
    out["skip_slack_parsing"] = _typed(value, "skip_slack_parsing", bool, False)
    out["attachments"] = _typed(value, "attachments", list, None)
    extra = _typed(value, "extra_responses", list, None)
    out["extra_responses"] = None if extra is None else [normalize_response(e) for e in extra]
    return out


def _typed(value: dict[str, Any], key: str, kind: type, default: Any) -> Any:
    item = value.get(key)
    if item is None:
        return default
    if not isinstance(item, kind):
        raise ValueError(f"{key} has the wrong JSON type")
    return item

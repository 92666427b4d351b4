"""Integration objects (outgoing webhooks, slash commands) and the records of their calls."""

import json
import time
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qs, parse_qsl

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass
class OutgoingWebhook:
    """OWM OutgoingWebhook. `trigger_when`: 0 = first word equals, 1 = first word starts with."""

    id: str
    token: str
    team_id: str
    channel_id: str
    creator_id: str
    trigger_words: list[str]
    trigger_when: int
    callback_urls: list[str]
    content_type: str
    display_name: str
    create_at: int
    description: str = ""
    username: str = ""
    icon_url: str = ""

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "token": self.token,
            "create_at": self.create_at,
            "update_at": self.create_at,
            "delete_at": 0,
            "creator_id": self.creator_id,
            "channel_id": self.channel_id,
            "team_id": self.team_id,
            "trigger_words": list(self.trigger_words),
            "trigger_when": self.trigger_when,
            "callback_urls": list(self.callback_urls),
            "display_name": self.display_name,
            "description": self.description,
            "content_type": self.content_type,
            "username": self.username,
            "icon_url": self.icon_url,
        }


@dataclass
class SlashCommand:
    id: str
    token: str
    team_id: str
    trigger: str
    url: str
    method: Literal["P", "G"]
    creator_id: str
    create_at: int
    display_name: str = ""
    username: str = ""
    icon_url: str = ""


@dataclass
class CommandWebhook:
    """The response_url of one command execution (CMDWH)."""

    id: str
    command_id: str
    user_id: str
    channel_id: str
    root_id: str
    create_at: int
    use_count: int = 0


@dataclass
class WebhookDelivery:
    """One attempt to call one callback URL of an outgoing webhook."""

    hook_id: str
    post_id: str
    url: str
    content_type: str
    request_headers: dict[str, str]
    request_body: bytes
    started_at: float = field(default_factory=time.time)
    finished_at: float | None = None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    error: str | None = None
    # pending | posted | no_post | bad_response | timeout | error | post_failed
    outcome: str = "pending"
    reply_post_ids: list[str] = field(default_factory=list)

    @property
    def duration(self) -> float | None:
        return None if self.finished_at is None else self.finished_at - self.started_at

    @property
    def payload(self) -> dict[str, Any]:
        """The request body decoded (JSON object, or form with one value per key)."""
        if self.content_type == JSON:
            return json.loads(self.request_body)
        return dict(parse_qsl(self.request_body.decode(), keep_blank_values=True))


@dataclass
class CommandDispatch:
    """One request made to a slash command's URL (or one use of its response_url)."""

    command_id: str
    trigger: str
    url: str
    method: str
    request_headers: dict[str, str]
    request_body: bytes
    query: str
    started_at: float = field(default_factory=time.time)
    finished_at: float | None = None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    error: str | None = None
    outcome: str = "pending"  # pending | ok | failed_resp | failed | failed_empty | timeout

    @property
    def duration(self) -> float | None:
        return None if self.finished_at is None else self.finished_at - self.started_at

    @property
    def form(self) -> dict[str, list[str]]:
        """Every field with all its values (user_mentions etc. repeat)."""
        raw = self.query if self.method == "GET" else self.request_body.decode()
        return parse_qs(raw, keep_blank_values=True)

    @property
    def fields(self) -> dict[str, str]:
        return {key: values[0] for key, values in self.form.items()}


@dataclass
class ClientFrame:
    """A frame a WebSocket client sent to the stand-in."""

    connection_id: str
    user_id: str
    kind: str  # text | binary | ping | pong | close
    data: str | bytes
    at: float = field(default_factory=time.time)

    def json(self) -> Any:
        return json.loads(self.data)

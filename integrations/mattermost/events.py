"""A post as salesbot receives it, whatever the path (outgoing webhook, WebSocket, REST catch-up).

The webhook does not say which thread a post belongs to, so `root_id` is None there ("unknown":
the worker asks Mattermost before replying); the WebSocket and REST paths know it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class IncomingPost:
    post_id: str
    channel_id: str
    user_id: str
    user_name: str
    message: str
    create_at_ms: int
    file_ids: tuple[str, ...] = ()
    root_id: str | None = None
    channel_name: str = ""
    channel_type: str = ""
    team_id: str = ""
    props: dict[str, Any] = field(default_factory=dict)

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.create_at_ms / 1000, tz=dt.UTC)

    def to_payload(self) -> dict[str, Any]:
        data = asdict(self)
        data["file_ids"] = list(self.file_ids)
        return data

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> IncomingPost:
        values = dict(data)
        values["file_ids"] = tuple(values.get("file_ids") or ())
        known = cls.__dataclass_fields__.keys()
        return cls(**{k: v for k, v in values.items() if k in known})

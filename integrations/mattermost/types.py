"""Mattermost's objects as salesbot reads them: one `Post` whatever path brought it (the outgoing
webhook, the WebSocket, REST), and the `FileInfo` of an attachment.

The outgoing webhook does not say which thread a post is in: its `root_id` is None ("unknown",
the worker asks Mattermost before replying); the WebSocket and REST say it ("" for a root).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class FileInfo:
    id: str
    name: str
    extension: str
    mime_type: str
    size: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileInfo:
        return cls(
            id=data["id"],
            name=data.get("name", ""),
            extension=data.get("extension", ""),
            mime_type=data.get("mime_type", ""),
            size=int(data.get("size") or 0),
        )


@dataclass(frozen=True)
class Post:
    id: str
    channel_id: str
    user_id: str
    message: str
    root_id: str | None = ""
    create_at: int = 0
    update_at: int = 0
    edit_at: int = 0
    delete_at: int = 0
    type: str = ""
    file_ids: tuple[str, ...] = ()
    props: dict[str, Any] = field(default_factory=dict)
    files: tuple[FileInfo, ...] = ()
    # Where it was said and by whom, as far as the path that brought it tells.
    user_name: str = ""
    channel_name: str = ""
    channel_type: str = ""
    team_id: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any], **context: str) -> Post:
        """A post as REST and the WebSocket send it; `context` adds what the path knows of its
        channel and author (`user_name`, `channel_name`, `channel_type`, `team_id`)."""
        metadata = data.get("metadata") or {}
        return cls(
            id=data["id"],
            channel_id=data.get("channel_id") or "",
            user_id=data.get("user_id") or "",
            message=data.get("message") or "",
            root_id=data.get("root_id") or "",
            create_at=_ms(data.get("create_at")),
            update_at=_ms(data.get("update_at")),
            edit_at=_ms(data.get("edit_at")),
            delete_at=_ms(data.get("delete_at")),
            type=str(data.get("type") or ""),
            file_ids=tuple(data.get("file_ids") or ()),
            props=dict(data.get("props") or {}),
            files=tuple(FileInfo.from_json(f) for f in metadata.get("files") or ()),
            **context,
        )

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.create_at / 1000, tz=dt.UTC)

    @property
    def from_bot(self) -> bool:
        return str(self.props.get("from_bot", "")).lower() == "true"

    @property
    def thread(self) -> str:
        """The thread a reply to this post goes to; "" when unknown (the webhook's posts)."""
        if self.root_id is None:
            return ""
        return self.root_id or self.id

    def but(self, **changes: Any) -> Post:
        return replace(self, **changes)

    # The event rows store posts as this JSON; its keys are those rows have always had.
    def to_payload(self) -> dict[str, Any]:
        return {
            "post_id": self.id,
            "channel_id": self.channel_id,
            "user_id": self.user_id,
            "user_name": self.user_name,
            "message": self.message,
            "create_at_ms": self.create_at,
            "file_ids": list(self.file_ids),
            "root_id": self.root_id,
            "channel_name": self.channel_name,
            "channel_type": self.channel_type,
            "team_id": self.team_id,
            "props": dict(self.props),
        }

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> Post:
        return cls(
            id=data["post_id"],
            channel_id=data.get("channel_id") or "",
            user_id=data.get("user_id") or "",
            user_name=data.get("user_name") or "",
            message=data.get("message") or "",
            create_at=_ms(data.get("create_at_ms")),
            file_ids=tuple(data.get("file_ids") or ()),
            root_id=data.get("root_id"),
            channel_name=data.get("channel_name") or "",
            channel_type=data.get("channel_type") or "",
            team_id=data.get("team_id") or "",
            props=dict(data.get("props") or {}),
        )


def _ms(value: Any) -> int:
    return int(value or 0)

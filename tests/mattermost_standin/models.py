"""Typed state: config, teams, users, channels, posts, files, reactions
(docs/mattermost.md#rest-calls).

`to_api()` methods give the JSON shape of the real objects (field order as the Go structs,
`omitempty` fields left out when empty).
"""

from dataclasses import dataclass, field
from typing import Any, Literal

ChannelType = Literal["O", "P", "D", "G"]


@dataclass
class Config:
    """Server settings the stand-in honours. Defaults are Mattermost's (CFG) unless noted."""

    # None means "the stand-in's own URL": a real install that runs slash commands has one set.
    site_url: str | None = None
    enable_outgoing_webhooks: bool = True
    enable_commands: bool = True
    enable_post_username_override: bool = False
    enable_post_icon_override: bool = False
    outgoing_integration_requests_timeout: float = 30.0
    enable_developer: bool = False
    rate_limit_enable: bool = False
    rate_limit_per_sec: float = 10.0
    rate_limit_max_burst: int = 100
    pending_post_ttl: float = 30.0  # PendingPostIDsCacheTTL
    post_save_delay: float = 0.0  # stand-in knob: widens the window of a create "in flight"
    posts_since_limit: int = 1000  # stand-in knob: GetPostsSince's hard-coded LIMIT 1000
    ws_ping_interval: float = 60.0  # pingInterval = pongWait * 6/10
    ws_read_timeout: float = 100.0  # pongWaitTime
    ws_auth_timeout: float = 5.0  # authCheckInterval
    ws_held_window: float = 300.0  # inactive-connection reaper
    ws_send_queue_size: int = 256
    ws_dead_queue_size: int = 128
    command_webhook_max_uses: int = 5
    command_webhook_lifetime: float = 1800.0  # CommandWebhookLifetime, 30 min
    max_integration_response_size: int = 1 << 20  # MaxIntegrationResponseSize
    server_version: str = "11.6.0"
    build_number: str = "standin"
    server_hostname: str = "mm-standin-1"

    def version_id(self) -> str:
        # X-Version-ID: <version>.<build>.<config hash>.<licensed>
        return f"{self.server_version}.{self.build_number}.0standin0config0hash.false"


@dataclass
class Team:
    id: str
    name: str
    display_name: str
    create_at: int
    members: set[str] = field(default_factory=set)

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "create_at": self.create_at,
            "update_at": self.create_at,
            "delete_at": 0,
            "display_name": self.display_name,
            "name": self.name,
            "description": "",
            "email": "",
            "type": "O",
            "company_name": "",
            "allowed_domains": "",
            "invite_id": "",
            "allow_open_invite": False,
            "scheme_id": None,
            "group_constrained": None,
            "policy_id": None,
            "cloud_limits_archived": False,
        }


@dataclass
class User:
    id: str
    username: str
    token: str
    create_at: int
    first_name: str = ""
    last_name: str = ""
    nickname: str = ""
    email: str = ""
    is_bot: bool = False
    is_admin: bool = False

    @property
    def roles(self) -> str:
        if self.is_admin:
            return "system_user system_admin"
        return "system_user"

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "create_at": self.create_at,
            "update_at": self.create_at,
            "delete_at": 0,
            "username": self.username,
            "auth_service": "",
            "email": self.email,
            "nickname": self.nickname,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "position": "",
            "roles": self.roles,
            "locale": "en",
            "timezone": {
                "automaticTimezone": "",
                "manualTimezone": "",
                "useAutomaticTimezone": "true",
            },
            "disable_welcome_email": False,
        }
        if self.is_bot:
            data["is_bot"] = True
            data["bot_description"] = ""
        return data


@dataclass
class Channel:
    id: str
    team_id: str  # "" for D and G channels
    type: ChannelType
    name: str
    display_name: str
    creator_id: str
    create_at: int
    members: set[str] = field(default_factory=set)
    last_post_at: int = 0
    total_msg_count: int = 0

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "create_at": self.create_at,
            "update_at": self.create_at,
            "delete_at": 0,
            "team_id": self.team_id,
            "type": self.type,
            "display_name": self.display_name,
            "name": self.name,
            "header": "",
            "purpose": "",
            "last_post_at": self.last_post_at,
            "total_msg_count": self.total_msg_count,
            "extra_update_at": 0,
            "creator_id": self.creator_id,
            "scheme_id": None,
            "props": None,
            "group_constrained": None,
            "shared": None,
            "total_msg_count_root": self.total_msg_count,
            "policy_id": None,
            "last_root_post_at": self.last_post_at,
        }


@dataclass
class FileInfo:
    id: str
    user_id: str
    channel_id: str
    name: str
    extension: str
    size: int
    mime_type: str
    create_at: int
    content: bytes = field(repr=False, default=b"")
    post_id: str = ""
    delete_at: int = 0
    width: int = 0
    height: int = 0

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "user_id": self.user_id}
        if self.post_id:
            data["post_id"] = self.post_id
        data.update(
            channel_id=self.channel_id,
            create_at=self.create_at,
            update_at=self.create_at,
            delete_at=self.delete_at,
            name=self.name,
            extension=self.extension,
            size=self.size,
            mime_type=self.mime_type,
        )
        if self.width and self.height:
            data.update(width=self.width, height=self.height)
        if self.is_image and self.mime_type != "image/svg+xml":
            data["has_preview_image"] = True
        data.update(mini_preview=None, remote_id="", archived=False)
        return data


@dataclass
class Reaction:
    user_id: str
    post_id: str
    emoji_name: str
    channel_id: str
    create_at: int
    update_at: int

    def to_api(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "post_id": self.post_id,
            "emoji_name": self.emoji_name,
            "create_at": self.create_at,
            "update_at": self.update_at,
            "delete_at": 0,
            "remote_id": "",
            "channel_id": self.channel_id,
        }


@dataclass
class Post:
    id: str
    channel_id: str
    user_id: str
    message: str
    create_at: int
    update_at: int
    root_id: str = ""
    type: str = ""
    props: dict[str, Any] = field(default_factory=dict)
    file_ids: list[str] = field(default_factory=list)
    pending_post_id: str = ""
    edit_at: int = 0
    delete_at: int = 0
    is_pinned: bool = False
    has_reactions: bool = False
    last_reply_at: int = 0

    def to_api(
        self,
        *,
        reply_count: int,
        files: list[FileInfo],
        reactions: list[Reaction],
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "create_at": self.create_at,
            "update_at": self.update_at,
            "edit_at": self.edit_at,
            "delete_at": self.delete_at,
            "is_pinned": self.is_pinned,
            "user_id": self.user_id,
            "channel_id": self.channel_id,
            "root_id": self.root_id,
            "original_id": "",
            "message": self.message,
            "type": self.type,
            # Buttons' integrations (URL and context) never reach a client (CONTRACT §8.1).
            "props": sorted_map(_without_integrations(self.props)),
            "hashtags": "",
        }
        if self.file_ids:
            data["file_ids"] = list(self.file_ids)
        data["pending_post_id"] = self.pending_post_id
        if self.has_reactions:
            data["has_reactions"] = True
        data.update(
            reply_count=reply_count,
            last_reply_at=self.last_reply_at,
            participants=None,
            metadata=_metadata(files, reactions),
        )
        return data


def sorted_map(value: Any) -> Any:
    """Go marshals maps with sorted keys; props are maps all the way down."""
    if isinstance(value, dict):
        return {key: sorted_map(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [sorted_map(item) for item in value]
    return value


def _metadata(files: list[FileInfo], reactions: list[Reaction]) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    if files:
        metadata["files"] = [info.to_api() for info in files]
    if reactions:
        metadata["reactions"] = [reaction.to_api() for reaction in reactions]
    return metadata


def _without_integrations(props: dict[str, Any]) -> dict[str, Any]:
    # Imported here: actions.py imports this module (Post, User).
    from .actions import without_integrations

    return without_integrations(props)

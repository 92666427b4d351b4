"""WebSocket event payloads (docs/mattermost.md#websocket): `posted`, `post_edited`,
`post_deleted`, reactions,
`ephemeral_message`, `hello`. Objects travel as JSON strings inside `data`, like the server's."""

import re
from dataclasses import dataclass, field
from typing import Any

from .encoding import go_json
from .models import Channel, Post, Reaction
from .state import Store

_MENTION = re.compile(r"@([A-Za-z0-9.\-_]+)")
_CHANNEL_WIDE = {"channel", "all", "here"}


@dataclass
class Broadcast:
    omit_users: dict[str, bool] | None = None
    user_id: str = ""
    channel_id: str = ""
    team_id: str = ""
    connection_id: str = ""
    omit_connection_id: str = ""

    def to_api(self) -> dict[str, Any]:
        return {
            "omit_users": self.omit_users,
            "user_id": self.user_id,
            "channel_id": self.channel_id,
            "team_id": self.team_id,
            "connection_id": self.connection_id,
            "omit_connection_id": self.omit_connection_id,
        }


@dataclass
class Event:
    event: str
    data: dict[str, Any]
    broadcast: Broadcast
    # Extra data keys only some receivers get (`mentions` holds just the receiver's id, BHOOK).
    per_user: dict[str, dict[str, Any]] = field(default_factory=dict)

    def frame_for(self, user_id: str, seq: int) -> dict[str, Any]:
        data = {**self.data, **self.per_user.get(user_id, {})}
        # Go marshals map[string]any with sorted keys.
        return {
            "event": self.event,
            "data": dict(sorted(data.items())),
            "broadcast": self.broadcast.to_api(),
            "seq": seq,
        }


def mentioned_user_ids(store: Store, post: Post, channel: Channel) -> set[str]:
    """Channel members a post mentions: @username, @channel/@all/@here, the other side of a DM."""
    members = set(channel.members) - {post.user_id}
    if channel.type == "D":
        return members
    found: set[str] = set()
    for raw in _MENTION.findall(post.message):
        name = raw.lower()
        if name in _CHANNEL_WIDE:
            return members
        user = _user_trimming_punctuation(store, name)
        if user is not None:
            found.add(user.id)
    return found & members


def _user_trimming_punctuation(store: Store, name: str):
    # "@juan.vendedor." still mentions juan.vendedor: trailing . - _ are tried off one by one.
    while name:
        user = store.user_by_name(name)
        if user is not None or name[-1] not in ".-_":
            return user
        name = name[:-1]
    return None


def sender_name(store: Store, post: Post, override_enabled: bool) -> str:
    override = post.props.get("override_username")
    if override and post.props.get("from_webhook") == "true" and override_enabled:
        return str(override)
    user = store.users.get(post.user_id)
    return "@" + (user.username if user else "")


def posted_event(store: Store, post: Post, *, set_online: bool, override_enabled: bool) -> Event:
    channel = store.channels[post.channel_id]
    sender = sender_name(store, post, override_enabled)
    data: dict[str, Any] = {
        "channel_display_name": sender if channel.type == "D" else channel.display_name,
        "channel_name": channel.name,
        "channel_type": channel.type,
        "post": go_json(store.post_api(post)),
        "sender_name": sender,
        "set_online": set_online,
        "team_id": channel.team_id,
    }
    files = store.post_files(post)
    if files:
        data["otherFile"] = "true"
        if any(info.is_image for info in files):
            data["image"] = "true"
    per_user = {
        uid: {"mentions": go_json([uid])} for uid in mentioned_user_ids(store, post, channel)
    }
    return Event("posted", data, Broadcast(channel_id=post.channel_id), per_user)


def post_changed_event(kind: str, store: Store, post: Post, deleted_by: str = "") -> Event:
    data: dict[str, Any] = {"post": go_json(store.post_api(post))}
    if deleted_by and deleted_by != post.user_id:
        data["delete_by"] = deleted_by
    return Event(kind, data, Broadcast(channel_id=post.channel_id))


def reaction_event(kind: str, reaction: Reaction) -> Event:
    data = {"reaction": go_json(reaction.to_api())}
    return Event(kind, data, Broadcast(channel_id=reaction.channel_id))


def ephemeral_event(user_id: str, channel_id: str, post_api: dict[str, Any]) -> Event:
    # NewWebSocketEvent(..., channelId, userId): user_id wins, so only the invoker gets it.
    data = {"post": go_json(post_api)}
    return Event("ephemeral_message", data, Broadcast(user_id=user_id, channel_id=channel_id))


def hello_event(user_id: str, connection_id: str, server_version: str, hostname: str) -> Event:
    data = {
        "connection_id": connection_id,
        "server_hostname": hostname,
        "server_version": server_version,
    }
    return Event("hello", data, Broadcast(user_id=user_id))

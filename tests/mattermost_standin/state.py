"""The in-memory store behind the stand-in, its lookups and permission rules.

Only the stand-in's event-loop thread touches a Store; Python-side helpers reach it through
`MattermostStandIn._call`, so no locks are needed.
"""

from dataclasses import dataclass, field, fields
from typing import Any

from .errors import AppError, forbidden
from .ids import PostClock
from .integrations import (
    ClientFrame,
    CommandDispatch,
    CommandWebhook,
    OutgoingWebhook,
    SlashCommand,
    WebhookDelivery,
)
from .models import Channel, FileInfo, Post, Reaction, Team, User


@dataclass
class PendingPost:
    """An entry of the pending_post_id cache: "" while the first create is still saving."""

    post_id: str
    expires_at: float


@dataclass
class Store:
    teams: dict[str, Team] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # token -> user id
    channels: dict[str, Channel] = field(default_factory=dict)
    posts: dict[str, Post] = field(default_factory=dict)
    files: dict[str, FileInfo] = field(default_factory=dict)
    reactions: dict[tuple[str, str, str], Reaction] = field(default_factory=dict)
    hooks: dict[str, OutgoingWebhook] = field(default_factory=dict)
    commands: dict[str, SlashCommand] = field(default_factory=dict)
    command_webhooks: dict[str, CommandWebhook] = field(default_factory=dict)
    pending_posts: dict[str, PendingPost] = field(default_factory=dict)
    deliveries: list[WebhookDelivery] = field(default_factory=list)
    dispatches: list[CommandDispatch] = field(default_factory=list)
    client_frames: list[ClientFrame] = field(default_factory=list)
    clock: PostClock = field(default_factory=PostClock)

    def clear(self) -> None:
        for spec in fields(self):
            setattr(self, spec.name, spec.default_factory())  # type: ignore[misc]

    # -- lookups -------------------------------------------------------------------------

    def user_by_token(self, token: str) -> User | None:
        user_id = self.tokens.get(token)
        return self.users.get(user_id) if user_id else None

    def user_by_name(self, username: str) -> User | None:
        return next((u for u in self.users.values() if u.username == username), None)

    def team_by_name(self, name: str) -> Team | None:
        return next((t for t in self.teams.values() if t.name == name), None)

    def channel_by_name(self, team_id: str, name: str) -> Channel | None:
        return next(
            (c for c in self.channels.values() if c.team_id == team_id and c.name == name),
            None,
        )

    def live_post(self, post_id: str) -> Post:
        """A post that exists and is not deleted, else 404 app.post.get.app_error."""
        post = self.posts.get(post_id)
        if post is None or post.delete_at:
            raise AppError("app.post.get.app_error", 404)
        return post

    # -- permissions ---------------------------------------------------------------------

    def is_member(self, user: User, channel: Channel) -> bool:
        return user.id in channel.members

    def can_read(self, user: User, channel: Channel) -> bool:
        # Public channels are readable by every team member (read_public_channel).
        if user.is_admin or user.id in channel.members:
            return True
        team = self.teams.get(channel.team_id)
        return channel.type == "O" and team is not None and user.id in team.members

    def can_post(self, user: User, channel: Channel) -> bool:
        return user.is_admin or user.id in channel.members

    def channel_for_read(self, user: User, channel_id: str) -> Channel:
        # An unknown channel is a 403 as well: the permission check runs before the lookup.
        channel = self.channels.get(channel_id)
        if channel is None or not self.can_read(user, channel):
            raise forbidden()
        return channel

    def channel_for_post(self, user: User, channel_id: str) -> Channel:
        channel = self.channels.get(channel_id)
        if channel is None or not self.can_post(user, channel):
            raise forbidden()
        return channel

    def post_for_read(self, user: User, post_id: str) -> Post:
        post = self.posts.get(post_id)
        if post is not None:
            self.channel_for_read(user, post.channel_id)
        return self.live_post(post_id)

    # -- posts as the API shows them -----------------------------------------------------

    def thread_root_id(self, post: Post) -> str:
        return post.root_id or post.id

    def replies(self, root_id: str) -> list[Post]:
        found = [p for p in self.posts.values() if p.root_id == root_id and not p.delete_at]
        return sorted(found, key=lambda p: p.create_at)

    def post_files(self, post: Post) -> list[FileInfo]:
        return [self.files[fid] for fid in post.file_ids if fid in self.files]

    def post_reactions(self, post_id: str) -> list[Reaction]:
        found = [r for key, r in self.reactions.items() if key[0] == post_id]
        return sorted(found, key=lambda r: r.create_at)

    def post_api(self, post: Post) -> dict[str, Any]:
        return post.to_api(
            reply_count=len(self.replies(self.thread_root_id(post))),
            files=self.post_files(post),
            reactions=self.post_reactions(post.id),
        )

    def channel_posts(self, channel_id: str) -> list[Post]:
        """Live posts of a channel, oldest first."""
        found = [p for p in self.posts.values() if p.channel_id == channel_id and not p.delete_at]
        return sorted(found, key=lambda p: p.create_at)

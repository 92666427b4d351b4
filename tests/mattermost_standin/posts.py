"""Creating, editing and deleting posts, with their side effects (docs/mattermost.md#rest-calls;
POSTAPP).

Order of side effects on create, as in `handlePostEvents`: the `posted` WebSocket event first,
then (asynchronously) the outgoing webhooks, which only public channels fire.
"""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .actions import fill_action_ids
from .errors import AppError, forbidden, invalid_body_param
from .events import Event, post_changed_event, posted_event
from .ids import new_id
from .models import Channel, Config, Post, User
from .state import PendingPost, Store

MAX_MESSAGE_RUNES = 16383  # PostMessageMaxRunesV2
MAX_FILES_PER_POST = 10


@dataclass
class Draft:
    """A post as requested, before the server fills in ids and times."""

    channel_id: str
    message: str = ""
    root_id: str = ""
    type: str = ""
    props: dict[str, Any] = field(default_factory=dict)
    file_ids: list[str] = field(default_factory=list)
    pending_post_id: str = ""


_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "channel_id": str,
    "message": str,
    "root_id": str,
    "type": str,
    "props": dict,
    "file_ids": list,
    "pending_post_id": str,
}


def parse_draft(body: Any) -> Draft:
    """Decode a Post body as Go would: wrong JSON types fail, unknown keys are ignored."""
    if not isinstance(body, dict):
        raise invalid_body_param("post")
    values: dict[str, Any] = {}
    for key, kind in _FIELD_TYPES.items():
        value = body.get(key)
        if value is None:
            continue
        if not isinstance(value, kind):
            raise invalid_body_param("post")
        values[key] = value
    if not all(isinstance(fid, str) for fid in values.get("file_ids", [])):
        raise invalid_body_param("post")
    return Draft(**{"channel_id": "", **values})


class Posts:
    def __init__(self, store: Store, config: Callable[[], Config]) -> None:
        self.store = store
        self.config = config
        self.publish: Callable[[Event], None] = lambda event: None
        self.on_posted: Callable[[Post], None] = lambda post: None

    # -- create --------------------------------------------------------------------------

    async def create_from_api(self, user: User, draft: Draft, *, set_online: bool) -> Post:
        """POST /posts: permission, pending_post_id de-duplication, save, events, webhooks."""
        channel = self.store.channel_for_post(user, draft.channel_id)
        pending_id = draft.pending_post_id
        if pending_id:
            existing = self._deduplicate(pending_id)
            if existing is not None:
                return existing
        try:
            delay = self.config().post_save_delay
            if delay:
                await asyncio.sleep(delay)
            post = self.save(user, channel, draft)
        except BaseException:
            self.store.pending_posts.pop(pending_id, None)  # a failed create may be retried
            raise
        if pending_id:
            self._remember(pending_id, post.id)
        self.announce(post, set_online=set_online, trigger_webhooks=True)
        return post

    def _deduplicate(self, pending_id: str) -> Post | None:
        self._forget_expired()
        entry = self.store.pending_posts.get(pending_id)
        if entry is None:
            self._remember(pending_id, "")
            return None
        if not entry.post_id:
            raise AppError("api.post.deduplicate_create_post.pending", 500)
        return self.store.posts.get(entry.post_id)

    def _remember(self, pending_id: str, post_id: str) -> None:
        expires_at = time.monotonic() + self.config().pending_post_ttl
        self.store.pending_posts[pending_id] = PendingPost(post_id, expires_at)

    def _forget_expired(self) -> None:
        now = time.monotonic()
        for key, entry in list(self.store.pending_posts.items()):
            if entry.expires_at <= now:
                del self.store.pending_posts[key]

    def save(self, author: User, channel: Channel, draft: Draft) -> Post:
        """CreatePost without permission checks (webhook and command posts come through here)."""
        self._check_root(channel, draft.root_id)
        if len(draft.message) > MAX_MESSAGE_RUNES:
            raise AppError("model.post.is_valid.message_length.app_error", 400)
        if len(draft.file_ids) > MAX_FILES_PER_POST:
            raise AppError("model.post.is_valid.file_ids.app_error", 400)
        created = self.store.clock.next()
        props = dict(draft.props)
        fill_action_ids(props)
        if author.is_bot:
            props["from_bot"] = "true"
        post = Post(
            id=new_id(),
            channel_id=channel.id,
            user_id=author.id,
            message=draft.message,
            create_at=created,
            update_at=created,
            root_id=draft.root_id,
            type=draft.type,
            props=props,
            pending_post_id=draft.pending_post_id,
        )
        post.file_ids = self._attach_files(author, channel, post, draft.file_ids)
        self._store_post(channel, post)
        return post

    def _check_root(self, channel: Channel, root_id: str) -> None:
        if not root_id:
            return
        root = self.store.posts.get(root_id)
        # The root must exist, live in the same channel and be a root itself.
        if root is None or root.delete_at or root.channel_id != channel.id or root.root_id:
            raise AppError("api.post.create_post.root_id.app_error", 400)

    def _attach_files(
        self, author: User, channel: Channel, post: Post, file_ids: list[str]
    ) -> list[str]:
        # Files of another user or channel, or already attached, are silently dropped.
        attached = []
        for file_id in file_ids:
            info = self.store.files.get(file_id)
            if info is None or info.delete_at or info.post_id:
                continue
            if info.user_id != author.id or info.channel_id != channel.id:
                continue
            info.post_id = post.id
            attached.append(file_id)
        return attached

    def _store_post(self, channel: Channel, post: Post) -> None:
        self.store.posts[post.id] = post
        channel.last_post_at = post.create_at
        channel.total_msg_count += 1
        if post.root_id:
            root = self.store.posts[post.root_id]
            root.last_reply_at = post.create_at
            root.update_at = post.create_at
            for sibling in self.store.replies(post.root_id):
                sibling.last_reply_at = post.create_at

    def announce(self, post: Post, *, set_online: bool, trigger_webhooks: bool) -> None:
        override = self.config().enable_post_username_override
        self.publish(
            posted_event(self.store, post, set_online=set_online, override_enabled=override)
        )
        channel = self.store.channels[post.channel_id]
        if trigger_webhooks and channel.type == "O":
            self.on_posted(post)

    # -- edit and delete -----------------------------------------------------------------

    def patch(self, user: User, post_id: str, body: Any) -> Post:
        if not isinstance(body, dict):
            raise invalid_body_param("patch")
        post = self._own_post(user, post_id)
        message = body.get("message")
        now = self.store.clock.next()
        if isinstance(message, str) and message != post.message:
            post.message = message
            post.edit_at = now
        if isinstance(body.get("props"), dict):
            post.props = dict(body["props"])  # PostPatch: props are replaced wholesale
            fill_action_ids(post.props)
        if isinstance(body.get("is_pinned"), bool):
            post.is_pinned = body["is_pinned"]
        post.update_at = now
        self.publish(post_changed_event("post_edited", self.store, post))
        return post

    def delete(self, user: User, post_id: str) -> Post:
        post = self._own_post(user, post_id)
        now = self.store.clock.next()
        thread = [post] if post.root_id else [post, *self.store.replies(post.id)]
        for doomed in thread:
            doomed.delete_at = now
            doomed.update_at = now
            doomed.props["deleteBy"] = user.id
            for info in self.store.post_files(doomed):
                info.delete_at = now
        if post.root_id and post.root_id in self.store.posts:
            self.store.posts[post.root_id].update_at = now
        self.publish(post_changed_event("post_deleted", self.store, post, deleted_by=user.id))
        return post

    def _own_post(self, user: User, post_id: str) -> Post:
        post = self.store.post_for_read(user, post_id)
        channel = self.store.channels[post.channel_id]
        # Regular users may edit/delete only their own posts (edit_others_posts is admin's).
        if not user.is_admin and (
            post.user_id != user.id or not self.store.is_member(user, channel)
        ):
            raise forbidden()
        return post

"""Reactions (docs/mattermost.md#rest-calls; REACTAPI; REACTAPP): 200 on save, upsert, events as
JSON strings."""

import re
from typing import Any

from aiohttp import web

from .errors import AppError, forbidden, invalid_body_param, invalid_url_param
from .events import reaction_event
from .http_util import (
    core_of,
    json_body,
    json_response,
    path_id,
    status_ok,
    user_of,
    user_path_id,
)
from .ids import is_valid_id
from .models import Post, Reaction, User
from .state import Store

routes = web.RouteTableDef()

EMOJI_NAME = re.compile(r"^[a-zA-Z0-9\-+_]+$")
EMOJI_NAME_MAX = 64
UNIQUE_EMOJI_LIMIT = 50  # ServiceSettings.UniqueEmojiReactionLimitPerPost


def _reaction_fields(body: Any) -> tuple[str, str, str]:
    if not isinstance(body, dict):
        raise invalid_body_param("reaction")
    values = [body.get(key, "") for key in ("user_id", "post_id", "emoji_name")]
    if not all(isinstance(value, str) for value in values):
        raise invalid_body_param("reaction")
    return values[0], values[1], values[2]


def _reactable_post(store: Store, user: User, post_id: str) -> Post:
    post = store.posts.get(post_id)
    channel = store.channels.get(post.channel_id) if post else None
    # add_reaction / remove_reaction are channel-member permissions.
    if post is None or channel is None or not store.can_post(user, channel):
        raise forbidden()
    return store.live_post(post_id)


@routes.post("/api/v4/reactions")
async def save_reaction(request: web.Request) -> web.Response:
    user = user_of(request)
    user_id, post_id, emoji = _reaction_fields(await json_body(request, "reaction"))
    if not is_valid_id(user_id) or not is_valid_id(post_id) or not emoji:
        raise AppError("api.reaction.save_reaction.invalid.app_error", 400)
    if len(emoji) > EMOJI_NAME_MAX:
        raise AppError("api.reaction.save_reaction.invalid.app_error", 400)
    if user_id != user.id:
        raise AppError("api.reaction.save_reaction.user_id.app_error", 403)
    core = core_of(request)
    post = _reactable_post(core.store, user, post_id)
    if not EMOJI_NAME.match(emoji):
        raise AppError("model.reaction.is_valid.emoji_name.app_error", 400)
    reaction = _upsert(core.store, post, user.id, emoji)
    core.hub.publish(reaction_event("reaction_added", reaction))
    return json_response(reaction.to_api())  # 200: the handler never sets 201


def _upsert(store: Store, post: Post, user_id: str, emoji: str) -> Reaction:
    now = store.clock.next()
    key = (post.id, user_id, emoji)
    existing = store.reactions.get(key)
    if existing is not None:
        existing.update_at = now
        return existing
    emojis = {r.emoji_name for r in store.post_reactions(post.id)}
    if emoji not in emojis and len(emojis) >= UNIQUE_EMOJI_LIMIT:
        raise AppError("app.reaction.save.save.too_many_reactions", 400)
    reaction = Reaction(user_id, post.id, emoji, post.channel_id, now, now)
    store.reactions[key] = reaction
    post.has_reactions = True
    post.update_at = now  # a reaction shows up in ?since= like an edit
    return reaction


@routes.get("/api/v4/posts/{post_id}/reactions")
async def get_reactions(request: web.Request) -> web.Response:
    user = user_of(request)
    store = core_of(request).store
    post = store.post_for_read(user, path_id(request, "post_id"))
    return json_response([r.to_api() for r in store.post_reactions(post.id)])


@routes.delete("/api/v4/users/{user_id}/posts/{post_id}/reactions/{emoji_name}")
async def delete_reaction(request: web.Request) -> web.Response:
    user = user_of(request)
    user_id = user_path_id(request, user)
    post_id = path_id(request, "post_id")
    emoji = request.match_info["emoji_name"]
    if not EMOJI_NAME.match(emoji) or len(emoji) > EMOJI_NAME_MAX:
        raise invalid_url_param("emoji_name")
    if user_id != user.id and not user.is_admin:
        raise forbidden()
    core = core_of(request)
    post = _reactable_post(core.store, user, post_id)
    now = core.store.clock.next()
    removed = core.store.reactions.pop((post.id, user_id, emoji), None)
    if removed is None:
        removed = Reaction(user_id, post.id, emoji, post.channel_id, now, now)
    post.has_reactions = bool(core.store.post_reactions(post.id))
    post.update_at = now
    core.hub.publish(reaction_event("reaction_removed", removed))
    return status_ok()

"""Python-side setup helpers (not Mattermost API): teams, users, channels, integrations.

They return the stand-in's own objects; treat them as read-only handles (ids, names, tokens).
"""

import hashlib
from collections.abc import Iterable
from typing import Any

from .ids import new_id, now_ms
from .integrations import FORM, OutgoingWebhook, SlashCommand
from .models import Channel, ChannelType, Team, User
from .state import Store


def ident(value: Any) -> str:
    """An id from an object with `.id`, an API dict, or the id itself."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value["id"]
    return value.id


def add_team(store: Store, name: str, display_name: str | None = None) -> Team:
    if store.team_by_name(name):
        raise ValueError(f"team {name!r} exists")
    team = Team(new_id(), name, display_name or name.capitalize(), now_ms())
    store.teams[team.id] = team
    return team


def add_user(store: Store, username: str, **options: Any) -> User:
    if store.user_by_name(username):
        raise ValueError(f"user {username!r} exists")
    options.setdefault("email", f"{username}@example.com")
    user = User(id=new_id(), username=username, token=new_id(), create_at=now_ms(), **options)
    store.users[user.id] = user
    store.tokens[user.token] = user.id
    return user


def add_team_member(store: Store, team: Any, user: Any) -> None:
    store.teams[ident(team)].members.add(ident(user))


def add_channel(
    store: Store,
    team: Any,
    name: str,
    type: ChannelType = "O",
    members: Iterable[Any] = (),
    display_name: str | None = None,
    creator: Any = None,
) -> Channel:
    if type not in ("O", "P"):
        raise ValueError("use add_direct_channel / add_group_channel for D and G channels")
    team_id = ident(team)
    if store.channel_by_name(team_id, name):
        raise ValueError(f"channel {name!r} exists")
    member_ids = {ident(m) for m in members}
    channel = Channel(
        new_id(),
        team_id,
        type,
        name,
        display_name or name.replace("-", " ").capitalize(),
        ident(creator) if creator else "",
        now_ms(),
        member_ids,
    )
    store.channels[channel.id] = channel
    store.teams[team_id].members.update(member_ids)
    return channel


def add_channel_member(store: Store, channel: Any, user: Any) -> None:
    channel_obj = store.channels[ident(channel)]
    channel_obj.members.add(ident(user))
    if channel_obj.team_id:
        store.teams[channel_obj.team_id].members.add(ident(user))


def add_direct_channel(store: Store, first: Any, second: Any) -> Channel:
    """The DM channel of two users; its name is `<id>__<id>` with the ids sorted."""
    ids = sorted({ident(first), ident(second)})
    name = "__".join(ids if len(ids) == 2 else ids * 2)
    existing = next((c for c in store.channels.values() if c.name == name), None)
    if existing is not None:
        return existing
    channel = Channel(new_id(), "", "D", name, "", ids[0], now_ms(), set(ids))
    store.channels[channel.id] = channel
    return channel


def add_group_channel(store: Store, users: Iterable[Any]) -> Channel:
    """A group message channel; its name is the sha1 of the sorted member ids."""
    ids = sorted({ident(u) for u in users})
    name = hashlib.sha1("".join(ids).encode()).hexdigest()  # noqa: S324 - it is a name
    names = sorted(store.users[i].username for i in ids)
    channel = Channel(new_id(), "", "G", name, ", ".join(names), ids[0], now_ms(), set(ids))
    store.channels[channel.id] = channel
    return channel


def add_outgoing_webhook(
    store: Store,
    team: Any,
    *,
    callback_urls: Iterable[str],
    creator: Any,
    channel: Any = None,
    trigger_words: Iterable[str] = (),
    trigger_when: int = 0,
    content_type: str = FORM,
    display_name: str = "",
    description: str = "",
    username: str = "",
    icon_url: str = "",
) -> OutgoingWebhook:
    hook = OutgoingWebhook(
        id=new_id(),
        token=new_id(),
        team_id=ident(team),
        channel_id=ident(channel) if channel else "",
        creator_id=ident(creator),
        trigger_words=list(trigger_words),
        trigger_when=trigger_when,
        callback_urls=list(callback_urls),
        content_type=content_type,
        display_name=display_name,
        create_at=now_ms(),
        description=description,
        username=username,
        icon_url=icon_url,
    )
    _validate_hook(store, hook)
    store.hooks[hook.id] = hook
    return hook


def _validate_hook(store: Store, hook: OutgoingWebhook) -> None:
    """OutgoingWebhook.IsValid plus the API's "public channels only" rule."""
    if not hook.channel_id and not hook.trigger_words:
        raise ValueError("a hook needs a channel or trigger words")
    if hook.trigger_when not in (0, 1):
        raise ValueError("trigger_when must be 0 (exact) or 1 (starts with)")
    if not hook.callback_urls or not all(
        url.startswith(("http://", "https://")) for url in hook.callback_urls
    ):
        raise ValueError("callback URLs must be http(s)")
    if len(hook.display_name) > 64 or len(hook.content_type) > 128:
        raise ValueError("display_name <= 64 and content_type <= 128 characters")
    if hook.channel_id:
        channel = store.channels.get(hook.channel_id)
        if channel is None or channel.type != "O" or channel.team_id != hook.team_id:
            raise ValueError("outgoing webhooks can only watch public channels of their team")


def add_slash_command(
    store: Store,
    team: Any,
    trigger: str,
    url: str,
    *,
    creator: Any,
    method: str = "P",
    username: str = "",
    icon_url: str = "",
    display_name: str = "",
) -> SlashCommand:
    if not trigger or trigger.startswith("/") or " " in trigger or len(trigger) > 128:
        raise ValueError("a trigger has no leading '/' and no spaces")
    if method not in ("P", "G"):
        raise ValueError("method is 'P' (POST) or 'G' (GET)")
    command = SlashCommand(
        id=new_id(),
        token=new_id(),
        team_id=ident(team),
        trigger=trigger.lower(),  # createCommand lower-cases the trigger
        url=url,
        method=method,  # type: ignore[arg-type]
        creator_id=ident(creator),
        create_at=now_ms(),
        display_name=display_name,
        username=username,
        icon_url=icon_url,
    )
    store.commands[command.id] = command
    return command

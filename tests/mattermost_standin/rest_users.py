"""Users, teams and channels (docs/mattermost.md#rest-calls; : users/me; users/me/teams; the user's
channels)."""

from aiohttp import web

from .errors import AppError, forbidden, invalid_body_param
from .events import Broadcast, Event
from .http_util import core_of, json_body, json_response, path_id, user_of, user_path_id
from .ids import is_valid_id
from .setup_api import add_direct_channel

routes = web.RouteTableDef()


@routes.get("/api/v4/users/{user_id}")
async def get_user(request: web.Request) -> web.Response:
    me = user_of(request)
    user_id = user_path_id(request, me)
    user = core_of(request).store.users.get(user_id)
    if user is None:
        raise AppError("app.user.missing_account.const", 404)
    return json_response(user.to_api())


@routes.get("/api/v4/users/{user_id}/teams")
async def get_user_teams(request: web.Request) -> web.Response:
    me = user_of(request)
    user_id = user_path_id(request, me)
    if user_id != me.id and not me.is_admin:
        raise forbidden()
    teams = core_of(request).store.teams.values()
    return json_response([t.to_api() for t in teams if user_id in t.members])


@routes.get("/api/v4/users/{user_id}/teams/{team_id}/channels")
async def get_user_channels(request: web.Request) -> web.Response:
    """Team channels the user is in, plus the user's DM and group channels."""
    me = user_of(request)
    user_id = user_path_id(request, me)
    team_id = path_id(request, "team_id")
    store = core_of(request).store
    team = store.teams.get(team_id)
    if user_id != me.id and not me.is_admin:
        raise forbidden()
    if team is None or (me.id not in team.members and not me.is_admin):
        raise forbidden()
    channels = [
        c
        for c in store.channels.values()
        if user_id in c.members and (c.team_id == team_id or c.type in ("D", "G"))
    ]
    channels.sort(key=lambda c: c.create_at)
    return json_response([c.to_api() for c in channels])


@routes.get("/api/v4/channels/{channel_id}")
async def get_channel(request: web.Request) -> web.Response:
    me = user_of(request)
    channel_id = path_id(request, "channel_id")
    channel = core_of(request).store.channel_for_read(me, channel_id)
    return json_response(channel.to_api())


@routes.get("/api/v4/teams/{team_id}")
async def get_team(request: web.Request) -> web.Response:
    me = user_of(request)
    team = core_of(request).store.teams.get(path_id(request, "team_id"))
    if team is None or (me.id not in team.members and not me.is_admin):
        raise forbidden()
    return json_response(team.to_api())


@routes.get("/api/v4/teams/name/{team_name}/channels/name/{channel_name}")
async def get_channel_by_names(request: web.Request) -> web.Response:
    me = user_of(request)
    store = core_of(request).store
    team = store.team_by_name(request.match_info["team_name"])
    if team is None or (me.id not in team.members and not me.is_admin):
        raise forbidden()
    channel = store.channel_by_name(team.id, request.match_info["channel_name"])
    if channel is None:
        raise AppError("app.channel.get_by_name.missing.app_error", 404)
    return json_response(store.channel_for_read(me, channel.id).to_api())


@routes.post("/api/v4/channels/direct")
async def create_direct_channel(request: web.Request) -> web.Response:
    """createDirectChannel (api4/channel.go): a JSON array of
    two user ids, one of them the session user unless an admin asks. The existing DM channel
    is returned if there is one; the answer is 201 either way. A new channel announces itself
    with `direct_added` to both users."""
    me = user_of(request)
    body = await json_body(request, "user_ids")
    if not isinstance(body, list) or not all(isinstance(uid, str) for uid in body):
        raise invalid_body_param("user_ids")
    if len(body) != 2:
        raise AppError("api.context.invalid_param.app_error", 400, {"Name": "user_ids"})
    if not all(is_valid_id(uid) for uid in body):
        raise AppError("api.context.invalid_param.app_error", 400, {"Name": "user_id"})
    if me.id not in body and not me.is_admin:
        raise forbidden()
    core = core_of(request)
    store = core.store
    if any(uid not in store.users for uid in body):
        raise AppError("api.channel.create_direct_channel.invalid_user.app_error", 400)
    known = set(store.channels)
    channel = add_direct_channel(store, body[0], body[1])
    if channel.id not in known:
        other = body[1] if body[0] == me.id else body[0]
        data = {"creator_id": me.id, "teammate_id": other}
        core.hub.publish(Event("direct_added", data, Broadcast(channel_id=channel.id)))
    return json_response(channel.to_api(), status=201)

"""Interactive messages: a user's click on a button, dialogs opened by the bot and submitted by
the user (CONTRACT §8.2-§8.6; docs/mattermost-interactive.md)."""

from aiohttp import web

from .http_util import core_of, json_body, json_response, path_id, user_of

routes = web.RouteTableDef()


@routes.post(r"/api/v4/posts/{post_id}/actions/{action_id:[A-Za-z0-9]+}")
async def do_post_action(request: web.Request) -> web.Response:
    user = user_of(request)
    post_id = path_id(request, "post_id")
    core = core_of(request)
    answer = await core.interactive.click(user, post_id, request.match_info["action_id"])
    return json_response(answer)


@routes.post("/api/v4/actions/dialogs/open")
async def open_dialog(request: web.Request) -> web.Response:
    # APIHandler: no session needed, the trigger id is the credential (§8.5).
    core_of(request).interactive.open_dialog(await json_body(request, "dialog"))
    return json_response({"status": "OK"})


@routes.post("/api/v4/actions/dialogs/submit")
async def submit_dialog(request: web.Request) -> web.Response:
    user = user_of(request)
    answer = await core_of(request).interactive.submit_dialog(
        user, await json_body(request, "dialog")
    )
    return json_response(answer)

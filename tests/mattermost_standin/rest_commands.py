"""`POST /api/v4/commands/execute` and the response_url endpoint `POST /hooks/commands/{id}`."""

from aiohttp import web

from .http_util import core_of, json_body, json_response, user_of

routes = web.RouteTableDef()


@routes.post("/api/v4/commands/execute")
async def execute_command(request: web.Request) -> web.Response:
    user = user_of(request)
    body = await json_body(request, "command_args")
    response = await core_of(request).commands.execute(user, body)
    return json_response(response)


@routes.post("/hooks/commands/{hook_id}")
async def command_webhook(request: web.Request) -> web.Response:
    """No session: the id in the URL is the credential (CMDWH)."""
    content_type = request.headers.get("Content-Type", "")
    core_of(request).commands.use_response_url(
        request.match_info["hook_id"], content_type, await request.read()
    )
    # Exactly "text/plain", no charset, as the Go handler sets it.
    return web.Response(body=b"ok", headers={"Content-Type": "text/plain"})

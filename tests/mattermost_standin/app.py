"""The aiohttp application: Mattermost's cross-cutting behaviour around every handler (HAND).

Request ids and version headers, AppError bodies, the 404/405 of unknown routes, optional
rate limiting and injected failures. `/__stub__/` control routes are exempt from the last two.
"""

import contextlib
import socket
import struct

from aiohttp import web
from aiohttp.typedefs import Handler

from . import (
    rest_actions,
    rest_commands,
    rest_files,
    rest_posts,
    rest_reactions,
    rest_users,
    stub_routes,
    ws_handler,
)
from .core import CORE, Core
from .errors import AppError
from .http_util import json_response
from .ids import new_id
from .ratelimit import limited

STUB_PREFIX = "/__stub__/"
REQUEST_ID = web.RequestKey("request_id", str)
BARE = web.RequestKey("bare", bool)  # answered outside Mattermost's handlers: no MM headers
EXTRA_HEADERS = web.RequestKey("extra_headers", dict)

_PROXY_503 = (
    "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n"
    "<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n"
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


def _error_response(request: web.Request, error: AppError) -> web.Response:
    core = request.app[CORE]
    body = error.body(request.get(REQUEST_ID, ""), developer=core.config.enable_developer)
    return json_response(body, status=error.status)


@web.middleware
async def envelope(request: web.Request, handler: Handler) -> web.StreamResponse:
    request[REQUEST_ID] = new_id()
    try:
        return await handler(request)
    except AppError as error:
        return _error_response(request, error)
    except web.HTTPMethodNotAllowed:
        return web.Response(status=405)  # gorilla/mux: empty body
    except web.HTTPNotFound:
        detail = f"There doesn't appear to be an api call for the url='{request.path}'."
        error = AppError("api.context.404.app_error", 404, detailed=detail)
        return _error_response(request, error)


@web.middleware
async def rate_limit(request: web.Request, handler: Handler) -> web.StreamResponse:
    core = request.app[CORE]
    cfg = core.config
    if request.path.startswith(STUB_PREFIX) or not cfg.rate_limit_enable:
        return await handler(request)
    key = request.remote or ""
    verdict = core.rate_limiter.check(key, cfg.rate_limit_per_sec, cfg.rate_limit_max_burst)
    if isinstance(verdict, web.Response):
        request[BARE] = True  # the limiter wraps the router: no Mattermost headers
        return verdict
    request[EXTRA_HEADERS] = verdict
    return await handler(request)


@web.middleware
async def injected_faults(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith(STUB_PREFIX):
        return await handler(request)
    rule = request.app[CORE].faults.take(request.method, request.path)
    if rule is None:
        return await handler(request)
    if rule.mode == "error":
        raise rule.app_error(request.path)
    if rule.mode == "unavailable":
        request[BARE] = True
        return web.Response(status=503, text=_PROXY_503, content_type="text/html")
    if rule.mode == "rate_limited":
        # What the limiter answers (it wraps the router: no Mattermost headers), for one route.
        request[BARE] = True
        limit = request.app[CORE].config.rate_limit_max_burst + 1
        return limited(limit, rule.retry_after, rule.retry_after)
    if rule.mode == "reset":
        _reset_connection(request)
        return web.Response(status=500)  # never reaches the client: the socket is gone
    response = await handler(request)  # after_write: the work is done, the answer is lost
    if response.status < 400:
        raise rule.app_error(request.path)
    return response


def _reset_connection(request: web.Request) -> None:
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


async def _mattermost_headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.get(BARE) or request.path.startswith(STUB_PREFIX):
        return
    core = request.app[CORE]
    response.headers["X-Request-ID"] = request.get(REQUEST_ID) or new_id()
    response.headers["X-Version-ID"] = core.config.version_id()
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.method == "GET":
        response.headers["Expires"] = "0"
    for name, value in request.get(EXTRA_HEADERS, {}).items():
        response.headers[name] = value


def build_app(core: Core) -> web.Application:
    app = web.Application(middlewares=[envelope, rate_limit, injected_faults])
    app[CORE] = core
    app.on_response_prepare.append(_mattermost_headers)
    for module in (
        rest_users,
        rest_posts,
        rest_actions,
        rest_files,
        rest_reactions,
        rest_commands,
        ws_handler,
    ):
        app.router.add_routes(module.routes)
    app.router.add_routes(stub_routes.routes)
    return app

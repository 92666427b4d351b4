"""HTTP face of the test controls, under `/__stub__/` (never part of Mattermost's API)."""

import json
from dataclasses import asdict
from typing import Any

from aiohttp import web

from .controls import Controls
from .core import CORE
from .readback import delivery_api, dispatch_api, frame_api

routes = web.RouteTableDef()


def _controls(request: web.Request) -> Controls:
    return Controls(request.app[CORE])


def _ok(data: Any = None) -> web.Response:
    return web.json_response({"status": "OK"} if data is None else data)


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise web.HTTPBadRequest(text="body must be a JSON object") from exc
    if not isinstance(value, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    return value


def _call(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except (TypeError, ValueError) as exc:
        raise web.HTTPBadRequest(text=str(exc)) from exc


@routes.get("/__stub__/health")
async def health(request: web.Request) -> web.Response:
    return _ok()


@routes.post("/__stub__/reset")
async def reset(request: web.Request) -> web.Response:
    await request.app[CORE].reset()
    return _ok()


@routes.get("/__stub__/config")
async def get_config(request: web.Request) -> web.Response:
    return _ok(asdict(request.app[CORE].config))


@routes.patch("/__stub__/config")
async def patch_config(request: web.Request) -> web.Response:
    return _ok(_call(_controls(request).configure, **await _body(request)))


@routes.get("/__stub__/faults")
async def list_faults(request: web.Request) -> web.Response:
    return _ok(_controls(request).faults())


@routes.post("/__stub__/faults")
async def add_fault(request: web.Request) -> web.Response:
    rule = _call(_controls(request).fail_next, **await _body(request))
    return _ok(rule.to_api())


@routes.delete("/__stub__/faults")
async def clear_faults(request: web.Request) -> web.Response:
    _controls(request).clear_faults()
    return _ok()


@routes.put("/__stub__/rate_limit")
async def rate_limit(request: web.Request) -> web.Response:
    _call(_controls(request).set_rate_limit, **await _body(request))
    return _ok()


@routes.post("/__stub__/websocket/drop")
async def ws_drop(request: web.Request) -> web.Response:
    dropped = _call(_controls(request).ws_drop, **await _body(request))
    return _ok({"dropped": dropped})


@routes.post("/__stub__/websocket/pause")
async def ws_pause(request: web.Request) -> web.Response:
    _controls(request).ws_pause()
    return _ok()


@routes.post("/__stub__/websocket/resume")
async def ws_resume(request: web.Request) -> web.Response:
    _controls(request).ws_resume()
    return _ok()


@routes.post("/__stub__/websocket/silence")
async def ws_silence(request: web.Request) -> web.Response:
    """{"user_id": ..., "connection_id": ...}: those sockets go quiet (half-open)."""
    silenced = _call(_controls(request).ws_silence, **await _body(request))
    return _ok({"silenced": silenced})


@routes.post("/__stub__/websocket/forget")
async def ws_forget(request: web.Request) -> web.Response:
    """{"mode": "reaped"} forgets held connections; {"mode": "restart"} forgets everything."""
    mode = (await _body(request)).get("mode", "reaped")
    if mode == "restart":
        _controls(request).ws_restart()
        return _ok()
    if mode != "reaped":
        raise web.HTTPBadRequest(text="mode must be reaped or restart")
    return _ok({"forgotten": _controls(request).ws_forget_held()})


@routes.post("/__stub__/websocket/inject")
async def ws_inject(request: web.Request) -> web.Response:
    """{"raw": "..."} sends bytes as-is; {"event": ..., "data": ...} publishes with a seq."""
    body = await _body(request)
    controls = _controls(request)
    if "raw" in body:
        sent = _call(controls.ws_inject, **body)
        return _ok({"sent": sent})
    _call(controls.ws_emit, **body)
    return _ok()


@routes.get("/__stub__/websocket/connections")
async def ws_connections(request: web.Request) -> web.Response:
    return _ok(_controls(request).ws_connections())


@routes.get("/__stub__/websocket/received")
async def ws_received(request: web.Request) -> web.Response:
    frames = request.app[CORE].store.client_frames
    return _ok([frame_api(frame) for frame in frames])


@routes.get("/__stub__/webhook_deliveries")
async def webhook_deliveries(request: web.Request) -> web.Response:
    return _ok([delivery_api(d) for d in request.app[CORE].store.deliveries])


@routes.get("/__stub__/command_dispatches")
async def command_dispatches(request: web.Request) -> web.Response:
    return _ok([dispatch_api(d) for d in request.app[CORE].store.dispatches])

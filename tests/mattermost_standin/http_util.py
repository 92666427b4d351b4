"""Small helpers shared by the REST handlers."""

import json
from typing import Any

from aiohttp import web

from .auth import require_user
from .core import CORE, Core
from .encoding import go_json
from .errors import invalid_body_param, invalid_url_param
from .ids import is_valid_id
from .models import User


def core_of(request: web.Request) -> Core:
    return request.app[CORE]


def user_of(request: web.Request) -> User:
    return require_user(core_of(request).store, request)


def json_response(data: Any, status: int = 200) -> web.Response:
    # Exactly "application/json" (no charset parameter), as Mattermost's handlers set it.
    body = go_json(data).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": "application/json"})


def status_ok() -> web.Response:
    return json_response({"status": "OK"})


def path_id(request: web.Request, name: str) -> str:
    """A 26-char id from the URL, else 400 invalid_url_param (RequirePostId & co.)."""
    value = request.match_info[name]
    if not is_valid_id(value):
        raise invalid_url_param(name)
    return value


def user_path_id(request: web.Request, user: User) -> str:
    """`{user_id}` where "me" stands for the session user."""
    if request.match_info["user_id"] == "me":
        return user.id
    return path_id(request, "user_id")


async def json_body(request: web.Request, name: str) -> Any:
    try:
        return json.loads(await request.read())
    except (ValueError, UnicodeDecodeError) as exc:
        raise invalid_body_param(name) from exc


def query_int(request: web.Request, name: str, default: int) -> int:
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise invalid_url_param(name) from exc
    if value < 0:
        raise invalid_url_param(name)
    return value


def query_id(request: web.Request, name: str) -> str:
    raw = request.query.get(name, "")
    if raw and not is_valid_id(raw):
        raise invalid_url_param(name)
    return raw


def query_bool(request: web.Request, name: str, default: bool) -> bool:
    raw = request.query.get(name)
    if raw is None:
        return default
    # strconv.ParseBool
    if raw in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if raw in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise invalid_url_param(name)

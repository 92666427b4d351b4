"""Session tokens: where they are read from and what each failure looks like
(docs/mattermost.md#rest-calls; AUTH; HAND)."""

from typing import Literal

from aiohttp import web

from .errors import AppError, session_expired
from .models import User
from .state import Store

Location = Literal["cookie", "header", "query"]


def parse_token(request: web.Request) -> tuple[str, Location] | None:
    """ParseAuthTokenFromRequest: cookie, then `BEARER`/`Token` header, then `access_token`."""
    cookie = request.cookies.get("MMAUTHTOKEN")
    if cookie:
        return cookie, "cookie"
    header = request.headers.get("Authorization", "")
    # Exactly one space after the scheme: the token starts at a fixed offset.
    if len(header) > 6 and header[:6].upper() == "BEARER":
        return header[7:], "header"
    if len(header) > 5 and header[:5].lower() == "token":
        return header[6:], "header"
    query = request.query.get("access_token", "")
    if query:
        return query, "query"
    return None


def _query_token_refused() -> AppError:
    # Only OAuth sessions may use ?access_token=; every stand-in session is a session or PAT.
    return AppError("api.context.token_provided.app_error", 401)


def require_user(store: Store, request: web.Request) -> User:
    """Session-required routes: any missing or unknown token is 401 session_expired."""
    parsed = parse_token(request)
    if parsed is None:
        raise session_expired()
    token, location = parsed
    user = store.user_by_token(token)
    if user is None:
        raise session_expired()
    if location == "query":
        raise _query_token_refused()
    return user


def optional_user(store: Store, request: web.Request) -> User | None:
    """Trust-requester routes (the WebSocket): an unknown token just means no session."""
    parsed = parse_token(request)
    if parsed is None:
        return None
    token, location = parsed
    user = store.user_by_token(token)
    if user is not None and location == "query":
        raise _query_token_refused()
    return user

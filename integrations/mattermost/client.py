"""Mattermost REST v4 with the bot token: the one place that talks to Mattermost over HTTP.

Every call goes through `request()`: timeouts, the AppError JSON body, the plain-text 429 and
network failures all become one `MattermostError` that says whether a retry can help
(docs/mattermost.md#rest-calls).
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings

from integrations.http import ServiceError, json_object, retry_after
from integrations.mattermost.types import FileInfo, Post

logger = logging.getLogger(__name__)

_session = requests.Session()


class MattermostError(ServiceError):
    """A failed Mattermost call; `error_id` is the AppError's id (docs/mattermost.md#errors)."""

    @property
    def error_id(self) -> str:
        return self.code


class FileTooBig(MattermostError):
    """A file larger than the caller accepts: refused without reading it whole."""

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=True)


class MattermostNotConfigured(MattermostError):
    def __init__(self) -> None:
        super().__init__("MATTERMOST_URL o MATTERMOST_BOT_TOKEN no están configurados")


def configured() -> bool:
    return bool(settings.MATTERMOST_URL and settings.MATTERMOST_BOT_TOKEN)


def request(
    method: str,
    path: str,
    *,
    json: Any = None,
    params: dict[str, Any] | None = None,
    raw: bool = False,
    files: list | None = None,
) -> Any:
    """Call `/api/v4{path}`; the decoded JSON body (or the raw response when `raw`)."""
    if not configured():
        raise MattermostNotConfigured()
    url = f"{settings.MATTERMOST_URL}/api/v4{path}"
    headers = {"Authorization": f"Bearer {settings.MATTERMOST_BOT_TOKEN}"}
    try:
        response = _session.request(
            method,
            url,
            json=json,
            params=params,
            files=files,
            headers=headers,
            timeout=float(settings.MATTERMOST_TIMEOUT),
            stream=raw,
        )
    except requests.RequestException as exc:
        raise MattermostError(f"{method} {path}: {exc.__class__.__name__}: {exc}") from exc
    if response.status_code >= 400:
        raise _error_from(response, method, path)
    if raw:
        return response
    return response.json() if response.content else None


def _error_from(response: requests.Response, method: str, path: str) -> MattermostError:
    status = response.status_code
    # A 429 from the rate limiter is plain text ("limit exceeded"), not an AppError.
    body = json_object(response)
    error_id = str(body.get("id", ""))
    message = body.get("message") or response.text[:200].strip() or response.reason
    # 5xx, 408 and 429 may pass; every other 4xx will fail the same way again.
    permanent = status < 500 and status not in (408, 429)
    return MattermostError(
        f"{method} {path}: {status} {error_id} {message}".replace("  ", " "),
        status=status,
        code=error_id,
        permanent=permanent,
        retry_after=retry_after(response),
    )


# --- The calls the bot makes -------------------------------------------------------------------


def get_me() -> dict[str, Any]:
    return request("GET", "/users/me")


def get_user(user_id: str) -> dict[str, Any]:
    return request("GET", f"/users/{user_id}")


def display_name(user: dict[str, Any]) -> str:
    """A user's name as people read it: first and last name, else the nickname, else ""."""
    first, last = (str(user.get(key) or "").strip() for key in ("first_name", "last_name"))
    return f"{first} {last}".strip() or str(user.get("nickname") or "").strip()


def get_post(post_id: str) -> Post:
    return Post.from_json(request("GET", f"/posts/{post_id}"))


def get_thread(post_id: str) -> list[Post]:
    data = request("GET", f"/posts/{post_id}/thread")
    posts = data.get("posts") or {}
    return [Post.from_json(posts[pid]) for pid in data.get("order") or [] if pid in posts]


def create_post(
    *,
    channel_id: str,
    message: str,
    root_id: str = "",
    props: dict[str, Any] | None = None,
    pending_post_id: str = "",
    file_ids: list[str] | None = None,
) -> Post:
    body: dict[str, Any] = {"channel_id": channel_id, "message": message}
    if root_id:
        body["root_id"] = root_id
    if file_ids:
        body["file_ids"] = file_ids
    if props:
        body["props"] = props
    if pending_post_id:
        body["pending_post_id"] = pending_post_id
    return Post.from_json(request("POST", "/posts", json=body))


def add_reaction(*, user_id: str, post_id: str, emoji_name: str) -> None:
    request(
        "POST",
        "/reactions",
        json={"user_id": user_id, "post_id": post_id, "emoji_name": emoji_name},
    )


def remove_reaction(*, user_id: str, post_id: str, emoji_name: str) -> None:
    request("DELETE", f"/users/{user_id}/posts/{post_id}/reactions/{emoji_name}")


def patch_post(post_id: str, *, message: str, props: dict[str, Any]) -> Post:
    """Change a post of the bot (`PUT /posts/{id}/patch`): fields left out stay as they are, so
    its files stay; `props` replace all of them (docs/mattermost-interactive.md)."""
    body = {"message": message, "props": props}
    return Post.from_json(request("PUT", f"/posts/{post_id}/patch", json=body))


def upload_file(*, channel_id: str, name: str, data: bytes) -> FileInfo:
    """Upload a file to a channel as the bot (`POST /files`, multipart: `channel_id` before the
    file, in a part named `files`; docs/mattermost-interactive.md#uploads). The file attaches to
    the bot's next post that names it."""
    answer = request(
        "POST", "/files", files=[("channel_id", (None, channel_id)), ("files", (name, data))]
    )
    return FileInfo.from_json(answer["file_infos"][0])


def get_file_info(file_id: str) -> FileInfo:
    return FileInfo.from_json(request("GET", f"/files/{file_id}/info"))


def download_file(file_id: str, *, max_bytes: int) -> bytes:
    """The file's bytes; refuses files larger than `max_bytes` without reading them whole."""
    response = request("GET", f"/files/{file_id}", raw=True)
    declared = int(response.headers.get("Content-Length") or 0)
    if declared > max_bytes:
        raise FileTooBig(f"file {file_id} of {declared} bytes, more than {max_bytes}")
    data = bytearray()
    try:
        for chunk in response.iter_content(64 * 1024):
            data.extend(chunk)
            if len(data) > max_bytes:
                raise FileTooBig(f"file {file_id} is more than {max_bytes} bytes")
    except requests.RequestException as exc:
        raise MattermostError(f"GET /files/{file_id}: {exc}") from exc
    finally:
        response.close()
    return bytes(data)


# --- Direct messages and the listener's catch-up (docs/mattermost.md#catching-up) -------------


def create_direct_channel(user_id: str, other_user_id: str) -> dict[str, Any]:
    """The direct-message channel of two users, created if it does not exist yet."""
    return request("POST", "/channels/direct", json=[user_id, other_user_id])


def get_my_teams() -> list[dict[str, Any]]:
    return request("GET", "/users/me/teams") or []


def get_my_channels(team_id: str) -> list[dict[str, Any]]:
    """The bot's channels in a team, its direct and group channels included."""
    return request("GET", f"/users/me/teams/{team_id}/channels") or []


def get_channel_posts(channel_id: str, **params: Any) -> dict[str, Any]:
    """A PostList (`order` newest first): `after=<post id>` pages forward, `since=<ms>` gives
    the posts changed since then, edited and deleted ones included."""
    return request("GET", f"/channels/{channel_id}/posts", params=params) or {}

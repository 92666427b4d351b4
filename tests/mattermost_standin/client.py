"""A small REST client that acts as one user over real HTTP (the "seller" of the tests).

It uses only Mattermost's API, as the webapp would: uploads go through `POST /files`, posts
through `POST /posts` with `file_ids`, commands through `POST /commands/execute`.
"""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import requests

FileSpec = tuple[str, bytes] | Path | str


def _id(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value["id"]
    return value.id


def _file(spec: FileSpec) -> tuple[str, bytes]:
    if isinstance(spec, tuple):
        return spec
    path = Path(spec)
    return path.name, path.read_bytes()


class SellerClient:
    def __init__(self, base_url: str, token: str, *, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = False  # loopback only, never through a proxy
        self.session.headers["Authorization"] = f"Bearer {token}"
        self._user_id = ""

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Any API call; the response is returned as is (no status check)."""
        kwargs.setdefault("timeout", self.timeout)
        return self.session.request(method, f"{self.base_url}/api/v4{path}", **kwargs)

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.request(method, path, **kwargs)
        response.raise_for_status()
        return response.json()

    def me(self) -> dict[str, Any]:
        return self._json("GET", "/users/me")

    def upload(self, channel: Any, files: Iterable[FileSpec]) -> list[dict[str, Any]]:
        parts = [("files", _file(spec)) for spec in files]
        data = {"channel_id": _id(channel)}
        return self._json("POST", "/files", data=data, files=parts)["file_infos"]

    def post(
        self,
        channel: Any,
        message: str = "",
        *,
        files: Iterable[FileSpec] = (),
        root_id: str = "",
        props: dict[str, Any] | None = None,
        pending_post_id: str | None = None,
    ) -> dict[str, Any]:
        """Upload the files (if any), then create the post with their ids."""
        infos = self.upload(channel, files) if files else []
        body: dict[str, Any] = {"channel_id": _id(channel), "message": message}
        if root_id:
            body["root_id"] = root_id
        if infos:
            body["file_ids"] = [info["id"] for info in infos]
        if props:
            body["props"] = props
        if pending_post_id:
            body["pending_post_id"] = pending_post_id
        return self._json("POST", "/posts", json=body)

    def reply(self, post: dict[str, Any], message: str, **kwargs: Any) -> dict[str, Any]:
        """A reply in the post's thread (root_id = its root, as the webapp does)."""
        root_id = post.get("root_id") or post["id"]
        return self.post(post["channel_id"], message, root_id=root_id, **kwargs)

    def edit(self, post: Any, message: str) -> dict[str, Any]:
        return self._json("PUT", f"/posts/{_id(post)}/patch", json={"message": message})

    def delete(self, post: Any) -> None:
        self.request("DELETE", f"/posts/{_id(post)}").raise_for_status()

    @property
    def user_id(self) -> str:
        if not self._user_id:
            self._user_id = self.me()["id"]
        return self._user_id

    def react(self, post: Any, emoji_name: str) -> dict[str, Any]:
        body = {"user_id": self.user_id, "post_id": _id(post), "emoji_name": emoji_name}
        return self._json("POST", "/reactions", json=body)

    def unreact(self, post: Any, emoji_name: str) -> None:
        path = f"/users/me/posts/{_id(post)}/reactions/{emoji_name}"
        self.request("DELETE", path).raise_for_status()

    def run_command(
        self, channel: Any, command: str, *, root_id: str = "", team: Any = None
    ) -> requests.Response:
        """POST /commands/execute; the response is returned unchecked (errors are data)."""
        body = {"channel_id": _id(channel), "command": command, "root_id": root_id}
        if team is not None:
            body["team_id"] = _id(team)
        return self.request("POST", "/commands/execute", json=body)

    def get_post(self, post: Any) -> dict[str, Any]:
        return self._json("GET", f"/posts/{_id(post)}")

    def thread(self, post: Any) -> dict[str, Any]:
        return self._json("GET", f"/posts/{_id(post)}/thread")

    def channel_posts(self, channel: Any, **params: Any) -> dict[str, Any]:
        return self._json("GET", f"/channels/{_id(channel)}/posts", params=params)

    # -- interactive messages (CONTRACT §8) ------------------------------------------------

    def click(self, post: Any, action_id: str) -> requests.Response:
        """Press a button of a post, as the webapp does (the response is returned as is)."""
        return self.request("POST", f"/posts/{_id(post)}/actions/{action_id}", json={})

    def submit_dialog(self, dialog: dict[str, Any], submission: dict[str, Any], **extra: Any):
        """Submit a dialog opened for this user (`dialog` as `opened_dialogs` lists it)."""
        body = {
            "url": dialog["url"],
            "callback_id": dialog["dialog"].get("callback_id", ""),
            "state": dialog["dialog"].get("state", ""),
            "submission": submission,
            "cancelled": False,
            **extra,
        }
        return self.request("POST", "/actions/dialogs/submit", json=body)

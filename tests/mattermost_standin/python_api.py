"""The Python-side API of MattermostStandIn, by concern: setup, read-back, controls.

Everything runs on the server's loop through `_call`; read-backs return deep copies.
"""

from collections.abc import Callable, Iterable
from typing import Any

from . import setup_api
from .controls import Controls
from .core import Core
from .faults import FaultMode, FaultRule
from .integrations import (
    FORM,
    ClientFrame,
    CommandDispatch,
    OutgoingWebhook,
    SlashCommand,
    WebhookDelivery,
)
from .models import Channel, ChannelType, FileInfo, Post, Reaction, Team, User
from .setup_api import ident
from .ws_hub import DropMode


class _Base:
    _core: Core
    _controls: Controls

    def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    def _snapshot(self, fn: Callable[[], Any]) -> Any:
        raise NotImplementedError


class SetupMixin(_Base):
    def add_team(self, name: str, display_name: str | None = None) -> Team:
        return self._call(setup_api.add_team, self._core.store, name, display_name)

    def add_user(
        self,
        username: str,
        *,
        is_bot: bool = False,
        is_admin: bool = False,
        first_name: str = "",
        last_name: str = "",
        nickname: str = "",
        teams: Iterable[Any] = (),
    ) -> User:
        """A user with a token (a bot access token if is_bot, else a session token)."""
        store = self._core.store

        def create() -> User:
            user = setup_api.add_user(
                store,
                username,
                is_bot=is_bot,
                is_admin=is_admin,
                first_name=first_name,
                last_name=last_name,
                nickname=nickname,
            )
            for team in teams:
                setup_api.add_team_member(store, team, user)
            return user

        return self._call(create)

    def add_team_member(self, team: Any, user: Any) -> None:
        self._call(setup_api.add_team_member, self._core.store, team, user)

    def add_channel(
        self,
        team: Any,
        name: str,
        type: ChannelType = "O",
        members: Iterable[Any] = (),
        *,
        display_name: str | None = None,
        creator: Any = None,
    ) -> Channel:
        """A public ("O") or private ("P") channel; members also join the team."""
        if type in ("D", "G"):
            users = list(members)
            if type == "D":
                return self.add_direct_channel(users[0], users[-1])
            return self.add_group_channel(users)
        store = self._core.store
        return self._call(
            setup_api.add_channel, store, team, name, type, list(members), display_name, creator
        )

    def add_channel_member(self, channel: Any, user: Any) -> None:
        self._call(setup_api.add_channel_member, self._core.store, channel, user)

    def add_direct_channel(self, first: Any, second: Any) -> Channel:
        return self._call(setup_api.add_direct_channel, self._core.store, first, second)

    def add_group_channel(self, users: Iterable[Any]) -> Channel:
        return self._call(setup_api.add_group_channel, self._core.store, list(users))

    def add_outgoing_webhook(
        self,
        team: Any,
        channel: Any = None,
        trigger_words: Iterable[str] = (),
        trigger_when: int = 0,
        callback_urls: Iterable[str] = (),
        content_type: str = FORM,
        *,
        creator: Any,
        display_name: str = "",
        description: str = "",
        username: str = "",
        icon_url: str = "",
    ) -> OutgoingWebhook:
        return self._call(
            lambda: setup_api.add_outgoing_webhook(
                self._core.store,
                team,
                channel=channel,
                trigger_words=list(trigger_words),
                trigger_when=trigger_when,
                callback_urls=list(callback_urls),
                content_type=content_type,
                creator=creator,
                display_name=display_name,
                description=description,
                username=username,
                icon_url=icon_url,
            )
        )

    def add_slash_command(
        self,
        team: Any,
        trigger: str,
        url: str,
        method: str = "P",
        *,
        creator: Any,
        username: str = "",
        icon_url: str = "",
        display_name: str = "",
    ) -> SlashCommand:
        return self._call(
            lambda: setup_api.add_slash_command(
                self._core.store,
                team,
                trigger,
                url,
                creator=creator,
                method=method,
                username=username,
                icon_url=icon_url,
                display_name=display_name,
            )
        )


class ReadbackMixin(_Base):
    def posts(self, channel: Any, *, include_deleted: bool = False) -> list[Post]:
        """Posts of a channel, oldest first (roots and replies)."""
        channel_id = ident(channel)

        def select() -> list[Post]:
            found = [
                p
                for p in self._core.store.posts.values()
                if p.channel_id == channel_id and (include_deleted or not p.delete_at)
            ]
            return sorted(found, key=lambda p: p.create_at)

        return self._snapshot(select)

    def thread_posts(self, root: Any) -> list[Post]:
        """The root and its live replies, oldest first."""
        root_id = ident(root)
        store = self._core.store
        return self._snapshot(lambda: [store.posts[root_id], *store.replies(root_id)])

    def get_post(self, post_id: Any) -> Post | None:
        return self._snapshot(lambda: self._core.store.posts.get(ident(post_id)))

    def post_api(self, post_id: Any) -> dict[str, Any]:
        """The post exactly as the REST API would return it."""
        store = self._core.store
        return self._snapshot(lambda: store.post_api(store.posts[ident(post_id)]))

    def reactions(self, post: Any) -> list[Reaction]:
        return self._snapshot(lambda: self._core.store.post_reactions(ident(post)))

    def file_info(self, file_id: Any) -> FileInfo | None:
        return self._snapshot(lambda: self._core.store.files.get(ident(file_id)))

    def integration_calls(self) -> list:
        """Every request made to a button's or a dialog's integration URL, oldest first."""
        return self._snapshot(lambda: list(self._core.interactive.calls))

    def opened_dialogs(self, user: Any) -> list[dict[str, Any]]:
        """The dialogs opened for `user` (as `open_dialog` carried them), oldest first."""
        return self._snapshot(lambda: list(self._core.interactive.dialogs.get(ident(user), [])))

    def webhook_deliveries(
        self, hook: Any = None, *, finished: bool = False
    ) -> list[WebhookDelivery]:
        """Every outgoing-webhook attempt, in dispatch order (request, response, timing)."""
        hook_id = ident(hook) if hook else ""
        return self._snapshot(
            lambda: [
                d
                for d in self._core.store.deliveries
                if (not hook_id or d.hook_id == hook_id)
                and (not finished or d.finished_at is not None)
            ]
        )

    def command_dispatches(self, command: Any = None) -> list[CommandDispatch]:
        command_id = ident(command) if command else ""
        return self._snapshot(
            lambda: [
                d
                for d in self._core.store.dispatches
                if not command_id or d.command_id == command_id
            ]
        )

    def ws_received(self, user: Any = None) -> list[ClientFrame]:
        """Frames WebSocket clients sent (text, binary, ping, pong, close)."""
        user_id = ident(user) if user else ""
        return self._snapshot(
            lambda: [
                f for f in self._core.store.client_frames if not user_id or f.user_id == user_id
            ]
        )

    def ws_connections(self, user: Any = None) -> list[dict[str, Any]]:
        """Live and held connections: id, user, active, next seq, dead queue, frames sent."""
        user_id = ident(user) if user else ""
        return [
            c
            for c in self._call(self._controls.ws_connections)
            if not user_id or c["user_id"] == user_id
        ]


class ControlsMixin(_Base):
    def fail_next(
        self,
        count: int = 1,
        *,
        method: str | None = None,
        path: str | None = None,
        mode: FaultMode = "error",
        status: int = 500,
        error_id: str | None = None,
        retry_after: int = 1,
    ) -> FaultRule:
        """Fail the next `count` calls matching method and path (a full-match regex).

        mode "error": a realistic AppError with `status` (5xx by default); "unavailable": a
        proxy's 503 HTML page; "reset": the TCP connection is reset; "after_write": the call
        is processed (e.g. the post is created) and then answered with an AppError;
        "rate_limited": the rate limiter's plain-text 429, `Retry-After: retry_after`, for
        these calls only (enable_rate_limit limits every call from the address).
        """
        return self._call(
            self._controls.fail_next,
            count,
            method=method,
            path=path,
            mode=mode,
            status=status,
            error_id=error_id,
            retry_after=retry_after,
        )

    def fail_after_write(
        self,
        count: int = 1,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int = 500,
    ) -> FaultRule:
        return self.fail_next(count, method=method, path=path, mode="after_write", status=status)

    def clear_faults(self) -> None:
        self._call(self._controls.clear_faults)

    def enable_rate_limit(self, per_sec: float = 10.0, max_burst: int = 100) -> None:
        self._call(self._controls.set_rate_limit, True, per_sec, max_burst)

    def disable_rate_limit(self) -> None:
        self._call(self._controls.set_rate_limit, False)

    def ws_drop(
        self, mode: DropMode = "abort", *, user: Any = None, connection_id: str = ""
    ) -> int:
        """Cut live sockets: "close" (close frame), "abort" (no close frame), "reset" (RST)."""
        user_id = ident(user) if user else ""
        return self._call(self._controls.ws_drop, mode, connection_id, user_id)

    def ws_pause(self) -> None:
        self._call(self._controls.ws_pause)

    def ws_resume(self) -> None:
        self._call(self._controls.ws_resume)

    def ws_silence(self, *, user: Any = None, connection_id: str = "") -> int:
        """Matching live connections go quiet (half-open): no frames, no pongs."""
        user_id = ident(user) if user else ""
        return self._call(self._controls.ws_silence, connection_id, user_id)

    def ws_forget_held(self) -> int:
        return self._call(self._controls.ws_forget_held)

    def ws_restart(self) -> None:
        self._call(self._controls.ws_restart)

    def ws_inject(self, raw: str, *, user: Any = None, connection_id: str = "") -> int:
        user_id = ident(user) if user else ""
        return self._call(self._controls.ws_inject, raw, connection_id, user_id)

    def ws_emit(self, event: str, data: dict[str, Any] | None = None, **broadcast: str) -> None:
        self._call(lambda: self._controls.ws_emit(event, data, **broadcast))

"""`GET /api/v4/websocket`: upgrade, authenticate, read frames, keep-alive
(docs/mattermost.md#websocket).

Follows api4/websocket.go and web_conn.go: resume needs a session at upgrade time (header or
cookie); a challenge-authenticated socket always starts fresh, and its requests before then get
their FAIL replies too (the router answers on the unregistered connection). A frame that is not
a JSON request closes the socket. The read deadline is reset by any inbound frame, pongs
included, which is more lenient than upstream: web_conn.go's readPump extends it only in its
pong handler (docs/mattermost.md#websocket).
"""

import asyncio
import contextlib
import json
import time
from typing import Any

from aiohttp import WSMsgType, web

from .auth import optional_user
from .core import CORE, Core
from .errors import AppError
from .ids import is_valid_id
from .integrations import ClientFrame
from .models import User
from .ws_hub import RawFrame, Transport, WebConn, hard_close, response_text

routes = web.RouteTableDef()
_KINDS = {
    WSMsgType.TEXT: "text",
    WSMsgType.BINARY: "binary",
    WSMsgType.PING: "ping",
    WSMsgType.PONG: "pong",
    WSMsgType.CLOSE: "close",
}


def _resume_sequence(connection_id: str, raw: str | None) -> int:
    """PopulateWebConnConfig's refusals: a valid id, and a sequence that parses as an int."""
    if not is_valid_id(connection_id) or not raw:
        raise ValueError("bad resume parameters")
    return int(raw)


class Socket:
    """One upgraded socket; its WebConn exists once it is authenticated."""

    def __init__(self, core: Core, ws: web.WebSocketResponse, transport: Transport) -> None:
        self.core = core
        self.ws = ws
        self.transport = transport
        self.conn: WebConn | None = None
        self.last_frame = time.monotonic()
        # Replies to requests made before authentication: no WebConn of the hub's writes them.
        self.unregistered_replies: list[str] = []

    async def open(self, request: web.Request, user: User | None) -> bool:
        conn_id = request.query.get("connection_id", "")
        if user is None:
            return True  # waits for authentication_challenge; connection_id is ignored
        if not conn_id:
            self.conn = self.core.hub.register(user.id, self.ws, self.transport)
            return True
        try:
            sequence = _resume_sequence(conn_id, request.query.get("sequence_number"))
        except ValueError:
            hard_close(self.ws, self.transport, "abort")
            return False
        held = self.core.hub.take_held(user.id, conn_id)
        if held is None:
            self.conn = self.core.hub.register(user.id, self.ws, self.transport)
        else:
            self.conn = held
            await self.core.hub.resume(held, self.ws, self.transport, sequence)
        return True

    async def watchdog(self) -> None:
        """Auth deadline, server pings and the read deadline, on the config's clock."""
        cfg = self.core.config
        opened = time.monotonic()
        next_ping = opened + cfg.ws_ping_interval
        while not self.ws.closed:
            now = time.monotonic()
            if self.conn is None and now - opened >= cfg.ws_auth_timeout:
                hard_close(self.ws, self.transport, "abort")
                return
            if now - self.last_frame >= cfg.ws_read_timeout:
                hard_close(self.ws, self.transport, "abort")
                return
            if now >= next_ping and not self.silent:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await self.ws.ping()
                next_ping = now + cfg.ws_ping_interval
            wake = min(next_ping, self.last_frame + cfg.ws_read_timeout)
            if self.conn is None:
                wake = min(wake, opened + cfg.ws_auth_timeout)
            await asyncio.sleep(max(0.005, min(wake - now, 0.25)))

    @property
    def silent(self) -> bool:
        return self.conn is not None and self.conn.id in self.core.hub.silenced

    async def read_loop(self) -> None:
        # receive() rather than `async for`: the iterator hides the client's close frame,
        # which the read-back must show.
        while True:
            msg = await self.ws.receive()
            if msg.type in (WSMsgType.CLOSED, WSMsgType.CLOSING, WSMsgType.ERROR):
                return
            if self.silent:
                continue  # lost on the quiet network path: no pong, no reply
            self.last_frame = time.monotonic()
            self._record(msg.type, msg.data)
            if msg.type == WSMsgType.CLOSE:
                return
            if msg.type == WSMsgType.PING:
                await self.ws.pong(msg.data)
            elif msg.type == WSMsgType.TEXT:
                handled = self._handle_text(msg.data)
                await self._send_unregistered_replies()
                if not handled:
                    hard_close(self.ws, self.transport, "abort")
                    return
            elif msg.type != WSMsgType.PONG:
                # Binary frames are msgpack requests; the stand-in cannot decode them.
                hard_close(self.ws, self.transport, "abort")
                return

    def _record(self, kind: WSMsgType, data: Any) -> None:
        if kind not in _KINDS:
            return
        conn = self.conn
        self.core.store.client_frames.append(
            ClientFrame(
                conn.id if conn else "",
                conn.user_id if conn else "",
                _KINDS[kind],
                data if isinstance(data, str | bytes) else str(data),
            )
        )

    def _handle_text(self, text: str) -> bool:
        """Route one request; False closes the socket (a frame that is not a request)."""
        try:
            request = json.loads(text)
        except ValueError:
            return False
        if not isinstance(request, dict):
            return False
        seq, action, data = request.get("seq", 0), request.get("action", ""), request.get("data")
        if not isinstance(seq, int) or not isinstance(action, str):
            return False
        if not action:
            self._fail(seq, "api.web_socket_router.no_action.app_error", 400)
        elif seq <= 0:
            self._fail(seq, "api.web_socket_router.bad_seq.app_error", 400)
        elif action == "authentication_challenge":
            return self._authenticate(seq, data)
        elif self.conn is None:
            self._fail(seq, "api.web_socket_router.not_authenticated.app_error", 401)
        else:
            self._action(seq, action, data)
        return True

    def _authenticate(self, seq: int, data: Any) -> bool:
        if self.conn is not None:
            return True  # a second challenge is ignored
        token = data.get("token") if isinstance(data, dict) else None
        user = self.core.store.user_by_token(token) if isinstance(token, str) else None
        if user is None:
            return False  # bad or missing token: closed silently
        self.conn = self.core.hub.register(user.id, self.ws, self.transport)
        self.core.hub.enqueue(self.conn, RawFrame(response_text(seq)))  # after the hello
        return True

    def _action(self, seq: int, action: str, data: Any) -> None:
        assert self.conn is not None
        if action == "user_typing":
            self.core.hub.enqueue(self.conn, RawFrame(response_text(seq)))
        elif action in ("get_statuses", "get_statuses_by_ids"):
            statuses = self._statuses(data)
            self.core.hub.enqueue(self.conn, RawFrame(response_text(seq, data=statuses)))
        else:
            self._fail(seq, "api.web_socket_router.bad_action.app_error", 500)

    def _statuses(self, data: Any) -> dict[str, str]:
        online = {c.user_id for c in self.core.hub.conns.values() if c.active}
        wanted = data.get("user_ids") if isinstance(data, dict) else None
        ids = wanted if isinstance(wanted, list) else list(self.core.store.users)
        return {
            uid: "online" if uid in online else "offline" for uid in ids if isinstance(uid, str)
        }

    def _fail(self, seq: int, error_id: str, status: int) -> None:
        error = AppError(error_id, status).body()
        text = response_text(seq, "FAIL", error=error)
        if self.conn is None:
            self.unregistered_replies.append(text)
        else:
            self.core.hub.enqueue(self.conn, RawFrame(text))

    async def _send_unregistered_replies(self) -> None:
        replies, self.unregistered_replies = self.unregistered_replies, []
        for text in replies:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self.ws.send_str(text)


@routes.get("/api/v4/websocket")
@routes.get("/api/v4/websocket/")
async def connect_websocket(request: web.Request) -> web.StreamResponse:
    core = request.app[CORE]
    user = optional_user(core.store, request)  # a PAT in ?access_token= is a 401 before upgrade
    ws = web.WebSocketResponse(autoping=False, max_msg_size=8 * 1024 * 1024)
    transport = request.transport
    await ws.prepare(request)
    socket = Socket(core, ws, transport)
    if not await socket.open(request, user):
        return ws
    watchdog = asyncio.create_task(socket.watchdog())
    try:
        await socket.read_loop()
    finally:
        watchdog.cancel()
        if socket.conn is not None:
            core.hub.disconnected(socket.conn, ws)
    return ws

"""The WebSocket hub: per-connection queues, sequence numbers, dead queue and resume
(docs/mattermost.md#websocket).

Mirrors web_hub.go / web_conn.go: a disconnected connection is kept (inactive) with its queue
and its dead queue of sent events for `ws_held_window`; a reconnect with its `connection_id`
and `sequence_number` replays, continues, or starts over with a new id and a fresh `hello`.
"""

import asyncio
import contextlib
import socket
import struct
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from aiohttp import web

from .encoding import go_json
from .events import Event, hello_event
from .ids import new_id
from .models import Config
from .state import Store

DropMode = Literal["close", "abort", "reset"]
Transport = asyncio.BaseTransport | None


@dataclass
class RawFrame:
    """A frame without a sequence number: responses and injected test frames."""

    text: str


@dataclass
class WebConn:
    id: str
    user_id: str
    dead_queue_size: int
    seq: int = 0
    ws: web.WebSocketResponse | None = None
    transport: asyncio.BaseTransport | None = None
    active: bool = False
    reuse_count: int = 0
    disconnected_at: float = 0.0
    queue: deque[Event | RawFrame] = field(default_factory=deque)
    dead: deque[tuple[int, str]] = field(init=False)
    sent: list[str] = field(default_factory=list)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    pump: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        self.dead = deque(maxlen=self.dead_queue_size)


def response_text(seq_reply: int, status: str = "OK", **extra: object) -> str:
    return go_json({"status": status, "seq_reply": seq_reply, **extra}) + "\n"


class Hub:
    def __init__(self, store: Store, config: Callable[[], Config]) -> None:
        self.store = store
        self.config = config
        self.conns: dict[str, WebConn] = {}
        self.paused = False
        # Connections whose network path went quiet (a half-open TCP connection): nothing is
        # written to them and their pings go unanswered, until the client gives up on them.
        self.silenced: set[str] = set()

    # -- registration and resume ---------------------------------------------------------

    def register(self, user_id: str, ws: web.WebSocketResponse, transport: Transport) -> WebConn:
        """A fresh connection: new id, seq 0, `hello` queued first (hub `register`)."""
        conn = WebConn(new_id(), user_id, self.config().ws_dead_queue_size)
        self.conns[conn.id] = conn
        self._attach(conn, ws, transport)
        self.enqueue(conn, self._hello(conn))
        return conn

    def take_held(self, user_id: str, connection_id: str) -> WebConn | None:
        """RemoveInactiveByConnectionID: only an inactive connection of the same user."""
        self.expire()
        conn = self.conns.get(connection_id)
        if conn is None or conn.active or conn.user_id != user_id:
            return None
        return conn

    async def resume(
        self, conn: WebConn, ws: web.WebSocketResponse, transport: Transport, sequence: int
    ) -> None:
        """The start of writePump for a reused connection."""
        conn.reuse_count += 1
        conn.seq = sequence
        self._attach(conn, ws, transport, start_pump=False)
        if sequence != 0:
            replay = [text for seq, text in conn.dead if seq >= sequence]
            if any(seq == sequence for seq, _ in conn.dead):
                for text in replay:
                    await self._write(conn, text)
                    conn.seq += 1
            elif self._has_msg_loss(conn):
                conn.dead.clear()
                self.conns.pop(conn.id, None)
                conn.id = new_id()
                self.conns[conn.id] = conn
                conn.seq = 0
                await self._write_event(conn, self._hello(conn))
        conn.pump = asyncio.create_task(self._pump(conn))

    def _has_msg_loss(self, conn: WebConn) -> bool:
        if not conn.dead:
            return False
        return conn.dead[-1][0] != conn.seq - 1

    def _hello(self, conn: WebConn) -> Event:
        cfg = self.config()
        version = cfg.version_id()
        return hello_event(conn.user_id, conn.id, version, cfg.server_hostname)

    def _attach(
        self,
        conn: WebConn,
        ws: web.WebSocketResponse,
        transport: Transport,
        start_pump: bool = True,
    ) -> None:
        conn.ws = ws
        conn.transport = transport
        conn.active = True
        self.silenced.discard(conn.id)  # a new socket is a new network path
        if start_pump:
            conn.pump = asyncio.create_task(self._pump(conn))

    def disconnected(self, conn: WebConn, ws: web.WebSocketResponse) -> None:
        """Unregister: keep the connection, inactive, with its queues (unless replaced)."""
        if conn.ws is not ws:
            return
        conn.active = False
        conn.ws = None
        conn.transport = None
        conn.disconnected_at = time.monotonic()
        if conn.pump is not None:
            conn.pump.cancel()
            conn.pump = None

    def expire(self) -> None:
        """The inactive-connection reaper, run lazily."""
        limit = time.monotonic() - self.config().ws_held_window
        for conn in list(self.conns.values()):
            if not conn.active and conn.disconnected_at <= limit:
                del self.conns[conn.id]

    # -- delivery ------------------------------------------------------------------------

    def publish(self, event: Event) -> None:
        self.expire()
        for conn in list(self.conns.values()):
            if self.should_send(conn, event):
                self.enqueue(conn, event)

    def should_send(self, conn: WebConn, event: Event) -> bool:
        """ShouldSendEvent, in its order of checks."""
        b = event.broadcast
        if b.connection_id:
            return conn.id == b.connection_id
        if conn.id == b.omit_connection_id:
            return False
        if b.user_id:
            return conn.user_id == b.user_id
        if b.omit_users and conn.user_id in b.omit_users:
            return False
        if b.channel_id:
            channel = self.store.channels.get(b.channel_id)
            return channel is not None and conn.user_id in channel.members
        if b.team_id:
            team = self.store.teams.get(b.team_id)
            return team is not None and conn.user_id in team.members
        return True

    def enqueue(self, conn: WebConn, item: Event | RawFrame) -> None:
        if len(conn.queue) >= self.config().ws_send_queue_size:
            self.close_and_remove(conn)  # a full send queue drops the connection
            return
        conn.queue.append(item)
        conn.wake.set()

    def close_and_remove(self, conn: WebConn) -> None:
        self.conns.pop(conn.id, None)
        if conn.ws is not None:
            hard_close(conn.ws, conn.transport, "abort")

    async def _pump(self, conn: WebConn) -> None:
        while conn.active:
            head = conn.queue[0] if conn.queue else None
            held_back = isinstance(head, Event) and self.paused and head.event != "hello"
            if head is None or held_back or conn.id in self.silenced:
                conn.wake.clear()
                await conn.wake.wait()
                continue
            conn.queue.popleft()
            if isinstance(head, RawFrame):
                await self._write(conn, head.text)
            else:
                await self._write_event(conn, head)

    async def _write_event(self, conn: WebConn, event: Event) -> None:
        text = go_json(event.frame_for(conn.user_id, conn.seq)) + "\n"
        # Added to the dead queue before the write, as writePump does.
        conn.dead.append((conn.seq, text))
        conn.seq += 1
        await self._write(conn, text)

    async def _write(self, conn: WebConn, text: str) -> None:
        conn.sent.append(text)
        if conn.ws is None or conn.ws.closed:
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            await conn.ws.send_str(text)

    # -- test controls -------------------------------------------------------------------

    def matching(self, connection_id: str = "", user_id: str = "") -> list[WebConn]:
        return [
            conn
            for conn in self.conns.values()
            if (not connection_id or conn.id == connection_id)
            and (not user_id or conn.user_id == user_id)
        ]

    def drop(self, mode: DropMode, connection_id: str = "", user_id: str = "") -> int:
        dropped = 0
        for conn in self.matching(connection_id, user_id):
            if conn.active and conn.ws is not None:
                hard_close(conn.ws, conn.transport, mode)
                dropped += 1
        return dropped

    def silence(self, connection_id: str = "", user_id: str = "") -> int:
        """Matching live connections go quiet; the client's keep-alive must notice."""
        quiet = [c for c in self.matching(connection_id, user_id) if c.active]
        self.silenced.update(c.id for c in quiet)
        return len(quiet)

    def forget_held(self) -> int:
        held = [conn for conn in self.conns.values() if not conn.active]
        for conn in held:
            del self.conns[conn.id]
        return len(held)

    def restart(self) -> None:
        """Every socket cut and every connection forgotten, as a server restart."""
        for conn in list(self.conns.values()):
            if conn.ws is not None:
                hard_close(conn.ws, conn.transport, "abort")
        self.conns.clear()
        self.silenced.clear()

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        for conn in self.conns.values():
            conn.wake.set()


_closing: set[asyncio.Future[bool]] = set()


def hard_close(ws: web.WebSocketResponse, transport: Transport, mode: DropMode) -> None:
    """close: a close frame (1001); abort: TCP close without one (gorilla's Close); reset: RST."""
    if mode == "close":
        task = asyncio.ensure_future(ws.close(code=1001))
        _closing.add(task)  # keep a reference until the close handshake is done
        task.add_done_callback(_closing.discard)
        return
    if transport is None:
        return
    if mode == "reset":
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()  # type: ignore[attr-defined]
    else:
        transport.close()

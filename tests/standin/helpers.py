"""Test helpers: an integration receiver (webhooks, slash commands) and a WebSocket client."""

import asyncio
import json
import threading
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect


@dataclass
class Captured:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.time)

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"{}"
    content_type: str | None = "application/json"
    delay: float = 0.0


class Receiver:
    """Answers every request with the next queued Reply, else the default one."""

    def __init__(self) -> None:
        self.requests: list[Captured] = []
        self.replies: deque[Reply] = deque()
        self.default = Reply()
        self.url = ""
        self._loop: asyncio.AbstractEventLoop | None = None

    def reset(self) -> None:
        self.requests.clear()
        self.replies.clear()
        self.default = Reply()

    def reply_json(self, value: Any, status: int = 200, delay: float = 0.0) -> None:
        self.default = Reply(status, json.dumps(value).encode(), "application/json", delay)

    def reply_raw(
        self, body: bytes, content_type: str | None, status: int = 200, delay: float = 0.0
    ) -> None:
        self.default = Reply(status, body, content_type, delay)

    def wait_requests(self, count: int = 1, timeout: float = 5.0) -> list[Captured]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            assert time.monotonic() < deadline, f"expected {count} requests, got {self.requests}"
            time.sleep(0.01)
        return list(self.requests)

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        captured = Captured(
            request.method, request.path, request.query_string, dict(request.headers), body
        )
        self.requests.append(captured)
        reply = self.replies.popleft() if self.replies else self.default
        if reply.delay:
            await asyncio.sleep(reply.delay)
        headers = {"Content-Type": reply.content_type} if reply.content_type else {}
        return web.Response(status=reply.status, body=reply.body, headers=headers)

    def start(self) -> "Receiver":
        ready: Future[str] = Future()
        threading.Thread(target=self._serve, args=(ready,), daemon=True).start()
        self.url = ready.result(timeout=10)
        return self

    def _serve(self, ready: Future[str]) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop

        async def start() -> None:
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", self._handle)
            runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            self._runner = runner
            host, port = runner.addresses[0][:2]
            ready.set_result(f"http://{host}:{port}")

        loop.run_until_complete(start())
        loop.run_forever()
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()

    def stop(self) -> None:
        if self._loop is not None:
            # Cleanup first, so replies still sleeping are cancelled rather than abandoned.
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(5)
            self._loop.call_soon_threadsafe(self._loop.stop)


def ws_url(http_url: str, **params: Any) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return (
        http_url.replace("http://", "ws://") + "/api/v4/websocket" + (f"?{query}" if query else "")
    )


class WsClient:
    """A websockets client that reads JSON frames with short timeouts."""

    def __init__(self, opener: Any) -> None:
        self._opener = opener
        self.conn: ClientConnection = opener.__enter__()
        self.frames: list[dict[str, Any]] = []

    @classmethod
    def open(cls, http_url: str, token: str | None = None, **params: Any) -> "WsClient":
        headers = {"Authorization": f"Bearer {token}"} if token else None
        opener = connect(
            ws_url(http_url, **params),
            additional_headers=headers,
            proxy=None,
            ping_interval=None,
            open_timeout=5,
            close_timeout=1,
        )
        return cls(opener)

    def recv(self, timeout: float = 5.0) -> dict[str, Any]:
        frame = json.loads(self.conn.recv(timeout=timeout))
        self.frames.append(frame)
        return frame

    def recv_event(self, event: str, timeout: float = 5.0) -> dict[str, Any]:
        """Skip frames until one with this event name arrives."""
        deadline = time.monotonic() + timeout
        while True:
            frame = self.recv(timeout=max(deadline - time.monotonic(), 0.01))
            if frame.get("event") == event:
                return frame

    def closed_within(self, seconds: float = 2.0) -> bool:
        """True when the server ends the connection (any way) before the deadline."""
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                self.conn.recv(timeout=max(deadline - time.monotonic(), 0.01))
        except TimeoutError:
            return False
        except ConnectionClosed:
            return True
        return False

    def nothing_within(self, seconds: float) -> bool:
        try:
            frame = self.conn.recv(timeout=seconds)
        except TimeoutError:
            return True
        self.frames.append(json.loads(frame))
        return False

    def send(self, value: Any) -> None:
        self.conn.send(value if isinstance(value, str) else json.dumps(value))

    def close(self) -> None:
        self._opener.__exit__(None, None, None)

    def __enter__(self) -> "WsClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

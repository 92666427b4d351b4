"""The Mattermost WebSocket listener (docs/mattermost.md#websocket): `manage.py mattermost_listen`.

Outgoing webhooks fire only for new posts in public channels. The listener hears the
rest as the bot: posts in private channels and direct messages, edits and deletes. It is thin:
each post goes through the same `sales.inbox` as the webhook, so one post arriving
both ways is one event, and the worker does the rest.

It has to survive the network, which is what users of other bots complain about:

* every event's `seq` is checked against the next one expected, and only moves on once the
  event is stored: an event whose storing failed comes again on the resumed connection;
* after a drop it reconnects with exponential backoff and jitter, asking to resume with
  `connection_id` + `sequence_number`, so Mattermost replays what it sent while we were away;
* a `hello` with a new `connection_id` (resume refused: the connection was reaped, or the server
  restarted), a gap in `seq`, or a fresh start all mean events were missed: the REST catch-up
  (catchup.py) reads every channel from its cursor in the database before going on;
* its pings notice a half-open connection; `stop()` (SIGINT/SIGTERM) ends it cleanly.
"""

from __future__ import annotations

import collections
import json
import logging
import random
import threading
from typing import Any
from urllib.parse import urlencode

from django import db
from django.conf import settings
from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect

from integrations.mattermost import bot, catchup
from integrations.mattermost.client import MattermostError
from salesbot import heartbeat

logger = logging.getLogger(__name__)

# How often the read loop looks up from the socket (for stop() and a pending catch-up).
POLL = 0.2
_NETWORK = (OSError, WebSocketException, MattermostError)


class Listener:
    def __init__(self) -> None:
        self._stop = threading.Event()
        self.connection_id = ""
        self.next_seq = 0
        # A new process missed whatever happened while none was running.
        self.needs_catch_up = True
        self.ready = threading.Event()  # connected and caught up at least once
        # Named outcomes, newest last, for the logs and the tests: connected, resumed,
        # resume-refused, gap, caught-up, dropped.
        self.outcomes: collections.deque[str] = collections.deque(maxlen=200)
        self._bot_id = ""
        self._attempt = 0
        self._resuming = False

    # -- running -----------------------------------------------------------------------------

    def run(self) -> None:
        """Listen until stop(); every failure is followed by a reconnect after a backoff."""
        try:
            while not self._stop.is_set():
                try:
                    self._session()
                except _NETWORK as exc:
                    self._dropped(exc)
                except Exception:
                    logger.exception("Mattermost listener failed; it will reconnect")
                    self._dropped(None)
                if not self._stop.is_set():
                    self._stop.wait(self._backoff())
        finally:
            db.connections.close_all()

    def stop(self) -> None:
        self._stop.set()

    def _session(self) -> None:
        db.close_old_connections()
        self._bot_id = self._bot_id or bot.user_id()
        with self._connect() as ws:
            self._resuming = bool(self.connection_id)
            self._read(ws)

    def _connect(self) -> ClientConnection:
        timeout = float(settings.MATTERMOST_WS_TIMEOUT)
        return connect(
            self._url(),
            additional_headers={"Authorization": f"Bearer {settings.MATTERMOST_BOT_TOKEN}"},
            open_timeout=timeout,
            ping_interval=float(settings.MATTERMOST_WS_PING),
            ping_timeout=timeout,
            close_timeout=min(timeout, 5.0),
            max_size=8 * 1024 * 1024,
        )

    def _url(self) -> str:
        scheme, rest = settings.MATTERMOST_URL.split("://", 1)
        url = f"{'wss' if scheme == 'https' else 'ws'}://{rest}/api/v4/websocket"
        if not self.connection_id:
            return url
        # Resume (docs/mattermost.md#websocket): the token travels in the header.
        query = {"connection_id": self.connection_id, "sequence_number": self.next_seq}
        return f"{url}?{urlencode(query)}"

    def _read(self, ws: ClientConnection) -> None:
        while not self._stop.is_set():
            heartbeat.beat("listener")  # connected and reading: `manage.py salud listener`
            try:
                raw = ws.recv(timeout=POLL)
            except TimeoutError:
                if self.needs_catch_up and self.connection_id:
                    self._catch_up()  # after a quiet, lossless resume
                continue
            self._frame(raw)
            self._attempt = 0  # only once a frame was handled: a failing one keeps backing off

    def _dropped(self, exc: Exception | None) -> None:
        self.outcomes.append("dropped")
        if exc is not None:
            logger.warning("Mattermost listener disconnected: %s", exc)

    def _backoff(self) -> float:
        """Exponential from MATTERMOST_WS_REINTENTO_MIN, capped at ..._MAX, with jitter."""
        low = float(settings.MATTERMOST_WS_REINTENTO_MIN)
        high = float(settings.MATTERMOST_WS_REINTENTO_MAX)
        ceiling = min(high, low * 2 ** min(self._attempt, 32))
        self._attempt += 1
        return random.uniform(ceiling / 2, ceiling)

    # -- frames -------------------------------------------------------------------------------

    def _frame(self, raw: str | bytes) -> None:
        try:
            frame = json.loads(raw)
        except ValueError:
            logger.warning("Mattermost listener: a frame that is not JSON: %.200r", raw)
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("event"), str):
            return  # a reply to a request (the listener sends none), or noise
        # Mattermost's `data` is an object; anything else is read as an empty one.
        data = frame["data"] if isinstance(frame.get("data"), dict) else {}
        if frame["event"] == "hello":
            self._hello(data)
            return
        seq = frame.get("seq")
        if isinstance(seq, int):
            if seq < self.next_seq:
                return  # seen already
            self._check_sequence(seq)
        if self.needs_catch_up:
            self._catch_up()
        db.close_old_connections()
        self._event(frame["event"], data)
        if isinstance(seq, int):
            self.next_seq = seq + 1

    def _hello(self, data: dict[str, Any]) -> None:
        connection_id = str(data.get("connection_id") or "")
        if not self.connection_id:
            self.outcomes.append("connected")
        elif connection_id != self.connection_id:
            logger.warning("Mattermost refused to resume the connection: catching up over REST")
            self.outcomes.append("resume-refused")
            self.needs_catch_up = True
        self.connection_id, self.next_seq, self._resuming = connection_id, 1, False
        if self.needs_catch_up:
            self._catch_up()
        self.ready.set()

    def _check_sequence(self, seq: int) -> None:
        if self._resuming:
            self._resuming = False
            self.outcomes.append("resumed")
        if seq > self.next_seq:
            logger.warning("Mattermost events %s to %s were lost", self.next_seq, seq - 1)
            self.outcomes.append("gap")
            self.needs_catch_up = True

    def _catch_up(self) -> None:
        counts = catchup.catch_up(bot_id=self._bot_id)
        self.needs_catch_up = False
        self.outcomes.append("caught-up")
        logger.info("Mattermost listener caught up over REST: %s", dict(counts))

    def _event(self, event: str, data: dict[str, Any]) -> None:
        if event not in ("posted", "post_edited", "post_deleted"):
            return
        canal = catchup.Canal(
            id="",
            name=str(data.get("channel_name") or ""),
            type=str(data.get("channel_type") or ""),
            team_id=str(data.get("team_id") or ""),
        )
        sender = str(data.get("sender_name") or "").removeprefix("@")
        post = catchup.decode_post(data.get("post"), canal, user_name=sender)
        if post is None:
            logger.warning("Mattermost listener: a %s event without a readable post", event)
            return
        catchup.deliver(event, post, bot_id=self._bot_id)
        if event == "posted":
            catchup.note_post(post)
        else:
            catchup.note_change(post)

"""Test controls (not Mattermost API): failures, rate limiting, WebSocket faults, config.

The same operations back the Python methods of MattermostStandIn and the HTTP endpoints
under `/__stub__/`, which a bot running in another process can call.
"""

from dataclasses import asdict, fields
from typing import Any

from .core import Core
from .events import Broadcast, Event
from .faults import FaultMode, FaultRule
from .models import Config
from .ws_hub import DropMode, RawFrame

_CONFIG_NAMES = {spec.name for spec in fields(Config)}


class Controls:
    def __init__(self, core: Core) -> None:
        self.core = core

    # -- HTTP failures -------------------------------------------------------------------

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
        """The next `count` matching calls fail before any work is done.

        mode: "error" (AppError JSON with `status`), "unavailable" (a proxy's 503 page),
        "reset" (connection reset), "after_write" (the work is done, then a 5xx AppError),
        "rate_limited" (the rate limiter's plain-text 429 with `Retry-After: retry_after`).
        """
        rule = FaultRule(count, mode, method, path, status, error_id, retry_after)
        return self.core.faults.add(rule)

    def clear_faults(self) -> None:
        self.core.faults.clear()

    def faults(self) -> list[dict[str, Any]]:
        return [rule.to_api() for rule in self.core.faults.rules]

    def set_rate_limit(
        self, enable: bool, per_sec: float | None = None, max_burst: int | None = None
    ) -> None:
        cfg = self.core.config
        cfg.rate_limit_enable = enable
        if per_sec is not None:
            cfg.rate_limit_per_sec = per_sec
        if max_burst is not None:
            cfg.rate_limit_max_burst = max_burst
        self.core.rate_limiter.clear()

    def configure(self, **changes: Any) -> dict[str, Any]:
        unknown = set(changes) - _CONFIG_NAMES
        if unknown:
            raise ValueError(f"unknown config settings: {sorted(unknown)}")
        for name, value in changes.items():
            setattr(self.core.config, name, value)
        return asdict(self.core.config)

    # -- WebSocket -----------------------------------------------------------------------

    def ws_drop(self, mode: DropMode = "abort", connection_id: str = "", user_id: str = "") -> int:
        """Cut matching live sockets; the server keeps them as held connections."""
        if mode not in ("close", "abort", "reset"):
            raise ValueError(f"unknown drop mode {mode!r}")
        return self.core.hub.drop(mode, connection_id, user_id)

    def ws_pause(self) -> None:
        self.core.hub.set_paused(True)

    def ws_resume(self) -> None:
        self.core.hub.set_paused(False)

    def ws_silence(self, connection_id: str = "", user_id: str = "") -> int:
        """A half-open connection: the server stops writing to matching live sockets and stops
        answering their pings (the client's keep-alive must notice and reconnect)."""
        return self.core.hub.silence(connection_id, user_id)

    def ws_forget_held(self) -> int:
        """ "Connection reaped": held (disconnected) connections are gone; live ones stay."""
        return self.core.hub.forget_held()

    def ws_restart(self) -> None:
        """ "Server restart": every socket cut and every connection forgotten."""
        self.core.hub.restart()

    def ws_inject(self, raw: str, connection_id: str = "", user_id: str = "") -> int:
        """Send `raw` as-is (no seq) to matching connections: malformed JSON, odd frames."""
        conns = self.core.hub.matching(connection_id, user_id)
        for conn in conns:
            self.core.hub.enqueue(conn, RawFrame(raw))
        return len(conns)

    def ws_emit(
        self,
        event: str,
        data: dict[str, Any] | None = None,
        *,
        user_id: str = "",
        channel_id: str = "",
        team_id: str = "",
        connection_id: str = "",
    ) -> None:
        """Publish any event (e.g. an unknown one) through the hub, with a seq."""
        broadcast = Broadcast(
            user_id=user_id, channel_id=channel_id, team_id=team_id, connection_id=connection_id
        )
        self.core.hub.publish(Event(event, dict(data or {}), broadcast))

    def ws_connections(self) -> list[dict[str, Any]]:
        self.core.hub.expire()
        return [
            {
                "connection_id": conn.id,
                "user_id": conn.user_id,
                "active": conn.active,
                "next_seq": conn.seq,
                "queued": len(conn.queue),
                "dead_queue": [seq for seq, _ in conn.dead],
                "reuse_count": conn.reuse_count,
                "sent": list(conn.sent),
            }
            for conn in self.core.hub.conns.values()
        ]

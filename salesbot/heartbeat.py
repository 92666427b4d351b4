"""Heartbeats of the processes that serve no HTTP (worker, listener), read by `manage.py salud`.

A heartbeat is a file under LATIDOS_DIR whose modification time the process's own loop renews,
so a process stuck in its loop stops beating even though it is still running. The default is the
system's temp directory: in the container that is the /tmp tmpfs, one per container, so each
replica's health check sees its own process and nothing is written to the read-only root.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

# Seconds between two writes of one role's heartbeat: the loops call beat() several times a
# second, a file touch each time would be wasted work.
CADA = 10.0

_ultimo: dict[str, float] = {}


def path_of(rol: str) -> Path:
    return Path(settings.LATIDOS_DIR) / rol


def beat(rol: str) -> None:
    """Renew `rol`'s heartbeat (at most once every CADA seconds). Never raises."""
    ahora = time.monotonic()
    if rol in _ultimo and ahora - _ultimo[rol] < CADA:
        return
    _ultimo[rol] = ahora
    path = path_of(rol)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError as exc:
        logger.warning("Heartbeat %s not written: %s", path, exc)


def age(rol: str) -> float | None:
    """Seconds since `rol`'s last heartbeat, or None when it never beat here."""
    try:
        return max(0.0, time.time() - path_of(rol).stat().st_mtime)
    except FileNotFoundError:
        return None


def forget() -> None:
    """Forget the throttle (tests), so the next beat() writes."""
    _ultimo.clear()

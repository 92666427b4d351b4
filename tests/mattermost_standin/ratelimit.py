"""Optional rate limiting (RL): GCRA per remote address, throttled's headers, plain-text 429."""

import math
import time

from aiohttp import web


def limited(limit: int, retry_after: int, reset: int) -> web.Response:
    """The limiter's 429: throttled's headers and http.Error's plain text, not an AppError."""
    headers = {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(reset),
        "Retry-After": str(retry_after),
        "X-Content-Type-Options": "nosniff",
    }
    return web.Response(
        status=429,
        text="limit exceeded\n",
        content_type="text/plain",
        charset="utf-8",
        headers=headers,
    )


class RateLimiter:
    def __init__(self) -> None:
        self._tat: dict[str, float] = {}  # theoretical arrival time per key

    def clear(self) -> None:
        self._tat.clear()

    def check(self, key: str, per_sec: float, burst: int) -> web.Response | dict[str, str]:
        """Headers to add to an allowed request, or the 429 response of a limited one."""
        interval = 1.0 / per_sec
        tolerance = burst * interval
        now = time.monotonic()
        tat = max(self._tat.get(key, now), now)
        allow_at = tat + interval - (tolerance + interval)
        headers = {"X-RateLimit-Limit": str(burst + 1)}
        if now < allow_at:
            return limited(burst + 1, math.ceil(allow_at - now), math.ceil(tat - now))
        new_tat = tat + interval
        self._tat[key] = new_tat
        remaining = int((now + tolerance + interval - new_tat) / interval)
        headers["X-RateLimit-Remaining"] = str(max(remaining, 0))
        headers["X-RateLimit-Reset"] = str(math.ceil(new_tat - now))
        return headers

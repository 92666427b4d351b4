"""Optional rate limiting (RL): GCRA per remote address, throttled's headers, plain-text 429."""

import math
import time

from aiohttp import web


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
            headers.update(
                {
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": str(math.ceil(tat - now)),
                    "Retry-After": str(math.ceil(allow_at - now)),
                    "X-Content-Type-Options": "nosniff",
                }
            )
            # http.Error: text/plain and a trailing newline, not an AppError.
            return web.Response(
                status=429,
                text="limit exceeded\n",
                content_type="text/plain",
                charset="utf-8",
                headers=headers,
            )
        new_tat = tat + interval
        self._tat[key] = new_tat
        remaining = int((now + tolerance + interval - new_tat) / interval)
        headers["X-RateLimit-Remaining"] = str(max(remaining, 0))
        headers["X-RateLimit-Reset"] = str(math.ceil(new_tat - now))
        return headers

"""The one place the stand-in makes HTTP requests to integrations (webhooks, slash commands).

One attempt, a total timeout, the body read up to a limit; no retries
(docs/mattermost.md#outgoing-webhooks; docs/mattermost.md#slash-commands).
"""

import asyncio
import time
from dataclasses import dataclass, field

import aiohttp
from yarl import URL

# What Go's http client and Mattermost's httpservice put on every integration request.
BASE_HEADERS = {
    "Accept": "application/json",
    "User-Agent": "Mattermost-Bot/1.1",
    "Accept-Encoding": "gzip",
}


@dataclass
class Outcome:
    sent_headers: dict[str, str]
    started_at: float = field(default_factory=time.time)
    finished_at: float = 0.0
    status: int | None = None
    reason: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None
    timed_out: bool = False


async def call(
    http: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    body: bytes | None,
    headers: dict[str, str],
    timeout: float,
    limit: int,
) -> Outcome:
    outcome = Outcome(sent_headers=dict(headers))
    try:
        async with asyncio.timeout(timeout):
            async with http.request(
                method, URL(url, encoded=True), data=body, headers=headers
            ) as response:
                outcome.sent_headers = dict(response.request_info.headers)
                outcome.status = response.status
                outcome.reason = response.reason or ""
                outcome.headers = dict(response.headers)
                outcome.body = await _read_limited(response, limit)
    except TimeoutError:
        outcome.timed_out = True
        outcome.error = f"timed out after {timeout}s"
    except (aiohttp.ClientError, OSError, ValueError) as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"
    outcome.finished_at = time.time()
    return outcome


async def _read_limited(response: aiohttp.ClientResponse, limit: int) -> bytes:
    # io.LimitReader: anything past the limit is never read, so a huge reply is cut, not refused.
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = await response.content.read(limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)

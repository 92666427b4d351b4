"""What the HTTP clients share (each service still has its one `request()` chokepoint): the
error a failed call becomes, and reading an error answer's JSON body and its Retry-After."""

from __future__ import annotations

import hmac
from typing import Any

import requests


class ServiceError(Exception):
    """A failed call to an external service.

    `permanent`: the same request will fail the same way again (bad data, bad token, gone).
    `code`: the service's own error id, when it sent one. `retry_after`: seconds the service
    asked us to wait. `ambiguous`: the request may have been applied although it failed.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str = "",
        permanent: bool = False,
        retry_after: float | None = None,
        ambiguous: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.permanent = permanent
        self.retry_after = retry_after
        self.ambiguous = ambiguous

    @property
    def not_found(self) -> bool:
        return self.status == 404


def json_object(response: requests.Response) -> dict[str, Any]:
    """The answer's body as a JSON object; {} when it is not one (a plain-text error)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def retry_after(response: requests.Response) -> float | None:
    """The Retry-After header in seconds (never negative), or None without a readable one."""
    try:
        return max(float(response.headers["Retry-After"]), 0.0)
    except (KeyError, ValueError):
        return None


def token_matches(token: object, allowed: list[str]) -> bool:
    """Whether `token` is one of the configured tokens (none configured: never).

    Compared in constant time against every one, so timing does not tell which matched. Any
    value that is not a plain string of text (a list, a lone surrogate) simply does not match.
    """
    try:
        token_bytes = token.encode() if isinstance(token, str) else None
    except UnicodeEncodeError:
        token_bytes = None
    matched = False
    for candidate in allowed:
        matched |= hmac.compare_digest(token_bytes or b"\0", candidate.encode())
    return matched and token_bytes is not None

"""Injected failures for tests: fail the next N matching calls, or fail after doing the work."""

import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

from .errors import AppError

FaultMode = Literal["error", "after_write", "unavailable", "reset", "rate_limited"]
FAULT_MODES = ("error", "after_write", "unavailable", "reset", "rate_limited")

# A plausible AppError per route when the test does not name one.
_DEFAULT_IDS = [
    (re.compile(r"/api/v4/posts.*"), "app.post.save.app_error"),
    (re.compile(r"/api/v4/reactions.*"), "app.reaction.save.save.app_error"),
    (re.compile(r"/api/v4/files.*"), "api.file.upload_file.storage.app_error"),
]
_FALLBACK_ID = "api.context.server_busy.app_error"


@dataclass
class FaultRule:
    """`path` is a regular expression that must match the whole request path."""

    count: int
    mode: FaultMode = "error"
    method: str | None = None
    path: str | None = None
    status: int = 500
    error_id: str | None = None
    retry_after: int = 1  # seconds, for "rate_limited"

    def matches(self, method: str, path: str) -> bool:
        if self.count <= 0:
            return False
        if self.method and self.method.upper() != method.upper():
            return False
        return not self.path or re.fullmatch(self.path, path) is not None

    def app_error(self, path: str) -> AppError:
        error_id = self.error_id or next(
            (eid for pattern, eid in _DEFAULT_IDS if pattern.fullmatch(path)), _FALLBACK_ID
        )
        return AppError(error_id, self.status)

    def to_api(self) -> dict[str, Any]:
        return asdict(self)


class Faults:
    def __init__(self) -> None:
        self.rules: list[FaultRule] = []

    def add(self, rule: FaultRule) -> FaultRule:
        if rule.mode not in FAULT_MODES:
            raise ValueError(f"unknown fault mode {rule.mode!r}")
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        self.rules.clear()

    def take(self, method: str, path: str) -> FaultRule | None:
        """The first rule that matches, with one of its uses spent."""
        for rule in self.rules:
            if rule.matches(method, path):
                rule.count -= 1
                return rule
        return None

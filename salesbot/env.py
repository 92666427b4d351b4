"""Strict readers for configuration values.

A malformed value stops the start with a message naming the variable: `DEBUG=yes please` or a
negative commission must never become a silent default. Every reader also accepts a `NAME_FILE`
variant (Docker secrets): the value is read from that file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "si", "sí"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ImproperlyConfigured):
    """A configuration value is missing or malformed."""


def raw(name: str, default: str | None = None) -> str | None:
    """The value of `name`, or the contents of the file named by `name_FILE`, or `default`."""
    if name in os.environ:
        return os.environ[name]
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE={file_name}: no se puede leer ({exc})") from exc
    return default


def string(name: str, default: str = "") -> str:
    value = raw(name)
    return default if value is None else value.strip()


def boolean(name: str, default: bool) -> bool:
    value = raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name}={value!r} no es un booleano (use true o false)")


def integer(name: str, default: int, *, minimum: int | None = None) -> int:
    value = raw(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ConfigError(f"{name}={value!r} no es un número entero") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name}={number} debe ser mayor o igual que {minimum}")
    return number


def time_of_day(name: str, default: str) -> dt.time:
    """`HH:MM` in the local time zone (`7:30`, `19:00`)."""
    value = raw(name)
    text = default if value is None or not value.strip() else value.strip()
    try:
        return dt.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise ConfigError(f"{name}={text!r} no es una hora (use HH:MM, como 19:00)") from None


def decimal(name: str, default: str, *, minimum: Decimal | None = None) -> Decimal:
    value = raw(name)
    text = default if value is None or not value.strip() else value.strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ConfigError(f"{name}={value!r} no es un número") from None
    if not number.is_finite():
        raise ConfigError(f"{name}={value!r} no es un número finito")
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name}={number} debe ser mayor o igual que {minimum}")
    return number


def str_list(name: str, default: str = "") -> list[str]:
    value = raw(name)
    text = default if value is None else value
    return [item.strip() for item in text.split(",") if item.strip()]


def choice_list(name: str, default: str, choices: Collection[str]) -> tuple[str, ...]:
    """A comma-separated list, in the order given, of at least one of `choices`."""
    items = tuple(item.lower() for item in str_list(name, default))
    valid = ", ".join(sorted(choices))
    unknown = [item for item in items if item not in choices]
    if unknown:
        raise ConfigError(
            f"{name}={raw(name)!r}: {', '.join(unknown)} no es una opción válida "
            f"(use una o varias de: {valid})"
        )
    if not items:
        raise ConfigError(f"{name} debe tener al menos un valor (una o varias de: {valid})")
    return items


def seconds_list(name: str, default: str) -> tuple[float, ...]:
    """A comma-separated backoff schedule in seconds, e.g. `5,30,300`."""
    items = str_list(name, default)
    try:
        schedule = tuple(float(item) for item in items)
    except ValueError:
        raise ConfigError(f"{name}={raw(name)!r} debe ser una lista de segundos") from None
    if not schedule or any(s < 0 for s in schedule):
        raise ConfigError(f"{name} debe tener al menos un valor y ninguno negativo")
    return schedule

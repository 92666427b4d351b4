"""Byte-level encodings that Go produces, so payloads match the real server's bytes."""

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

# encoding/json escapes these even inside strings; Python's json does not.
_GO_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def go_json(value: Any) -> str:
    """json.Marshal output: compact, UTF-8 kept, HTML characters escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _GO_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def go_form(pairs: Iterable[tuple[str, str]]) -> str:
    """url.Values.Encode(): keys sorted, each key's values in insertion order, '+' for space."""
    ordered = sorted(pairs, key=lambda pair: pair[0])  # sorted() is stable, as Go's per-key lists
    return urlencode(ordered)


def first_json_value(body: bytes) -> Any:
    """Decode the first JSON value like Go's json.Decoder.Decode: trailing bytes are ignored.

    Raises EOFError for an empty body (Go's io.EOF) and ValueError for anything unparsable.
    """
    text = body.decode("utf-8", errors="replace").lstrip(" \t\r\n")
    if not text:
        raise EOFError("empty body")
    value, _end = json.JSONDecoder().raw_decode(text)
    return value

"""JSON shapes of the stand-in's records, for the `/__stub__/` read-back endpoints."""

from typing import Any

from .integrations import ClientFrame, CommandDispatch, WebhookDelivery


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def delivery_api(d: WebhookDelivery) -> dict[str, Any]:
    return {
        "hook_id": d.hook_id,
        "post_id": d.post_id,
        "url": d.url,
        "content_type": d.content_type,
        "request_headers": d.request_headers,
        "request_body": _text(d.request_body),
        "status": d.status,
        "response_headers": d.response_headers,
        "response_body": _text(d.response_body),
        "error": d.error,
        "outcome": d.outcome,
        "reply_post_ids": d.reply_post_ids,
        "started_at": d.started_at,
        "duration": d.duration,
    }


def dispatch_api(d: CommandDispatch) -> dict[str, Any]:
    return {
        "command_id": d.command_id,
        "trigger": d.trigger,
        "url": d.url,
        "method": d.method,
        "request_headers": d.request_headers,
        "request_body": _text(d.request_body),
        "query": d.query,
        "status": d.status,
        "response_headers": d.response_headers,
        "response_body": _text(d.response_body),
        "error": d.error,
        "outcome": d.outcome,
        "started_at": d.started_at,
        "duration": d.duration,
    }


def frame_api(frame: ClientFrame) -> dict[str, Any]:
    data = frame.data if isinstance(frame.data, str) else frame.data.hex()
    return {
        "connection_id": frame.connection_id,
        "user_id": frame.user_id,
        "kind": frame.kind,
        "data": data,
        "at": frame.at,
    }

"""The outgoing webhook served before Django's request machinery (salesbot/wsgi.py).

Mattermost's webhook is the one URL hit at the rate posts are made, and its answer waits only on
one database statement; Django's middleware and request objects cost several times that. So
`POST /mattermost/webhook` is answered here, with the same code as the Django view
(`integrations.mattermost.views.answer`), after the checks Django would have made for it: the
Host header against ALLOWED_HOSTS and the body's size. Every other request goes to Django.
"""

from __future__ import annotations

import functools
import json
import logging

from django import db
from django.conf import settings
from django.http.request import split_domain_port, validate_host

from integrations.mattermost.views import answer

logger = logging.getLogger(__name__)

PATH = "/mattermost/webhook"
# Far above the largest post Mattermost sends (16,383 characters of text and 11 short fields).
MAX_BODY = 1_000_000
_STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    403: "403 Forbidden",
    413: "413 Content Too Large",
    500: "500 Internal Server Error",
}


def webhook_first(django_app):
    def application(environ, start_response):
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "POST":
            return django_app(environ, start_response)
        status, body = _serve(environ)
        payload = json.dumps(body).encode()
        start_response(
            _STATUS[status],
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(payload))),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return [payload]

    return application


def _serve(environ) -> tuple[int, dict]:
    if not _allowed_host(environ):
        return 400, {"detail": "Host no permitido."}
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 400, {"detail": "Content-Length inválido."}
    if length > MAX_BODY:
        return 413, {"detail": "El cuerpo es demasiado grande."}
    # As Django does around each request (CONN_MAX_AGE, a connection left broken), for the one
    # database this URL uses: `close_old_connections` walks every alias through its thread-local
    # registry, twice per webhook.
    database = db.connections[db.DEFAULT_DB_ALIAS]
    database.close_if_unusable_or_obsolete()
    try:
        return answer(environ["wsgi.input"].read(length), environ.get("CONTENT_TYPE", ""))
    except Exception:
        logger.exception("Mattermost webhook failed")
        return 500, {"detail": "Error interno."}
    finally:
        database.close_if_unusable_or_obsolete()


def _allowed_host(environ) -> bool:
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    return _host_allowed(host, tuple(settings.ALLOWED_HOSTS))


@functools.lru_cache(maxsize=64)
def _host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """Remembered: the same few Host headers come with every webhook, and Django's check runs
    a regular expression and a pattern match for each."""
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed)

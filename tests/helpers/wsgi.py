"""The webhook called as gunicorn calls salesbot (`salesbot.wsgi.application`): through
salesbot/fastpath.py, which answers it before Django's middleware and test client."""

from __future__ import annotations

import io

from salesbot.wsgi import application


def call_webhook(
    body: bytes,
    *,
    content_type: str = "application/x-www-form-urlencoded",
    host: str = "testserver",
    method: str = "POST",
    length: int | None = None,
) -> tuple[int, bytes]:
    """(status, body) of `POST /mattermost/webhook` with these bytes."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": "/mattermost/webhook",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "HTTP_HOST": host,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body) if length is None else length),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "https",
        "wsgi.errors": io.StringIO(),
    }
    answer = {}

    def start_response(status, headers):
        answer["status"] = int(status.split()[0])

    content = b"".join(application(environ, start_response))
    return answer["status"], content

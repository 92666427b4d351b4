"""Service-level endpoints."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def health(request):
    """200 with the database status when the database answers; 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.error("Health check: database unavailable: %s", exc)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def client_ip(request) -> str:
    """The address a request came from, for the admin's login lockout (AXES_CLIENT_IP_CALLABLE).

    Behind the TLS proxy (SALESBOT_BEHIND_TLS_PROXY) every request comes from the proxy: the
    client is the last address in X-Forwarded-For, the one the proxy itself added (anything
    before it was sent by the client and proves nothing).
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")

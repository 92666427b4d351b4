"""`POST /mattermost/webhook`: store the post durably, queue the work, answer `{}` at once.

No Mattermost call and no parsing of the message happen here: the answer must not wait on
anything but the database commit (one statement, `sales.inbox.receive_post`). `{}` tells
Mattermost to post nothing (docs/mattermost.md#outgoing-webhooks); replies and reactions go
through REST as the bot. A plain Django view: this is the service's hottest path.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from integrations.mattermost import webhook
from sales import inbox

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def outgoing_webhook(request: HttpRequest) -> JsonResponse:
    status, body = answer(request.body, request.content_type or "")
    return JsonResponse(body, status=status)


def answer(body: bytes, content_type: str) -> tuple[int, dict]:
    """(status, JSON body) for a webhook request; the post stored and queued when valid.

    Shared by the Django view above and `salesbot/fastpath.py`, which serves this one URL
    before Django's middleware (the webhook's throughput: docs/benchmarks.md).
    """
    try:
        data = webhook.read_body(body, content_type)
    except webhook.Unreadable as exc:
        return 400, {"detail": exc.campos["detail"][0]}
    if not webhook.token_ok(data):
        logger.info("Mattermost webhook refused: missing or wrong token")
        return 403, {"detail": "Token inválido."}
    try:
        post = webhook.to_post(data, timestamp_in_ms=content_type.startswith("application/json"))
    except webhook.BadPayload as exc:
        logger.info("Mattermost webhook refused: %s", exc.campos)
        return 400, {"error": "Datos del webhook inválidos.", "campos": exc.campos}
    inbox.receive_post(post, "webhook")
    return 200, {}

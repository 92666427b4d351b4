"""`POST /mattermost/webhook`: store the post durably, queue the work, answer `{}` at once.
`POST /mattermost/accion` and `/mattermost/dialogo`: a review card's button and its rejection
dialog (sales/review_chat.py), answered with a 200 whatever they ask.

No Mattermost call and no parsing of the message happen here: the answer must not wait on
anything but the database commit (one statement, `sales.inbox.receive_post`). `{}` tells
Mattermost to post nothing (docs/mattermost.md#outgoing-webhooks); replies and reactions go
through REST as the bot. A plain Django view: this is the service's hottest path.
"""

from __future__ import annotations

import json
import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from integrations.mattermost import limits, webhook
from sales import inbox, review_chat
from sales.texts import cards as textos

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


# Far above a click's or a submission's body (eleven short fields and the context).
MAX_INTERACTIVO = 64 * 1024


@csrf_exempt
@require_POST
def button_click(request: HttpRequest) -> JsonResponse:
    return _interactive(
        request, review_chat.click, refusal={"ephemeral_text": textos.TARJETA_INVALIDA}
    )


@csrf_exempt
@require_POST
def dialog_submission(request: HttpRequest) -> JsonResponse:
    return _interactive(request, review_chat.submit, refusal={"error": textos.TARJETA_INVALIDA})


def _interactive(request: HttpRequest, handler, *, refusal: dict) -> JsonResponse:
    """Always a 200 (Mattermost shows nothing else): what the handler answers, or `refusal`
    for a body that is not a JSON object."""
    datos = _json_object(request)
    return JsonResponse(refusal if datos is None else handler(datos))


def _json_object(request: HttpRequest) -> dict | None:
    if len(request.body) > MAX_INTERACTIVO:
        return None
    try:
        datos = json.loads(request.body)
    except (ValueError, RecursionError):
        return None
    return limits.storable(datos) if isinstance(datos, dict) else None

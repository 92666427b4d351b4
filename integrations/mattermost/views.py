"""HTTP endpoints Mattermost calls. Thin: authenticate, validate, hand over to a service."""

from __future__ import annotations

import logging

from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.mattermost.webhook import (
    BodyTokenAuthentication,
    HasMattermostToken,
    OutgoingWebhookSerializer,
)
from sales import inbox

logger = logging.getLogger(__name__)


class OutgoingWebhookView(APIView):
    """`POST /mattermost/webhook`: store the post durably, queue the work, answer `{}` at once.

    No Mattermost call and no parsing happen here: the answer must not wait on anything but the
    database commit. `{}` tells Mattermost to post nothing (docs/mattermost.md#outgoing-webhooks);
    replies and reactions go through REST as the bot.
    """

    authentication_classes = [BodyTokenAuthentication]
    permission_classes = [HasMattermostToken]

    def post(self, request):
        in_ms = request.content_type.startswith("application/json")
        serializer = OutgoingWebhookSerializer(
            data=request.data, context={"timestamp_in_ms": in_ms}
        )
        if not serializer.is_valid():
            logger.info("Mattermost webhook refused: %s", serializer.errors)
            return Response(
                {"error": "Datos del webhook inválidos.", "campos": serializer.errors}, status=400
            )
        inbox.receive_post(serializer.post(), "webhook")
        return Response({})

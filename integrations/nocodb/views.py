"""The endpoint NocoDB's Meta webhook calls. Thin: authenticate, validate, hand over."""

from __future__ import annotations

import logging

from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.nocodb import inbound
from integrations.nocodb.webhook import HasNocoDBToken, HeaderTokenAuthentication, WebhookSerializer

logger = logging.getLogger(__name__)


class MetaWebhookView(APIView):
    """`POST /nocodb/webhook`: a goal set or changed in NocoDB's grid reaches the ledger."""

    authentication_classes = [HeaderTokenAuthentication]
    permission_classes = [HasNocoDBToken]

    def post(self, request):
        serializer = WebhookSerializer(data=request.data)
        if not serializer.is_valid():
            logger.info("NocoDB webhook refused: %s", serializer.errors)
            return Response(
                {"error": "Datos del webhook inválidos.", "campos": serializer.errors}, status=400
            )
        return Response(inbound.receive(serializer.event()))

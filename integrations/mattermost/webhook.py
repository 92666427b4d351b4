"""Inbound outgoing webhooks (docs/mattermost.md#outgoing-webhooks): token check and payload
validation.

Mattermost sends the same 12 keys form-encoded (timestamp in seconds) or as JSON (timestamp in
milliseconds); `file_ids` is a comma-separated string in both.
"""

from __future__ import annotations

import logging

from django.conf import settings
from rest_framework import authentication, exceptions, permissions, serializers

from integrations.http import token_matches
from integrations.mattermost import limits
from integrations.mattermost.types import Post

logger = logging.getLogger(__name__)


class MattermostCaller:
    """The request.user of a call authenticated by a Mattermost token."""

    is_authenticated = True


class BodyTokenAuthentication(authentication.BaseAuthentication):
    """Mattermost authenticates outgoing webhooks by the `token` field of the body."""

    setting_name = "MATTERMOST_WEBHOOK_TOKENS"

    def authenticate(self, request):
        token = request.data.get("token") if hasattr(request.data, "get") else None
        allowed = getattr(settings, self.setting_name)
        if not token_matches(token, allowed):
            logger.info("Mattermost call refused: missing or wrong token")
            raise exceptions.AuthenticationFailed("Token inválido.")
        return MattermostCaller(), token


class HasMattermostToken(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.auth is not None


class CommaSeparatedIds(serializers.CharField):
    def to_internal_value(self, data) -> tuple[str, ...]:
        text = super().to_internal_value(data)
        ids = tuple(item.strip() for item in text.split(",") if item.strip())
        if len(ids) > limits.FILES_MAX or not all(limits.is_id(i) for i in ids):
            raise serializers.ValidationError(
                "file_ids debe ser una lista de hasta 10 IDs separados por comas."
            )
        return ids


class OutgoingWebhookSerializer(serializers.Serializer):
    """The payload, as Mattermost can send it and no other (`integrations/mattermost/limits.py`).

    `context["timestamp_in_ms"]`: JSON bodies carry milliseconds, form bodies seconds.
    """

    token = serializers.CharField(max_length=limits.NAME_MAX)
    team_id = serializers.CharField(allow_blank=True, required=False, default="", max_length=26)
    team_domain = limits.name_field()
    channel_id = limits.IdField()
    channel_name = limits.name_field()
    timestamp = serializers.IntegerField(min_value=0)
    user_id = limits.IdField()
    user_name = limits.name_field()
    post_id = limits.IdField()
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, max_length=limits.MESSAGE_MAX
    )
    trigger_word = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=limits.MESSAGE_MAX
    )
    file_ids = CommaSeparatedIds(allow_blank=True, required=False, default="")

    def validate_timestamp(self, value: int) -> int:
        ms = value if self.context.get("timestamp_in_ms") else value * 1000
        if not limits.sane_ms(ms):
            raise serializers.ValidationError("La fecha de la publicación no es válida.")
        return ms

    def post(self) -> Post:
        data = self.validated_data
        return Post(
            id=data["post_id"],
            channel_id=data["channel_id"],
            user_id=data["user_id"],
            user_name=data["user_name"],
            message=data["text"],
            create_at=data["timestamp"],
            file_ids=data["file_ids"] or (),
            root_id=None,
            channel_name=data["channel_name"],
            channel_type="O",  # webhooks fire only in public channels
            team_id=data["team_id"],
        )

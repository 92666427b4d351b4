"""Inbound outgoing webhooks (docs/mattermost.md#outgoing-webhooks): token check and payload
validation.

Mattermost sends the same 12 keys form-encoded (timestamp in seconds) or as JSON (timestamp in
milliseconds); `file_ids` is a comma-separated string in both.
"""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from rest_framework import authentication, exceptions, permissions, serializers

from integrations.mattermost.types import Post

logger = logging.getLogger(__name__)

_ID = {"max_length": 26, "min_length": 26}


def token_matches(token: str, allowed: list[str]) -> bool:
    """Constant-time comparison against every configured token; no tokens means no access."""
    token_bytes = token.encode()
    matched = False
    for candidate in allowed:
        # Compare against all of them so timing does not tell which one matched.
        matched |= hmac.compare_digest(token_bytes, candidate.encode())
    return matched


class MattermostCaller:
    """The request.user of a call authenticated by a Mattermost token."""

    is_authenticated = True


class BodyTokenAuthentication(authentication.BaseAuthentication):
    """Mattermost authenticates outgoing webhooks by the `token` field of the body."""

    setting_name = "MATTERMOST_WEBHOOK_TOKENS"

    def authenticate(self, request):
        token = request.data.get("token") if hasattr(request.data, "get") else None
        allowed = getattr(settings, self.setting_name)
        if not isinstance(token, str) or not token_matches(token, allowed):
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
        if any(len(i) != 26 or not i.isalnum() for i in ids):
            raise serializers.ValidationError(
                "file_ids debe ser una lista de IDs separados por comas."
            )
        return ids


class OutgoingWebhookSerializer(serializers.Serializer):
    token = serializers.CharField()
    team_id = serializers.CharField(allow_blank=True, required=False, default="")
    team_domain = serializers.CharField(allow_blank=True, required=False, default="")
    channel_id = serializers.CharField(**_ID)
    channel_name = serializers.CharField(allow_blank=True, required=False, default="")
    timestamp = serializers.IntegerField(min_value=0)
    user_id = serializers.CharField(**_ID)
    user_name = serializers.CharField(allow_blank=True, required=False, default="")
    post_id = serializers.CharField(**_ID)
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    trigger_word = serializers.CharField(allow_blank=True, required=False, default="")
    file_ids = CommaSeparatedIds(allow_blank=True, required=False, default="")

    def post(self, *, timestamp_in_ms: bool) -> Post:
        data = self.validated_data
        timestamp = data["timestamp"] if timestamp_in_ms else data["timestamp"] * 1000
        return Post(
            id=data["post_id"],
            channel_id=data["channel_id"],
            user_id=data["user_id"],
            user_name=data["user_name"],
            message=data["text"],
            create_at=timestamp,
            file_ids=data["file_ids"] or (),
            root_id=None,
            channel_name=data["channel_name"],
            channel_type="O",  # webhooks fire only in public channels
            team_id=data["team_id"],
        )

"""What salesbot remembers about Mattermost itself."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class IdentidadBot(models.Model):
    """The bot's own account (one row), learnt from `GET /users/me` with the bot token.

    Kept in the database so the web process can drop the bot's own posts without asking
    Mattermost inside a request.
    """

    user_id = models.CharField("ID de usuario", max_length=26)
    username = models.CharField("usuario", max_length=64)
    actualizado = models.DateTimeField("actualizado", default=timezone.now)

    class Meta:
        verbose_name = "identidad del bot"
        verbose_name_plural = "identidad del bot"

    def __str__(self) -> str:
        return f"@{self.username} ({self.user_id})"

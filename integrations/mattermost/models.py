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
    # Which Mattermost and token the identity was read with (a hash, never the token): another
    # bot token or server makes it stale.
    huella = models.CharField("huella de la conexión", max_length=64, blank=True)

    class Meta:
        verbose_name = "identidad del bot"
        verbose_name_plural = "identidad del bot"

    def __str__(self) -> str:
        return f"@{self.username} ({self.user_id})"


class CursorCanal(models.Model):
    """How far the WebSocket listener has read one channel, for the REST catch-up.

    `ultimo_post_id` is the newest post seen (new posts since then come with `after=`);
    `desde_ms` is Mattermost's `update_at` up to which edits and deletes were seen
    (`since=`). Both only move after what they cover was stored as events.
    """

    channel_id = models.CharField("canal", max_length=26, unique=True)
    ultimo_post_id = models.CharField("última publicación", max_length=26, blank=True)
    ultimo_create_at = models.BigIntegerField("creada (ms)", default=0)
    desde_ms = models.BigIntegerField("cambios vistos hasta (ms)", default=0)
    actualizado = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "cursor de canal"
        verbose_name_plural = "cursores de canal"

    def __str__(self) -> str:
        return f"{self.channel_id} → {self.ultimo_post_id or '—'}"


class EstadoListener(models.Model):
    """The listener's one row: when it first started, and up to when it was last caught up.

    A channel without a cursor (the bot joined it, or a direct message started, while the
    listener was away) is read from `al_dia_ms`; on the very first start that is "now", so
    history is never imported.
    """

    iniciado = models.DateTimeField("primer inicio", default=timezone.now)
    al_dia_ms = models.BigIntegerField("al día hasta (ms)")
    actualizado = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "estado del listener"
        verbose_name_plural = "estado del listener"

    def __str__(self) -> str:
        return f"Listener al día hasta {self.al_dia_ms}"

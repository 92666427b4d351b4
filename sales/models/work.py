"""The rows of work in flight: inbound events, outbound Mattermost notices, and the workers
alive to do them (sales/retry.py, sales/handlers/sweep.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sales.models.ledger import Venta


class EventoEntrante(models.Model):
    """A Mattermost delivery, stored before it is acknowledged and processed by the worker.

    `clave` makes deliveries idempotent: for a new post it is the post id (the same post through
    the webhook, the listener or an operator's replay is one event); edits and deletes get keys
    of their own.
    """

    class Tipo(models.TextChoices):
        PUBLICADO = "publicado", "Publicado"
        EDITADO = "editado", "Editado"
        BORRADO = "borrado", "Borrado"
        COMANDO = "comando", "Comando"

    class Resultado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        VENTA = "venta", "Venta registrada"
        FOTO = "foto", "Foto adjuntada a una venta"
        INVALIDO = "invalido", "Mensaje inválido"
        IGNORADO = "ignorado", "Ignorado"
        ERROR = "error", "Error"

    # Unique through a constraint, not `unique=True`, and `post_id` indexed only for edits and
    # deletes: on PostgreSQL a unique or indexed CharField also gets a `LIKE` index nothing here
    # uses, and every index on a random key is written at random places. With one such index
    # instead of four, a webhook's insert writes 18 % less WAL (docs/benchmarks.md).
    clave = models.CharField("clave", max_length=100)
    post_id = models.CharField("publicación", max_length=64)
    tipo = models.CharField("tipo", max_length=10, choices=Tipo.choices, default=Tipo.PUBLICADO)
    fuente = models.CharField("fuente", max_length=20)
    payload = models.JSONField("datos recibidos")
    recibido = models.DateTimeField("recibido", default=timezone.now)
    resultado = models.CharField(
        "resultado", max_length=10, choices=Resultado.choices, default=Resultado.PENDIENTE
    )
    procesado = models.DateTimeField("procesado", null=True, blank=True)
    intentos = models.PositiveIntegerField("intentos", default=0)
    proximo_intento = models.DateTimeField("próximo intento", null=True, blank=True)
    ultimo_error = models.TextField("último error", blank=True)
    venta = models.ForeignKey(
        Venta, on_delete=models.SET_NULL, null=True, blank=True, related_name="eventos"
    )

    class Meta:
        verbose_name = "evento recibido"
        verbose_name_plural = "eventos recibidos"
        ordering = ["-recibido"]
        indexes = [
            models.Index(
                fields=["proximo_intento"],
                condition=Q(resultado="pendiente"),
                name="evento_pendiente_idx",
            ),
            # A post's edits and deletes (sales/handlers/edits.py); a new post's event is found
            # by its `clave`, which is its post id.
            models.Index(
                fields=["post_id"],
                condition=Q(tipo__in=["editado", "borrado"]),
                name="evento_cambio_post_idx",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["clave"], name="evento_clave_unica")]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} {self.post_id} ({self.get_resultado_display()})"


class AvisoMattermost(models.Model):
    """An outbox row for one Mattermost side effect: a threaded reply or a reaction change.

    `clave` (post + kind + version) makes each distinct reply happen exactly once, across worker
    retries and restarts.
    """

    class Tipo(models.TextChoices):
        RESPUESTA = "respuesta", "Respuesta en el hilo"
        REACCION = "reaccion", "Agregar reacción"
        QUITAR_REACCION = "quitar_reaccion", "Quitar reacción"
        PUBLICACION = "publicacion", "Publicación (con archivo)"
        TARJETA = "tarjeta", "Actualizar la tarjeta de revisión"

    class EstadoEnvio(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        ENVIADO = "enviado", "Enviado"
        DESCARTADO = "descartado", "Descartado"
        ABANDONADO = "abandonado", "Abandonado tras reintentos"

    clave = models.CharField("clave", max_length=150, unique=True)
    tipo = models.CharField("tipo", max_length=20, choices=Tipo.choices)
    venta = models.ForeignKey(
        Venta, on_delete=models.SET_NULL, null=True, blank=True, related_name="avisos"
    )
    post_id = models.CharField("publicación", max_length=64)
    channel_id = models.CharField("canal", max_length=26)
    root_id = models.CharField("hilo", max_length=26, blank=True)
    mensaje = models.TextField("mensaje", blank=True)
    emoji = models.CharField("emoji", max_length=64, blank=True)
    estado = models.CharField(
        "estado", max_length=12, choices=EstadoEnvio.choices, default=EstadoEnvio.PENDIENTE
    )
    creado = models.DateTimeField("creado", default=timezone.now)
    intentos = models.PositiveIntegerField("intentos", default=0)
    primer_intento = models.DateTimeField("primer intento", null=True, blank=True)
    proximo_intento = models.DateTimeField("próximo intento", null=True, blank=True)
    reclamado_hasta = models.DateTimeField(null=True, blank=True, editable=False)
    ultimo_error = models.TextField("último error", blank=True)
    historial = models.JSONField("historial de intentos", default=list, blank=True)
    enviado = models.DateTimeField("enviado", null=True, blank=True)
    mm_post_id = models.CharField("respuesta en Mattermost", max_length=26, blank=True)
    # A publication (not a reply): to whom by direct message (else `channel_id`), the image it
    # carries (a file under MEDIA_ROOT, uploaded when it is posted) and its extra props.
    destinatario = models.CharField("destinatario", max_length=26, blank=True)
    archivo = models.CharField("archivo adjunto", max_length=200, blank=True)
    props = models.JSONField("propiedades", default=dict, blank=True)

    class Meta:
        verbose_name = "aviso a Mattermost"
        verbose_name_plural = "avisos a Mattermost"
        ordering = ["-creado", "-id"]
        indexes = [
            models.Index(
                fields=["proximo_intento"],
                condition=Q(estado="pendiente"),
                name="aviso_pendiente_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} {self.clave} ({self.get_estado_display()})"


class Trabajador(models.Model):
    """A worker process that is alive: a thread of its own renews `visto` every few seconds.

    A task left RUNNING by a worker that stopped renewing it (killed, its machine gone) is dead
    work: the sweep fails it and queues its row again (sales/handlers/sweep.py).
    """

    worker_id = models.CharField("trabajador", max_length=64, primary_key=True)
    host = models.CharField("máquina", max_length=255, blank=True)
    pid = models.PositiveIntegerField("proceso", default=0)
    iniciado = models.DateTimeField("iniciado", default=timezone.now)
    visto = models.DateTimeField("visto por última vez", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "trabajador"
        verbose_name_plural = "trabajadores"

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} ({self.worker_id[:8]})"


class RevisorMattermost(models.Model):
    """Which Mattermost account is which reviewer: a click on a review card decides as this
    Django user (sales/review_chat.py), and only if they may decide reviews."""

    usuario = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cuenta_mattermost",
        verbose_name="usuario",
    )
    mm_user_id = models.CharField("ID de usuario en Mattermost", max_length=26, unique=True)

    class Meta:
        verbose_name = "cuenta de Mattermost de un revisor"
        verbose_name_plural = "cuentas de Mattermost de los revisores"

    def __str__(self) -> str:
        return f"{self.usuario} ↔ {self.mm_user_id}"

"""The outbox towards NocoDB: one row per ledger change still to be mirrored, and the turn that
lets one worker at a time push."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class ItemSync(models.Model):
    """A ledger object whose current state must reach NocoDB (or whose row must go).

    Several items for one object are pushed as one write of its current state. `verificar`
    is set before any request that could create the row: a retry after a crash, a timeout or
    an error-after-write looks the row up by `local_id` instead of creating it again.
    """

    class Tabla(models.TextChoices):
        VENDEDOR = "Vendedor", "Vendedor"
        VENTA = "Venta", "Venta"
        DETALLE = "Detalle", "Detalle"
        META = "Meta", "Meta"
        ESTADO_CUENTA = "EstadoCuenta", "Estado de cuenta"
        AJUSTE = "Ajuste", "Ajuste"

    class Accion(models.TextChoices):
        GUARDAR = "guardar", "Crear o actualizar"
        BORRAR = "borrar", "Borrar"

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        ENVIADO = "enviado", "Enviado"
        ABANDONADO = "abandonado", "Abandonado tras reintentos"

    tabla = models.CharField("tabla", max_length=20, choices=Tabla.choices)
    objeto_id = models.PositiveBigIntegerField("ID en salesbot")
    accion = models.CharField(
        "acción", max_length=10, choices=Accion.choices, default=Accion.GUARDAR
    )
    # For a deletion: the row's NocoDB Id when it was known (the local row is gone).
    nocodb_id = models.PositiveIntegerField("ID en NocoDB", null=True, blank=True)
    estado = models.CharField(
        "estado", max_length=12, choices=Estado.choices, default=Estado.PENDIENTE
    )
    creado = models.DateTimeField("creado", default=timezone.now)
    intentos = models.PositiveIntegerField("intentos", default=0)
    proximo_intento = models.DateTimeField("próximo intento", default=timezone.now)
    verificar = models.BooleanField("buscar en NocoDB antes de crear", default=False)
    ultimo_error = models.TextField("último error", blank=True)
    historial = models.JSONField("historial de intentos", default=list, blank=True)
    enviado = models.DateTimeField("enviado", null=True, blank=True)

    class Meta:
        verbose_name = "cambio para NocoDB"
        verbose_name_plural = "cambios para NocoDB"
        ordering = ["-creado", "-id"]
        indexes = [
            models.Index(
                fields=["proximo_intento", "id"],
                condition=Q(estado="pendiente"),
                name="nocodb_item_pendiente_idx",
            ),
            models.Index(fields=["tabla", "objeto_id"], name="nocodb_item_objeto_idx"),
        ]

    def __str__(self) -> str:
        accion, estado = self.get_accion_display(), self.get_estado_display()
        return f"{self.tabla} {self.objeto_id}: {accion} ({estado})"


class Turno(models.Model):
    """Who may push to NocoDB now. One pusher at a time keeps the writes in order: two workers
    reading the same row at different moments could otherwise write an older state last."""

    nombre = models.CharField("nombre", max_length=30, primary_key=True)
    hasta = models.DateTimeField("ocupado hasta")
    dueno = models.CharField("ocupado por", max_length=64, blank=True)

    class Meta:
        verbose_name = "turno de envío a NocoDB"
        verbose_name_plural = "turnos de envío a NocoDB"

    def __str__(self) -> str:
        return f"{self.nombre} ({self.dueno or 'libre'})"

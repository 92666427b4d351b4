"""The ledger: sellers, sales, receipts, line items, monthly goals and the audit trail.

State changes go through `sales.services`, never through `queryset.update()`: every change must
leave an audit entry and, where it applies, a reply for the seller and a NocoDB sync item.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sales.texts import audit as audit_texts


class Estado(models.TextChoices):
    REGISTRADA = "registrada", "Registrada"
    EN_REVISION = "en_revision", "En revisión"
    ESPERANDO_FOTO = "esperando_foto", "Esperando foto"
    APROBADA = "aprobada", "Aprobada"
    RECHAZADA = "rechazada", "Rechazada"
    ANULADA = "anulada", "Anulada"


class Motivo(models.TextChoices):
    NINGUNO = "", "—"
    SIN_COMPROBANTE = "sin_comprobante", "Sin comprobante"
    MONTO_NO_COINCIDE = "monto_no_coincide", "El monto no coincide"
    TOTAL_ILEGIBLE = "total_ilegible", "Total ilegible"
    TUBOS_NO_COINCIDEN = "tubos_no_coinciden", "Los tubos no coinciden"
    DUPLICADO = "duplicado", "Comprobante duplicado"
    EDITADA_TRAS_DECISION = "editada_tras_decision", "Editada tras la decisión"
    FECHA_FUERA_DE_RANGO = "fecha_fuera_de_rango", "Fecha del ticket fuera de rango"


# The one table of states (foundation issue): which reaction each state shows in Mattermost and
# whether the sale counts for commission, goal and ranking.
REACCION_POR_ESTADO: dict[str, str | None] = {
    Estado.REGISTRADA: "white_check_mark",
    Estado.EN_REVISION: "warning",
    Estado.ESPERANDO_FOTO: "camera",
    Estado.APROBADA: "white_check_mark",
    Estado.RECHAZADA: "x",
    Estado.ANULADA: None,
}
ESTADOS_QUE_CUENTAN = (Estado.REGISTRADA, Estado.APROBADA)
ESTADOS_DECIDIDOS = (Estado.APROBADA, Estado.RECHAZADA)


class Vendedor(models.Model):
    mm_user_id = models.CharField("ID de usuario en Mattermost", max_length=26, unique=True)
    username = models.CharField("usuario", max_length=64)
    nombre = models.CharField("nombre", max_length=128, blank=True)
    activo = models.BooleanField("activo", default=True)
    oculto_en_ranking = models.BooleanField(
        "ocultar su nombre en el ranking",
        default=False,
        help_text="En el ranking diario aparece como «Vendedor 3» en lugar de su nombre.",
    )
    creado = models.DateTimeField("creado", default=timezone.now, editable=False)
    actualizado = models.DateTimeField("actualizado", auto_now=True)
    nocodb_id = models.PositiveIntegerField("ID en NocoDB", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "vendedor"
        verbose_name_plural = "vendedores"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.nombre or f"@{self.username}"


class Comprobante(models.Model):
    """A receipt image, stored once under MEDIA_ROOT by its sha256 (never served publicly)."""

    sha256 = models.CharField("sha256", max_length=64, unique=True)
    archivo = models.CharField("archivo", max_length=200)
    mime = models.CharField("tipo", max_length=40)
    tamano = models.PositiveIntegerField("tamaño (bytes)")
    ancho = models.PositiveIntegerField("ancho", default=0)
    alto = models.PositiveIntegerField("alto", default=0)
    hash_perceptual = models.CharField("hash perceptual", max_length=128, blank=True)
    mm_file_id = models.CharField("archivo en Mattermost", max_length=26, blank=True)
    creado = models.DateTimeField("recibido", default=timezone.now)

    class Meta:
        verbose_name = "comprobante"
        verbose_name_plural = "comprobantes"

    def __str__(self) -> str:
        return f"Comprobante {self.sha256[:12]}"


class Venta(models.Model):
    vendedor = models.ForeignKey(
        Vendedor, on_delete=models.PROTECT, related_name="ventas", verbose_name="vendedor"
    )
    cliente = models.CharField("cliente", max_length=200)
    monto = models.DecimalField("monto", max_digits=12, decimal_places=2)
    tubos = models.PositiveIntegerField("tubos")
    producto = models.CharField("producto", max_length=200, blank=True)
    nota = models.TextField("nota", blank=True)
    # The commission and the rule that produced it: changing the settings later must not
    # rewrite past commissions.
    comision = models.DecimalField("comisión", max_digits=12, decimal_places=2)
    comision_por_tubo = models.DecimalField("comisión por tubo", max_digits=10, decimal_places=2)
    comision_umbral = models.PositiveIntegerField("umbral de tubos")
    # The plan that priced it (its tiers and accelerator); null: priced by the settings' rule.
    plan = models.ForeignKey(
        "sales.PlanComision", models.PROTECT, null=True, blank=True, related_name="+"
    )
    fecha = models.DateTimeField("fecha", db_index=True)
    estado = models.CharField("estado", max_length=20, choices=Estado.choices)
    motivo = models.CharField(
        "motivo", max_length=30, choices=Motivo.choices, blank=True, default=Motivo.NINGUNO
    )
    motivo_detalle = models.TextField("detalle del motivo", blank=True)
    # Mattermost identity of the sale: the post that reported it.
    post_id = models.CharField("publicación", max_length=64, unique=True)
    channel_id = models.CharField("canal", max_length=26)
    # The thread's root (the post itself when it is a root); "" until known: the webhook does
    # not say, the worker asks Mattermost before replying.
    root_id = models.CharField("hilo", max_length=26, blank=True)
    mensaje = models.TextField("mensaje")
    file_ids = models.JSONField("archivos", default=list, blank=True)
    origen = models.CharField("origen", max_length=20, default="webhook")
    # Evidence from the receipt (OCR issue): the image, what was read, and how it compared.
    comprobante = models.ForeignKey(
        Comprobante,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ventas",
        verbose_name="comprobante",
    )
    lectura = models.JSONField("lectura del comprobante", null=True, blank=True, editable=False)
    monto_leido = models.DecimalField(
        "monto leído", max_digits=12, decimal_places=2, null=True, blank=True
    )
    tubos_leidos = models.PositiveIntegerField("tubos leídos", null=True, blank=True)
    diferencia_pct = models.DecimalField(
        "diferencia (%)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    clave_recibo = models.CharField(
        "total|fecha|comercio del recibo", max_length=250, blank=True, db_index=True
    )
    duplicado_de = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="duplicado de",
    )
    # Bumped on every change that the seller hears about: it versions the reply keys.
    version = models.PositiveIntegerField("versión", default=1)
    # A review round is decided once; a sale flagged again later opens a new round.
    ronda_revision = models.PositiveIntegerField("ronda de revisión", default=0)
    creado = models.DateTimeField("creada", default=timezone.now, editable=False)
    actualizado = models.DateTimeField("actualizada", auto_now=True)
    nocodb_id = models.PositiveIntegerField("ID en NocoDB", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "venta"
        verbose_name_plural = "ventas"
        ordering = ["-fecha", "-id"]
        permissions = [("decidir_revision", "Puede aprobar o rechazar ventas en revisión")]
        indexes = [models.Index(fields=["vendedor", "fecha"]), models.Index(fields=["estado"])]

    def __str__(self) -> str:
        return f"Venta {self.pk} · {self.cliente} · ${self.monto:,.2f}"

    @property
    def cuenta(self) -> bool:
        """Whether the sale counts for commission, goal and ranking."""
        return self.estado in ESTADOS_QUE_CUENTAN


class Detalle(models.Model):
    class Origen(models.TextChoices):
        TECLEADO = "tecleado", "Tecleado"
        RECIBO = "recibo", "Leído del comprobante"

    venta = models.ForeignKey(
        Venta, on_delete=models.CASCADE, related_name="detalles", verbose_name="venta"
    )
    descripcion = models.CharField("descripción", max_length=200)
    cantidad = models.DecimalField("cantidad", max_digits=10, decimal_places=2, default=Decimal(1))
    precio_unitario = models.DecimalField(
        "precio unitario", max_digits=12, decimal_places=2, null=True, blank=True
    )
    importe = models.DecimalField("importe", max_digits=12, decimal_places=2)
    origen = models.CharField("origen", max_length=10, choices=Origen.choices)
    nocodb_id = models.PositiveIntegerField("ID en NocoDB", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "detalle"
        verbose_name_plural = "detalles"
        ordering = ["venta", "id"]

    def __str__(self) -> str:
        return f"{self.cantidad:g} × {self.descripcion}"


class Meta(models.Model):
    """A seller's goal for one month (`mes` is the month's first day)."""

    vendedor = models.ForeignKey(
        Vendedor, on_delete=models.PROTECT, related_name="metas", verbose_name="vendedor"
    )
    mes = models.DateField("mes")
    # A goal of zero or less would make every sale "over the goal": refused wherever it is
    # typed (the admin, the goals desk, NocoDB's grid), not only where a form checks it.
    monto = models.DecimalField(
        "monto objetivo",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), "La meta debe ser mayor que cero.")],
    )
    tubos = models.PositiveIntegerField("tubos objetivo", default=0)
    actualizado = models.DateTimeField("actualizada", auto_now=True)
    nocodb_id = models.PositiveIntegerField("ID en NocoDB", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "meta"
        verbose_name_plural = "metas"
        ordering = ["-mes", "vendedor"]
        constraints = [
            models.UniqueConstraint(fields=["vendedor", "mes"], name="meta_unica_por_mes"),
            models.CheckConstraint(condition=Q(mes__day=1), name="meta_mes_primer_dia"),
        ]

    def __str__(self) -> str:
        return f"Meta {self.mes:%Y-%m} de {self.vendedor}"


class Auditoria(models.Model):
    """One entry per state change: who or what, when, before and after."""

    creado = models.DateTimeField("fecha", default=timezone.now, db_index=True)
    actor = models.CharField("quién", max_length=150)
    accion = models.CharField("acción", max_length=40)
    modelo = models.CharField("modelo", max_length=40)
    objeto_id = models.PositiveBigIntegerField("ID del objeto")
    venta = models.ForeignKey(
        Venta,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="auditoria",
        verbose_name="venta",
    )
    antes = models.JSONField("antes", null=True, blank=True)
    despues = models.JSONField("después", null=True, blank=True)
    nota = models.TextField("nota", blank=True)

    class Meta:
        verbose_name = "entrada de auditoría"
        verbose_name_plural = "auditoría"
        ordering = ["-creado", "-id"]
        indexes = [models.Index(fields=["modelo", "objeto_id"])]

    def __str__(self) -> str:
        cuando = f"{timezone.localtime(self.creado):%d/%m/%Y %H:%M}"
        return f"{cuando} · {self.descripcion}"

    @property
    def descripcion(self) -> str:
        """`lucia aprobó la venta #3`."""
        return audit_texts.sentence(self.actor, self.accion, self.objeto_id)

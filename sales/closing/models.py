"""Closing the month: commission plans, the closes, the statements they write, adjustments.

Imported by `sales.models` so that Django sees these models in the `sales` app. Writes go
through the services (`plans`, `statements`, `adjustments`): each leaves an audit entry.

A closed statement is never edited: `save()` of a stored one, `delete()` and the queryset's
`update()`/`delete()` raise, and on PostgreSQL a trigger refuses UPDATE and DELETE (migration
0005), so raw SQL cannot rewrite a paid month either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sales.closing.rules import Regla
from sales.models import Vendedor, Venta
from sales.texts import closing as textos


def _enlace(modelo, nombre: str, related_name: str, *, opcional: bool = False):
    """A link that keeps its target: a row a statement or an adjustment names is never deleted."""
    opciones = {"verbose_name": nombre, "null": opcional, "blank": opcional}
    return models.ForeignKey(modelo, models.PROTECT, related_name=related_name, **opciones)


def _decimal(nombre: str, *, opcional: bool = False, digitos: int = 12, **opciones):
    return models.DecimalField(
        nombre, max_digits=digitos, decimal_places=2, null=opcional, blank=opcional, **opciones
    )


class Inmutable(Exception):
    """A closed statement, or a plan that applied to a closed month, was about to change."""


class EstadoPlan(models.TextChoices):
    BORRADOR = "borrador", "Borrador"
    PUBLICADO = "publicado", "Publicado"


class PlanQuerySet(models.QuerySet):
    """`update()` and `delete()` in bulk would skip the guards of `save()` and `delete()`."""

    def update(self, **kwargs: Any) -> int:
        if self.filter(cierres__isnull=False).exists():
            raise Inmutable(textos.PLAN_BLOQUEADO)
        return super().update(**kwargs)

    def delete(self):
        if self.filter(Q(cierres__isnull=False) | Q(estado=EstadoPlan.PUBLICADO)).exists():
            raise Inmutable(textos.PLAN_NO_SE_BORRA)
        return super().delete()


class PlanComision(models.Model):
    nombre = models.CharField("nombre", max_length=120)
    vigente_desde = models.DateField("vigente desde (mes)", help_text=textos.AYUDA_VIGENTE_DESDE)
    estado = models.CharField(
        "estado", max_length=10, choices=EstadoPlan.choices, default=EstadoPlan.BORRADOR
    )
    umbral = models.PositiveIntegerField("umbral de tubos", help_text=textos.AYUDA_UMBRAL)
    por_tubo = _decimal("comisión por tubo", digitos=10)
    umbral_escalon = models.PositiveIntegerField(
        "segundo umbral (escalón)", null=True, blank=True, help_text=textos.AYUDA_ESCALON
    )
    por_tubo_escalon = _decimal("comisión por tubo arriba del escalón", opcional=True, digitos=10)
    acelerador = _decimal(
        "acelerador al cumplir la meta", opcional=True, digitos=4, help_text=textos.AYUDA_ACELERADOR
    )
    nota = models.TextField("nota", blank=True)
    creado = models.DateTimeField("creado", default=timezone.now, editable=False)
    actualizado = models.DateTimeField("actualizado", auto_now=True)
    publicado_en = models.DateTimeField("publicado", null=True, blank=True, editable=False)
    publicado_por = models.CharField("publicado por", max_length=150, blank=True, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "plan de comisión"
        verbose_name_plural = "planes de comisión"
        ordering = ["-vigente_desde", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vigente_desde"],
                condition=Q(estado="publicado"),
                name="un_plan_publicado_por_mes",
                violation_error_message=textos.OTRO_PLAN_ESE_MES,
            ),
            models.CheckConstraint(
                condition=Q(vigente_desde__day=1),
                name="plan_mes_primer_dia",
                violation_error_message=textos.PRIMER_DIA,
            ),
            models.CheckConstraint(
                condition=Q(umbral_escalon__isnull=True, por_tubo_escalon__isnull=True)
                | Q(umbral_escalon__gt=models.F("umbral"), por_tubo_escalon__isnull=False),
                name="plan_escalon_completo",
            ),
            models.CheckConstraint(
                condition=Q(acelerador__isnull=True) | Q(acelerador__gte=1),
                name="plan_acelerador_al_menos_uno",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nombre} (desde {self.vigente_desde:%Y-%m})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.bloqueado:
            raise Inmutable(textos.PLAN_BLOQUEADO)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any):
        if self.bloqueado or self.publicado:
            raise Inmutable(textos.PLAN_NO_SE_BORRA)
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        if self.bloqueado:
            raise ValidationError(textos.PLAN_BLOQUEADO)
        if self.vigente_desde:
            self.vigente_desde = self.vigente_desde.replace(day=1)
        errores = {}
        if (self.umbral_escalon is None) != (self.por_tubo_escalon is None):
            errores["umbral_escalon"] = textos.ESCALON_INCOMPLETO
        elif self.umbral_escalon is not None and self.umbral_escalon <= (self.umbral or 0):
            errores["umbral_escalon"] = textos.ESCALON_BAJO
        if self.acelerador is not None and self.acelerador < 1:
            errores["acelerador"] = textos.ACELERADOR_BAJO
        cerrado = self.mes_cerrado_que_cubriria()
        if cerrado is not None:
            errores["vigente_desde"] = textos.plan_cubre_mes_cerrado(cerrado)
        if errores:
            raise ValidationError(errores)

    @property
    def regla(self) -> Regla:
        return Regla(**{campo.name: getattr(self, campo.name) for campo in fields(Regla)})

    @property
    def publicado(self) -> bool:
        return self.estado == EstadoPlan.PUBLICADO

    def mes_cerrado_que_cubriria(self) -> dt.date | None:
        """The first closed month this plan, published as it stands, would govern."""
        if not self.publicado or not self.vigente_desde:
            return None
        cerrados = CierreMes.objects.filter(
            estado=CierreMes.Estado.CERRADO, mes__gte=self.vigente_desde
        )
        siguiente = (
            PlanComision.objects.filter(
                estado=EstadoPlan.PUBLICADO, vigente_desde__gt=self.vigente_desde
            )
            .exclude(pk=self.pk)
            .order_by("vigente_desde")
            .first()
        )
        if siguiente is not None:
            cerrados = cerrados.filter(mes__lt=siguiente.vigente_desde)
        primero = cerrados.order_by("mes").first()
        return primero.mes if primero else None

    @property
    def bloqueado(self) -> bool:
        """Applied to a closed month (its close names it): never edited again."""
        return self.pk is not None and CierreMes.objects.filter(plan_id=self.pk).exists()


class CierreMes(models.Model):
    """One close of one month. A reopened close stays, with its statements as superseded."""

    class Estado(models.TextChoices):
        CERRADO = "cerrado", "Cerrado"
        REABIERTO = "reabierto", "Reabierto"

    mes = models.DateField("mes")
    estado = models.CharField(
        "estado", max_length=10, choices=Estado.choices, default=Estado.CERRADO
    )
    plan = _enlace(PlanComision, "plan aplicado", "cierres", opcional=True)
    cerrado_por = models.CharField("cerrado por", max_length=150)
    cerrado_en = models.DateTimeField("cerrado", default=timezone.now)
    # The sales in review or waiting for a photo that the manager agreed to leave out.
    excluidas = models.JSONField("ventas pendientes excluidas", default=list, blank=True)
    reabierto_por = models.CharField("reabierto por", max_length=150, blank=True)
    reabierto_en = models.DateTimeField("reabierto", null=True, blank=True)
    motivo_reapertura = models.TextField("motivo de la reapertura", blank=True)

    class Meta:
        verbose_name = "cierre de mes"
        verbose_name_plural = "cierres de mes"
        ordering = ["-mes", "-id"]
        permissions = [("cerrar_mes", "Puede cerrar un mes")]
        constraints = [
            models.UniqueConstraint(
                fields=["mes"], condition=Q(estado="cerrado"), name="un_cierre_vigente_por_mes"
            ),
            models.CheckConstraint(condition=Q(mes__day=1), name="cierre_mes_primer_dia"),
        ]

    def __str__(self) -> str:
        return f"Cierre {self.mes:%Y-%m} ({self.get_estado_display()})"

    @property
    def vigente(self) -> bool:
        return self.estado == self.Estado.CERRADO


# What the NocoDB mirror keeps on a row: its bookkeeping, not the statement's content.
ESPEJO = frozenset({"nocodb_id"})


class InmutableQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        if not kwargs or not ESPEJO.issuperset(kwargs):
            raise Inmutable(textos.ESTADO_CUENTA_INMUTABLE)
        return super().update(**kwargs)

    def delete(self):
        raise Inmutable(textos.ESTADO_CUENTA_INMUTABLE)


class Inalterable(models.Model):
    """Written once by the close; a stored row never changes nor goes away."""

    objects = InmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        campos = kwargs.get("update_fields")
        if not self._state.adding and not (campos and ESPEJO.issuperset(campos)):
            raise Inmutable(textos.ESTADO_CUENTA_INMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any):
        raise Inmutable(textos.ESTADO_CUENTA_INMUTABLE)


class EstadoCuenta(Inalterable):
    """A seller's statement for a closed month: what counted, what it paid, and why."""

    cierre = _enlace(CierreMes, "cierre", "estados_cuenta")
    vendedor = _enlace(Vendedor, "vendedor", "estados_cuenta")
    mes = models.DateField("mes")
    plan = _enlace(PlanComision, "plan", "+", opcional=True)
    ventas = models.PositiveIntegerField("ventas contadas")
    tubos = models.PositiveIntegerField("tubos")
    monto = _decimal("monto vendido", digitos=14)
    meta_monto = _decimal("meta (monto)", opcional=True)
    meta_tubos = models.PositiveIntegerField("meta (tubos)", null=True, blank=True)
    avance_monto = _decimal("avance de la meta de monto (%)", opcional=True, digitos=9)
    avance_tubos = _decimal("avance de la meta de tubos (%)", opcional=True, digitos=9)
    comision_ventas = _decimal("comisión de las ventas")
    acelerador = _decimal("acelerador")
    comision = _decimal("comisión del plan")
    ajustes = _decimal("ajustes")
    total = _decimal("total a pagar")
    cerrado_por = models.CharField("cerrado por", max_length=150)
    cerrado_en = models.DateTimeField("cerrado")
    nocodb_id = models.PositiveIntegerField("ID en NocoDB", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "estado de cuenta"
        verbose_name_plural = "estados de cuenta"
        ordering = ["-mes", "vendedor__username", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cierre", "vendedor"], name="un_estado_por_cierre")
        ]

    def __str__(self) -> str:
        return f"Estado de cuenta {self.mes:%Y-%m} de {self.vendedor}"

    @property
    def vigente(self) -> bool:
        """False once its month was reopened: kept, as superseded."""
        return self.cierre.vigente


class LineaEstadoCuenta(Inalterable):
    """One sale a statement counted, as it stood at the close."""

    estado_cuenta = _enlace(EstadoCuenta, "estado", "lineas")
    venta = _enlace(Venta, "venta", "+")
    fecha = models.DateTimeField("fecha")
    cliente = models.CharField("cliente", max_length=200)
    monto = _decimal("monto")
    tubos = models.PositiveIntegerField("tubos")
    comision = _decimal("comisión")

    class Meta:
        verbose_name = "venta del estado de cuenta"
        verbose_name_plural = "ventas del estado de cuenta"
        ordering = ["estado_cuenta", "fecha", "id"]

    def __str__(self) -> str:
        return f"Venta {self.venta_id} en {self.estado_cuenta}"


class AjusteQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        if not Ajuste.CAMBIAN.issuperset(kwargs):
            raise Inmutable(textos.AJUSTE_INMUTABLE)
        return super().update(**kwargs)

    def delete(self):
        raise Inmutable(textos.AJUSTE_INMUTABLE)


class Ajuste(models.Model):
    """A change to a closed month's sale, paid or taken back in the next open month."""

    class Tipo(models.TextChoices):
        CONTRACARGO = "contracargo", "Contracargo"
        ABONO = "abono", "Abono"

    vendedor = _enlace(Vendedor, "vendedor", "ajustes")
    venta = _enlace(Venta, "venta", "ajustes")
    cierre = _enlace(CierreMes, "cierre", "ajustes")
    estado_cuenta = _enlace(
        EstadoCuenta, "estado de cuenta corregido", "correcciones", opcional=True
    )
    mes_origen = models.DateField("mes de la venta")
    mes = models.DateField("mes en que se aplica")
    tipo = models.CharField("tipo", max_length=12, choices=Tipo.choices)
    monto = _decimal("monto")
    motivo = models.TextField("motivo")
    actor = models.CharField("quién", max_length=150)
    creado = models.DateTimeField("creado", default=timezone.now)
    aplicado_en = _enlace(EstadoCuenta, "aplicado en", "ajustes_aplicados", opcional=True)
    anulado_en = models.DateTimeField("anulado (mes reabierto)", null=True, blank=True)
    nocodb_id = models.PositiveIntegerField("ID en NocoDB", null=True, blank=True, editable=False)

    # Only where it is paid and whether a reopening cancelled it change after it is written
    # (and the NocoDB mirror's bookkeeping).
    CAMBIAN = frozenset({"aplicado_en", "anulado_en", "nocodb_id"})

    objects = AjusteQuerySet.as_manager()

    class Meta:
        verbose_name = "ajuste"
        verbose_name_plural = "ajustes"
        ordering = ["-creado", "-id"]
        indexes = [models.Index(fields=["vendedor", "mes"])]
        constraints = [models.CheckConstraint(condition=~Q(monto=0), name="ajuste_no_cero")]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} de la venta {self.venta_id} ({self.monto})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        campos = kwargs.get("update_fields")
        if not self._state.adding and (campos is None or not self.CAMBIAN.issuperset(campos)):
            raise Inmutable(textos.AJUSTE_INMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any):
        raise Inmutable(textos.AJUSTE_INMUTABLE)


class PublicacionRanking(models.Model):
    """The day's leaderboard, claimed by the worker that posts it: one row (and one post) a day."""

    fecha = models.DateField("día", unique=True)
    creado = models.DateTimeField("publicado", default=timezone.now)

    class Meta:
        verbose_name = "publicación del ranking"
        verbose_name_plural = "publicaciones del ranking"
        ordering = ["-fecha"]

    def __str__(self) -> str:
        return f"Ranking del {self.fecha:%Y-%m-%d}"

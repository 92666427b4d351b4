"""Plans, closes, statements and adjustments in the Django admin.

Plans are edited by managers through `plans.save_plan` (audit, re-pricing); a plan a closed
month used shows read-only. Closes, statements and adjustments are written only by the services:
here they are read, and a month is closed (or, by a superuser, reopened) from the pages in
`views`.
"""

from __future__ import annotations

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from sales.admin import MesDeMeta
from sales.admin_tools import ReadOnly
from sales.closing import views
from sales.closing.models import (
    Ajuste,
    CierreMes,
    EstadoCuenta,
    EstadoPlan,
    LineaEstadoCuenta,
    PlanComision,
)
from sales.closing.plans import save_plan
from sales.texts import closing as textos
from sales.texts import nombre_mes


def _actor(request) -> str:
    return f"admin:{request.user.get_username()}"


def _rutas(model_admin, *vistas) -> list:
    """The admin's own pages: `admin:sales_<model>_<view name>` (`que_pasaria_si`, `cerrar`...)."""
    modelo = model_admin.model._meta.model_name
    return [
        path(ruta, model_admin.admin_site.admin_view(partial(vista, model_admin)), name=nombre)
        for ruta, vista in vistas
        for nombre in [f"sales_{modelo}_{vista.__name__}"]
    ]


def _dinero(campo: str, descripcion: str):
    """A read-only column showing a money field as `$1,500.00`."""

    @admin.display(description=descripcion, ordering=campo)
    def columna(self, obj) -> str:
        valor = getattr(obj, campo)
        return "—" if valor is None else textos.dinero(valor)

    return columna


@admin.register(PlanComision)
class PlanComisionAdmin(admin.ModelAdmin):
    list_display = ["nombre", "mes_", "estado", "regla_", "bloqueado_"]
    list_filter = ["estado"]
    search_fields = ["nombre"]
    fields = [
        "nombre",
        "vigente_desde",
        "estado",
        ("umbral", "por_tubo"),
        ("umbral_escalon", "por_tubo_escalon"),
        "acelerador",
        "nota",
        "regla_",
        "cierres_",
        ("publicado_en", "publicado_por"),
    ]
    readonly_fields = ["regla_", "cierres_", "publicado_en", "publicado_por"]
    actions = ["publicar"]

    def has_change_permission(self, request, obj=None) -> bool:
        # A plan a closed month used is shown, never edited: it can only be superseded.
        if obj is not None and obj.bloqueado:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and (obj.publicado or obj.bloqueado):
            return False
        return super().has_delete_permission(request, obj)

    def get_urls(self):
        return _rutas(self, ("que-pasaria-si/", views.que_pasaria_si)) + super().get_urls()

    def save_model(self, request, obj, form, change):
        repreciadas = save_plan(plan=obj, actor=_actor(request))
        if obj.publicado and repreciadas:
            messages.info(request, textos.plan_publicado(obj.nombre, repreciadas))

    @admin.action(description="Publicar los planes seleccionados", permissions=["change"])
    def publicar(self, request, queryset):
        for plan in queryset.filter(estado=EstadoPlan.BORRADOR):
            plan.estado = EstadoPlan.PUBLICADO
            try:
                repreciadas = save_plan(plan=plan, actor=_actor(request))
            except ValidationError as exc:
                messages.error(request, f"«{plan.nombre}»: {' '.join(exc.messages)}")
            else:
                messages.success(request, textos.plan_publicado(plan.nombre, repreciadas))

    @admin.display(description="vigente desde", ordering="vigente_desde")
    def mes_(self, obj: PlanComision) -> str:
        return nombre_mes(obj.vigente_desde)

    @admin.display(description="regla")
    def regla_(self, obj: PlanComision) -> str:
        return textos.describir_regla(obj.regla) if obj.pk else "—"

    @admin.display(description="aplicado a un mes cerrado", boolean=True)
    def bloqueado_(self, obj: PlanComision) -> bool:
        return obj.bloqueado

    @admin.display(description="meses cerrados con este plan")
    def cierres_(self, obj: PlanComision) -> str:
        meses = [nombre_mes(c.mes) for c in obj.cierres.order_by("mes")] if obj.pk else []
        return ", ".join(meses) or "Ninguno: el plan todavía se puede modificar."


class EstadoCuentaInline(ReadOnly, admin.TabularInline):
    model = EstadoCuenta
    fields = ["enlace", "ventas", "tubos", "monto_", "comision_", "ajustes_", "total_"]
    readonly_fields = fields
    extra = 0

    monto_ = _dinero("monto", "monto vendido")
    comision_ = _dinero("comision", "comisión del plan")
    ajustes_ = _dinero("ajustes", "ajustes")
    total_ = _dinero("total", "total a pagar")

    @admin.display(description="vendedor")
    def enlace(self, obj: EstadoCuenta) -> str:
        url = reverse("admin:sales_estadocuenta_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.vendedor)


@admin.register(CierreMes)
class CierreMesAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["mes_", "estado", "plan", "cerrado_por", "cerrado_en", "reabierto_por"]
    list_filter = ["estado"]
    fields = [
        "mes_",
        "estado",
        "plan",
        ("cerrado_por", "cerrado_en"),
        "pendientes_excluidas",
        ("reabierto_por", "reabierto_en"),
        "motivo_reapertura",
    ]
    readonly_fields = ["mes_", "pendientes_excluidas"]
    inlines = [EstadoCuentaInline]

    @admin.display(description="ventas pendientes que quedaron fuera")
    def pendientes_excluidas(self, obj: CierreMes) -> str:
        enlaces = [
            format_html(
                '<a href="{}">Venta #{}</a>', reverse("admin:sales_venta_change", args=[pk]), pk
            )
            for pk in obj.excluidas
        ]
        return format_html_join(", ", "{}", ((e,) for e in enlaces)) or "Ninguna."

    def get_urls(self):
        rutas = _rutas(self, ("cerrar/", views.cerrar), ("<int:cierre_id>/reabrir/", views.reabrir))
        return rutas + super().get_urls()

    @admin.display(description="mes", ordering="mes")
    def mes_(self, obj: CierreMes) -> str:
        return nombre_mes(obj.mes)


class Vigencia(admin.SimpleListFilter):
    """Statements of a month that was reopened stay, superseded by the next close's."""

    title = "vigencia"
    parameter_name = "vigente"

    def lookups(self, request, model_admin):
        return [("si", "Vigentes"), ("no", "Reemplazados (mes reabierto)")]

    def queryset(self, request, queryset):
        cerrado = {"cierre__estado": CierreMes.Estado.CERRADO}
        if self.value() == "si":
            return queryset.filter(**cerrado)
        if self.value() == "no":
            return queryset.exclude(**cerrado)
        return queryset


class LineaInline(ReadOnly, admin.TabularInline):
    model = LineaEstadoCuenta
    fields = ["venta", "fecha", "cliente", "monto_", "tubos", "comision_"]
    readonly_fields = fields
    extra = 0

    monto_ = _dinero("monto", "monto")
    comision_ = _dinero("comision", "comisión")


class AjusteAplicadoInline(ReadOnly, admin.TabularInline):
    model = Ajuste
    fk_name = "aplicado_en"
    fields = ["venta", "tipo", "monto_", "mes_origen", "motivo"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "ajustes pagados en este estado de cuenta"

    monto_ = _dinero("monto", "monto")


@admin.register(EstadoCuenta)
class EstadoCuentaAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "mes_",
        "vendedor",
        "ventas",
        "tubos",
        "monto_",
        "avance",
        "comision_",
        "ajustes_",
        "total_",
        "vigente_",
    ]
    list_filter = [MesDeMeta, Vigencia, "vendedor"]
    list_select_related = ["vendedor", "cierre"]
    search_fields = ["vendedor__username", "vendedor__nombre"]
    inlines = [LineaInline, AjusteAplicadoInline]

    monto_ = _dinero("monto", "monto vendido")
    comision_ = _dinero("comision", "comisión del plan")
    ajustes_ = _dinero("ajustes", "ajustes")
    total_ = _dinero("total", "total a pagar")

    @admin.display(description="mes", ordering="mes")
    def mes_(self, obj: EstadoCuenta) -> str:
        return nombre_mes(obj.mes)

    @admin.display(description="vigente", boolean=True)
    def vigente_(self, obj: EstadoCuenta) -> bool:
        return obj.vigente

    @admin.display(description="meta", ordering="avance_monto")
    def avance(self, obj: EstadoCuenta) -> str:
        return "sin meta" if obj.avance_monto is None else f"{obj.avance_monto:.0f} %"


@admin.register(Ajuste)
class AjusteAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "creado",
        "vendedor",
        "venta",
        "tipo",
        "monto_",
        "mes_origen",
        "mes",
        "aplicado_en",
        "anulado_en",
        "motivo",
    ]
    list_filter = ["tipo", MesDeMeta, "vendedor"]
    list_select_related = ["vendedor", "venta", "aplicado_en__vendedor"]
    search_fields = ["vendedor__username", "vendedor__nombre", "motivo"]

    monto_ = _dinero("monto", "monto")

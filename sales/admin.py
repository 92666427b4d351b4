"""The ledger in the Django admin. State changes go through services (audit + outbox)."""

from __future__ import annotations

from django.contrib import admin, messages

from sales import avisos, eventos, metas
from sales.models import Auditoria, AvisoMattermost, Detalle, EventoEntrante, Meta, Vendedor, Venta


class SoloLectura:
    """Rows written only by the system: viewable, never edited by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Vendedor)
class VendedorAdmin(admin.ModelAdmin):
    list_display = ["username", "nombre", "mm_user_id", "activo", "creado"]
    list_filter = ["activo"]
    search_fields = ["username", "nombre", "mm_user_id"]
    readonly_fields = ["mm_user_id", "creado", "actualizado", "nocodb_id"]


class DetalleInline(admin.TabularInline):
    model = Detalle
    extra = 0
    fields = ["descripcion", "cantidad", "precio_unitario", "importe", "origen"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class AuditoriaInline(SoloLectura, admin.TabularInline):
    model = Auditoria
    extra = 0
    fields = ["creado", "actor", "accion", "antes", "despues", "nota"]
    readonly_fields = fields
    ordering = ["creado", "id"]


@admin.register(Venta)
class VentaAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "fecha",
        "vendedor",
        "cliente",
        "monto",
        "tubos",
        "comision",
        "estado",
        "motivo",
    ]
    list_filter = ["estado", "motivo", "vendedor"]
    list_select_related = ["vendedor"]
    search_fields = ["cliente", "vendedor__username", "vendedor__nombre", "post_id"]
    date_hierarchy = "fecha"
    inlines = [DetalleInline, AuditoriaInline]
    readonly_fields = [f.name for f in Venta._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Meta)
class MetaAdmin(admin.ModelAdmin):
    list_display = ["vendedor", "mes", "monto", "tubos", "actualizado"]
    list_filter = ["mes", "vendedor"]
    list_select_related = ["vendedor"]
    search_fields = ["vendedor__username", "vendedor__nombre"]

    def save_model(self, request, obj, form, change):
        # Through the service: audit entry and NocoDB sync item in the same transaction.
        guardada = metas.fijar_meta(
            vendedor=obj.vendedor,
            mes=obj.mes,
            monto=obj.monto,
            tubos=obj.tubos,
            actor=request.user.get_username(),
            meta_id=obj.pk if change else None,
        )
        obj.pk, obj.mes = guardada.pk, guardada.mes


@admin.register(EventoEntrante)
class EventoEntranteAdmin(SoloLectura, admin.ModelAdmin):
    list_display = [
        "recibido",
        "tipo",
        "fuente",
        "post_id",
        "resultado",
        "intentos",
        "ultimo_error",
    ]
    list_filter = ["resultado", "tipo", "fuente"]
    search_fields = ["post_id", "clave"]
    actions = ["reintentar"]

    @admin.action(description="Reintentar los eventos con error")
    def reintentar(self, request, queryset):
        con_error = queryset.filter(resultado=EventoEntrante.Resultado.ERROR)
        for evento in con_error:
            eventos.reintentar(evento)
        self.message_user(request, f"{len(con_error)} eventos en cola de nuevo.", messages.SUCCESS)


@admin.register(AvisoMattermost)
class AvisoMattermostAdmin(SoloLectura, admin.ModelAdmin):
    list_display = [
        "creado",
        "tipo",
        "clave",
        "estado",
        "intentos",
        "proximo_intento",
        "ultimo_error",
    ]
    list_filter = ["estado", "tipo"]
    search_fields = ["clave", "post_id"]
    actions = ["reintentar"]

    @admin.action(description="Reintentar los avisos abandonados")
    def reintentar(self, request, queryset):
        abandonados = queryset.filter(estado=AvisoMattermost.EstadoEnvio.ABANDONADO)
        for aviso in abandonados:
            avisos.reintentar(aviso)
        self.message_user(request, f"{len(abandonados)} avisos en cola de nuevo.", messages.SUCCESS)


@admin.register(Auditoria)
class AuditoriaAdmin(SoloLectura, admin.ModelAdmin):
    list_display = ["creado", "actor", "accion", "modelo", "objeto_id", "venta"]
    list_filter = ["accion", "modelo"]
    search_fields = ["actor", "nota"]
    list_select_related = ["venta"]

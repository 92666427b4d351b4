"""The admin of the work in flight and of the trail: incoming events and Mattermost notices
(read-only, with a retry action for what gave up), the audit in sentences, and which Mattermost
account is which reviewer. Registered by importing this module from sales/admin.py."""

from __future__ import annotations

from django.contrib import admin

from sales import events, replies
from sales.admin_tools import AuditInWords, ReadOnly, retry_action
from sales.models import Auditoria, AvisoMattermost, EventoEntrante, RevisorMattermost
from sales.texts import audit as audit_texts


@admin.register(EventoEntrante)
class EventoEntranteAdmin(ReadOnly, admin.ModelAdmin):
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
    actions = [
        retry_action(
            description="Reintentar los eventos con error",
            gave_up={"resultado": EventoEntrante.Resultado.ERROR},
            restart=events.restart,
            noun="eventos",
        )
    ]


@admin.register(AvisoMattermost)
class AvisoMattermostAdmin(ReadOnly, admin.ModelAdmin):
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
    actions = [
        retry_action(
            description="Reintentar los avisos abandonados",
            gave_up={"estado": AvisoMattermost.EstadoEnvio.ABANDONADO},
            restart=replies.restart,
            noun="avisos",
        )
    ]


class PorAccion(admin.SimpleListFilter):
    """The actions by their Spanish names, not the code's (`crear_meta`)."""

    title = "acción"
    parameter_name = "accion"

    def lookups(self, request, model_admin):
        return audit_texts.action_choices()

    def queryset(self, request, queryset):
        return queryset.filter(accion=self.value()) if self.value() else queryset


@admin.register(Auditoria)
class AuditoriaAdmin(AuditInWords, ReadOnly, admin.ModelAdmin):
    list_display = ["creado", "que_paso", "venta"]
    list_filter = [PorAccion]
    search_fields = ["actor", "nota"]
    list_select_related = ["venta"]
    fields = ["creado", "que_paso", "cambios", "nota", "venta"]
    readonly_fields = fields


@admin.register(RevisorMattermost)
class RevisorMattermostAdmin(admin.ModelAdmin):
    """Which Mattermost account decides as which reviewer from the review cards (superusers:
    it grants deciding from the chat)."""

    list_display = ["usuario", "mm_user_id"]
    search_fields = ["usuario__username", "mm_user_id"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

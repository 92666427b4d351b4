"""The NocoDB outbox in the admin: what is pending, what gave up and why, and a retry."""

from __future__ import annotations

from django.contrib import admin, messages

from integrations.nocodb import push
from integrations.nocodb.models import ItemSync


@admin.register(ItemSync)
class ItemSyncAdmin(admin.ModelAdmin):
    list_display = [
        "creado",
        "tabla",
        "objeto_id",
        "accion",
        "estado",
        "intentos",
        "proximo_intento",
        "ultimo_error",
    ]
    list_filter = ["estado", "tabla", "accion"]
    search_fields = ["objeto_id", "ultimo_error"]
    readonly_fields = [f.name for f in ItemSync._meta.fields]
    actions = ["reintentar"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Reintentar los cambios abandonados")
    def reintentar(self, request, queryset):
        abandonados = list(queryset.filter(estado=ItemSync.Estado.ABANDONADO))
        for item in abandonados:
            push.restart(item)
        self.message_user(
            request, f"{len(abandonados)} cambios en cola de nuevo.", messages.SUCCESS
        )

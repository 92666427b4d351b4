"""The NocoDB outbox in the admin: what is pending, what gave up and why, and a retry."""

from __future__ import annotations

from django.contrib import admin

from integrations.nocodb import push
from integrations.nocodb.models import ItemSync
from sales.admin_tools import ReadOnly, retry_action


@admin.register(ItemSync)
class ItemSyncAdmin(ReadOnly, admin.ModelAdmin):
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
    actions = [
        retry_action(
            description="Reintentar los cambios abandonados",
            gave_up={"estado": ItemSync.Estado.ABANDONADO},
            restart=push.restart,
            noun="cambios",
        )
    ]

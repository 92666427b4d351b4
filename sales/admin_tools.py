"""What several admin pages share: rows only the system writes, and the operator's retry of an
outbox's rows that gave up (events, Mattermost replies, NocoDB items)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages

from sales import review_desk


class ReadOnly:
    """Rows written only by the system: viewable, never edited by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def retry_action(*, description: str, gave_up: dict, restart: Callable, noun: str):
    """An admin action that puts the selected rows that gave up (`gave_up` filters them) back
    in the queue with a fresh schedule (`restart` is the outbox's one retry entry point)."""

    @admin.action(description=description)
    def retry(modeladmin, request, queryset):
        rows = list(queryset.filter(**gave_up))
        for row in rows:
            restart(row)
        modeladmin.message_user(request, f"{len(rows)} {noun} en cola de nuevo.", messages.SUCCESS)

    retry.__name__ = "reintentar"
    return retry


class AuditInWords:
    """`que_paso` and `cambios` columns for an audit entry: a sentence and its changes in words
    (sales/texts/audit.py), for the audit's list and a sale's history."""

    @admin.display(description="qué pasó")
    def que_paso(self, obj) -> str:
        return obj.descripcion

    @admin.display(description="cambios")
    def cambios(self, obj) -> str:
        return review_desk.change_summary(obj)

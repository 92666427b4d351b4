"""What several admin pages share: rows only the system writes, and the operator's retry of an
outbox's rows that gave up (events, Mattermost replies, NocoDB items)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages


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

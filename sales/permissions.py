"""Who may do what on the review desk: the `Revisores` group and the permissions it holds."""

from __future__ import annotations

from django.apps import apps as global_apps

GRUPO_REVISORES = "Revisores"
VER_VENTAS = "sales.view_venta"
DECIDIR = "sales.decidir_revision"

# Exactly what a reviewer needs: read the ledger and its evidence (the sale page shows its line
# items and audit history, the overview the sellers' goals) and decide reviews. Nothing else:
# sales change only through the desk, and goals, sellers and the outboxes belong to admins.
PERMISOS_REVISORES = (
    ("sales", "view_vendedor"),
    ("sales", "view_venta"),
    ("sales", "view_detalle"),
    ("sales", "view_meta"),
    ("sales", "view_auditoria"),
    ("sales", "decidir_revision"),
)


def sync_reviewers(apps=global_apps, using: str = "default"):
    """Create the `Revisores` group, or set its permissions back to exactly the list above."""
    return sync_group(GRUPO_REVISORES, PERMISOS_REVISORES, apps, using)


def sync_group(
    nombre: str, permisos: tuple[tuple[str, str], ...], apps=global_apps, using: str = "default"
):
    """Create the group, or set its permissions back to exactly `permisos` (app, codename).

    Takes `apps` so that a data migration runs it on the historical models.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    grupo, _ = Group.objects.using(using).get_or_create(name=nombre)
    grupo.permissions.set(
        [
            Permission.objects.using(using).get(content_type__app_label=app, codename=codename)
            for app, codename in permisos
        ]
    )
    return grupo

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
    """Create the `Revisores` group, or set its permissions back to exactly the list above.

    Takes `apps` so the data migration runs it on the historical models.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    grupo, _ = Group.objects.using(using).get_or_create(name=GRUPO_REVISORES)
    permisos = [
        Permission.objects.using(using).get(content_type__app_label=app, codename=codename)
        for app, codename in PERMISOS_REVISORES
    ]
    grupo.permissions.set(permisos)
    return grupo

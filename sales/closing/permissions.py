"""Who may run the month: the `Gerentes` group and the permissions it holds.

Managers read the ledger like reviewers do (they do not decide reviews), set the sellers' goals,
edit commission plans,
read statements and adjustments, and close months. Reopening a month is for superusers only,
not a permission a group can hold.
"""

from __future__ import annotations

from django.apps import apps as global_apps

from sales.permissions import sync_group

GRUPO_GERENTES = "Gerentes"
CERRAR_MES = "sales.cerrar_mes"
VER_PLANES = "sales.view_plancomision"

PERMISOS_GERENTES = tuple(
    ("sales", codename)
    for codename in (
        "view_vendedor",
        "view_venta",
        "view_detalle",
        "view_meta",
        "add_meta",
        "change_meta",
        "view_auditoria",
        "view_plancomision",
        "add_plancomision",
        "change_plancomision",
        "delete_plancomision",
        "view_cierremes",
        "cerrar_mes",
        "view_estadocuenta",
        "view_lineaestadocuenta",
        "view_ajuste",
    )
)


def sync_managers(apps=global_apps, using: str = "default"):
    """Create the `Gerentes` group, or set its permissions back to exactly the list above."""
    return sync_group(GRUPO_GERENTES, PERMISOS_GERENTES, apps, using)

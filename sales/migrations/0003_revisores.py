"""The review desk's permission (`sales.decidir_revision`) and the `Revisores` group holding
exactly what a reviewer needs (sales/permissions.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def crear_revisores(apps, schema_editor):
    from sales.permissions import sync_reviewers

    # On a fresh database the permissions are only created after all migrations (post_migrate):
    # create this app's now, so the group can hold them.
    sales = apps.get_app_config("sales")
    sales.models_module = True
    create_permissions(sales, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    sync_reviewers(apps, using=schema_editor.connection.alias)


def borrar_revisores(apps, schema_editor):
    from sales.permissions import GRUPO_REVISORES

    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GRUPO_REVISORES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sales", "0002_evidencia_del_comprobante"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="venta",
            options={
                "ordering": ["-fecha", "-id"],
                "permissions": [
                    ("decidir_revision", "Puede aprobar o rechazar ventas en revisión")
                ],
                "verbose_name": "venta",
                "verbose_name_plural": "ventas",
            },
        ),
        migrations.RunPython(crear_revisores, borrar_revisores),
    ]

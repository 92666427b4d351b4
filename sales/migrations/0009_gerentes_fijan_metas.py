"""Managers set the sellers' goals (the month's goals page): `Gerentes` gains add_meta and
change_meta (sales/closing/permissions.py)."""

from django.db import migrations


def sincronizar_gerentes(apps, schema_editor):
    from sales.closing.permissions import sync_managers

    sync_managers(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("sales", "0008_ranking_y_espejo_del_cierre")]

    operations = [migrations.RunPython(sincronizar_gerentes, migrations.RunPython.noop)]

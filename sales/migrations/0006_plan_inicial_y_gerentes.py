"""The first commission plan, seeded from COMISION_POR_TUBO and COMISION_UMBRAL_TUBOS so that an
installation keeps paying the same; the `Gerentes` group; and, on PostgreSQL, triggers that
refuse any UPDATE or DELETE of a closed statement, whatever issues it (docs/closing.md)."""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

INMUTABLES = ("sales_estadocuenta", "sales_lineaestadocuenta")

FUNCION = """
CREATE FUNCTION sales_estado_cuenta_inmutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Un estado de cuenta de un mes cerrado nunca se modifica ni se borra (%%)',
        TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""
# Row triggers: TRUNCATE (a test database's flush) is not refused.
TRIGGER = (
    "CREATE TRIGGER {tabla}_inmutable BEFORE UPDATE OR DELETE ON {tabla} "
    "FOR EACH ROW EXECUTE FUNCTION sales_estado_cuenta_inmutable();"
)


def sembrar_plan(apps, schema_editor):
    using = schema_editor.connection.alias
    PlanComision = apps.get_model("sales", "PlanComision")
    Venta = apps.get_model("sales", "Venta")
    # From the first sale's month, so that every month with sales has a plan.
    primera = Venta.objects.using(using).order_by("fecha").values_list("fecha", flat=True).first()
    mes = (timezone.localtime(primera).date() if primera else timezone.localdate()).replace(day=1)
    ahora = timezone.now()
    PlanComision.objects.using(using).create(
        nombre="Plan inicial",
        vigente_desde=mes,
        estado="publicado",
        umbral=settings.COMISION_UMBRAL_TUBOS,
        por_tubo=settings.COMISION_POR_TUBO,
        nota="Sembrado por la migración con COMISION_POR_TUBO y COMISION_UMBRAL_TUBOS.",
        creado=ahora,
        publicado_en=ahora,
        publicado_por="migración",
    )


def crear_gerentes(apps, schema_editor):
    from sales.closing.permissions import sync_managers

    using, sales = schema_editor.connection.alias, apps.get_app_config("sales")
    # As in 0003: on a fresh database the permissions (cerrar_mes, the new models') only exist
    # after all migrations.
    sales.models_module = True
    create_permissions(sales, apps=apps, verbosity=0, using=using)
    sync_managers(apps, using=using)


def borrar_gerentes(apps, schema_editor):
    from sales.closing.permissions import GRUPO_GERENTES

    grupos = apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias)
    grupos.filter(name=GRUPO_GERENTES).delete()


def crear_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCION)
    for tabla in INMUTABLES:
        schema_editor.execute(TRIGGER.format(tabla=tabla))


def borrar_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for tabla in INMUTABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {tabla}_inmutable ON {tabla};")
    schema_editor.execute("DROP FUNCTION IF EXISTS sales_estado_cuenta_inmutable();")


class Migration(migrations.Migration):
    dependencies = [("sales", "0005_cierre_del_mes")]

    operations = [
        migrations.RunPython(sembrar_plan, migrations.RunPython.noop),
        migrations.RunPython(crear_gerentes, borrar_gerentes),
        migrations.RunPython(crear_triggers, borrar_triggers),
    ]

"""The daily leaderboard's claimed rows; statements and adjustments mirrored into NocoDB (their
`nocodb_id`). On PostgreSQL the statements' trigger now lets the mirror's bookkeeping through:
an UPDATE that changes `nocodb_id` and nothing else (docs/closing.md)."""

import django.utils.timezone
from django.db import migrations, models

# The same function as 0006, but an UPDATE of sales_estadocuenta that changes only nocodb_id
# passes (the NocoDB mirror's bookkeeping, not the statement).
FUNCION = """
CREATE OR REPLACE FUNCTION sales_estado_cuenta_inmutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'sales_estadocuenta'
       AND (to_jsonb(NEW) - 'nocodb_id') = (to_jsonb(OLD) - 'nocodb_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Un estado de cuenta de un mes cerrado nunca se modifica ni se borra (%%)',
        TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""
ANTERIOR = """
CREATE OR REPLACE FUNCTION sales_estado_cuenta_inmutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Un estado de cuenta de un mes cerrado nunca se modifica ni se borra (%%)',
        TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def dejar_pasar_el_espejo(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCION)


def volver_a_cerrar(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ANTERIOR)


class Migration(migrations.Migration):

    dependencies = [
        ('sales', '0007_publicaciones'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublicacionRanking',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fecha', models.DateField(unique=True, verbose_name='día')),
                ('creado', models.DateTimeField(default=django.utils.timezone.now, verbose_name='publicado')),
            ],
            options={
                'verbose_name': 'publicación del ranking',
                'verbose_name_plural': 'publicaciones del ranking',
                'ordering': ['-fecha'],
            },
        ),
        migrations.AddField(
            model_name='ajuste',
            name='nocodb_id',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='ID en NocoDB'),
        ),
        migrations.AddField(
            model_name='estadocuenta',
            name='nocodb_id',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='ID en NocoDB'),
        ),
        migrations.RunPython(dejar_pasar_el_espejo, volver_a_cerrar),
    ]

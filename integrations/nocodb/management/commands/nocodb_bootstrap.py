"""`manage.py nocodb_bootstrap`: create, or check and complete, the base in NocoDB."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from integrations.nocodb import client, schema


class Command(BaseCommand):
    help = (
        "Crea en NocoDB la base NOCODB_BASE con las tablas Vendedor, Venta, Detalle y Meta, "
        "sus enlaces y el webhook de Meta; si ya existen, los revisa y completa. Repetirlo no "
        "cambia nada."
    )

    def handle(self, *args, **options):
        if not client.configured():
            raise CommandError("Configure NOCODB_URL y NOCODB_API_TOKEN antes de preparar NocoDB.")
        try:
            hechos, avisos = schema.prepare()
        except client.NocoDBError as exc:
            raise CommandError(f"NocoDB respondió con un error: {exc}") from exc
        for hecho in hechos:
            self.stdout.write(f"creado: {hecho}")
        for aviso in avisos:
            self.stderr.write(self.style.WARNING(f"aviso: {aviso}"))
        if not hechos:
            self.stdout.write(
                f"La base {settings.NOCODB_BASE!r} ya estaba completa: no se creó nada."
            )

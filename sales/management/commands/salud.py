"""`python manage.py salud worker|listener`: the container health check of the roles that serve
no HTTP (docker/healthcheck.py). Exit 0 when healthy, 1 (with the reason) when not.

Healthy: the database answers, and the role's own loop beat recently on this machine or
container (salesbot/heartbeat.py). The worker beats between tasks, so its limit covers the
longest task (a post with several photos, each up to three Tesseract passes); the listener
beats only while it is connected to Mattermost and reading.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from salesbot import heartbeat

# Seconds a heartbeat may be old before the role counts as not alive.
EDAD_MAXIMA = {"worker": 600.0, "listener": 120.0}

QUE_HACE = {
    "worker": "el worker no está procesando la cola",
    "listener": "el listener no está conectado a Mattermost",
}


class Command(BaseCommand):
    help = (
        "Salud del worker o del listener de este contenedor: la base de datos responde y el "
        "proceso latió hace poco. Sale con 0 si está sano y con 1 si no."
    )

    def add_arguments(self, parser):
        parser.add_argument("rol", choices=sorted(EDAD_MAXIMA))
        parser.add_argument(
            "--max-edad",
            type=float,
            metavar="SEGUNDOS",
            help="antigüedad máxima del último latido (worker 600, listener 120)",
        )

    def handle(self, *args, rol: str, max_edad: float | None, **options) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as exc:
            motivo = str(exc).strip().partition("\n")[0] or type(exc).__name__
            raise CommandError(f"{rol}: la base de datos no responde ({motivo})") from exc
        limite = EDAD_MAXIMA[rol] if max_edad is None else max_edad
        edad = heartbeat.age(rol)
        if edad is None:
            raise CommandError(
                f"{rol}: no hay latido en {heartbeat.path_of(rol)}; {QUE_HACE[rol]} "
                "(¿corre en este contenedor?)"
            )
        if edad > limite:
            raise CommandError(
                f"{rol}: el último latido fue hace {edad:.0f} s (máximo {limite:.0f} s); "
                f"{QUE_HACE[rol]}"
            )
        self.stdout.write(f"{rol}: sano (base de datos responde, último latido hace {edad:.0f} s)")

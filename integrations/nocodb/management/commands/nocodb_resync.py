"""`manage.py nocodb_resync`: compare NocoDB with the ledger, report and fix the differences."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from integrations.nocodb import client
from integrations.nocodb.resync import Alcance, Informe, resync

# Below this many rows a progress bar is noise.
BARRA_DESDE = 2000


class Command(BaseCommand):
    help = (
        "Compara NocoDB con el libro de ventas (filas que faltan, que difieren o que sobran) y "
        "lo corrige, salvo con --dry-run."
    )

    def add_arguments(self, parser):
        alcance = parser.add_mutually_exclusive_group(required=True)
        alcance.add_argument("--all", action="store_true", help="todo el libro")
        alcance.add_argument(
            "--since",
            metavar="AAAA-MM-DD",
            type=_date,
            help="las ventas desde ese día (y sus detalles, vendedores y metas)",
        )
        alcance.add_argument("--venta", metavar="ID", type=int, help="una sola venta")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="solo informar, sin escribir en NocoDB ni en el libro",
        )

    def handle(self, *args, **options):
        if not client.configured():
            raise CommandError("Configure NOCODB_URL y NOCODB_API_TOKEN para comparar con NocoDB.")
        alcance = Alcance(desde=options["since"], venta_id=options["venta"])
        barra = Barra(self.stderr)
        try:
            informe = resync(alcance, aplicar=not options["dry_run"], progreso=barra)
        except client.NocoDBError as exc:
            raise CommandError(f"NocoDB respondió con un error: {exc}") from exc
        finally:
            barra.cerrar()
        self._summary(informe)

    def _summary(self, informe: Informe) -> None:
        out = self.stdout
        out.write(
            f"{'tabla':<10}{'filas':>8}{'iguales':>9}{'faltan':>8}{'difieren':>10}"
            f"{'sobran':>8}{'adoptadas':>11}"
        )
        for nombre, c in informe.tablas.items():
            out.write(
                f"{nombre:<10}{c.filas:>8}{c.iguales:>9}{c.faltan:>8}{c.difieren:>10}"
                f"{c.sobran:>8}{c.adoptadas:>11}"
            )
        for c in informe.tablas.values():
            for ejemplo in c.ejemplos:
                out.write(f"  · {ejemplo}")
        total = sum(c.filas for c in informe.tablas.values())
        ritmo = total / informe.segundos if informe.segundos else 0
        if informe.in_order:
            out.write(f"NocoDB coincide con el libro ({total} filas, {informe.segundos:.1f} s).")
        elif informe.aplicado:
            out.write(
                self.style.SUCCESS(
                    f"Corregido: {informe.written} filas escritas en {informe.segundos:.1f} s "
                    f"({ritmo:.0f} filas/s)."
                )
            )
        else:
            out.write(
                self.style.WARNING(
                    f"Simulación: {informe.written} filas por corregir; no se escribió nada."
                )
            )


def _date(texto: str) -> dt.date:
    try:
        return dt.date.fromisoformat(texto)
    except ValueError:
        raise CommandError(f"--since {texto!r}: use el formato AAAA-MM-DD") from None


class Barra:
    """A progress bar on `salida` (the command's stderr) for long runs; a line every 10 % when
    that stream is not a terminal (a log file, a pipe, `call_command(stderr=...)`)."""

    def __init__(self, salida) -> None:
        self.salida = salida
        self.terminal = salida.isatty()
        self.ultimo = -1
        self.activa = False

    def __call__(self, hechas: int, total: int) -> None:
        if total < BARRA_DESDE:
            return
        self.activa = True
        parte = hechas / total
        if self.terminal:
            llenas = int(parte * 30)
            self.salida.write(
                f"\r[{'#' * llenas}{'.' * (30 - llenas)}] {parte:4.0%} {hechas}/{total} filas",
                ending="",
            )
            self.salida.flush()
        elif int(parte * 10) > self.ultimo:
            self.ultimo = int(parte * 10)
            self.salida.write(f"{parte:4.0%} {hechas}/{total} filas")

    def cerrar(self) -> None:
        if self.activa and self.terminal:
            self.salida.write("")

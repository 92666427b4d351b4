"""NocoDB mirror benchmark: a full resync of 10,000 sales with 2 line items each into an empty
base, against raw bulk inserts of the same rows in the same run.

    .venv/bin/python bench/nocodb_sync.py [--ventas 10000] [--vendedores 25] [--rondas 1]

Starts a real NocoDB 0.301.3 (tests/nocodb/servidor.py: fresh PostgreSQL database, 127.0.0.1,
telemetry off) and a fresh PostgreSQL database for the ledger. Per round:
(a) raw: the same rows, serialised beforehand, POSTed 100 at a time with one requests.Session
    into an empty bootstrapped base (sellers, then sales with their seller's Id, then line items
    with their sale's Id): what NocoDB itself can take;
(b) `nocodb_resync --all` (integrations.nocodb.resync) into another empty base: reading the
    ledger, comparing, pushing, recording every NocoDB Id back on the ledger rows.
Prints rows/s for both and the ratio (b)/(a). Needs PostgreSQL on 127.0.0.1:5432 (trust auth).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import uuid
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.nocodb.servidor import NocoDBLocal  # noqa: E402

PG = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextmanager
def base_de_datos_nueva():
    nombre = f"salesbot_bench_nocodb_{os.getpid()}"
    with psycopg.connect(PG, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{nombre}"')
        c.execute(f'CREATE DATABASE "{nombre}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{nombre}"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(PG, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')


def preparar_django(database_url: str, nocodb) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="salesbot.settings",
        SALESBOT_ENV_FILES="none",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",  # noqa: S106
        DATABASE_URL=database_url,
        NOCODB_URL=nocodb.url,
        NOCODB_API_TOKEN=nocodb.token,
        LOG_LEVEL="WARNING",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def llenar_libro(ventas: int, vendedores: int) -> None:
    """The ledger written directly (not through services: the subject is the resync)."""
    from django.utils import timezone

    from sales.models import Vendedor, Venta

    azar = random.Random(7)
    gente = Vendedor.objects.bulk_create(
        Vendedor(mm_user_id=f"{n:026d}", username=f"vendedor{n}", nombre=f"Vendedor {n}")
        for n in range(vendedores)
    )
    inicio = timezone.now() - dt.timedelta(days=365)
    filas = [_venta(n, gente[n % vendedores], inicio, azar) for n in range(ventas)]
    _detalles(Venta.objects.bulk_create(filas, batch_size=2000))


def _venta(n: int, vendedor, inicio: dt.datetime, azar: random.Random):
    from sales.models import Estado, Venta

    return Venta(
        vendedor=vendedor,
        cliente=f"Cliente {n}",
        monto=Decimal(azar.randrange(10_000, 500_000)) / 100,
        tubos=azar.randrange(0, 12),
        producto="Tubo PVC",
        comision=Decimal("30.00"),
        comision_por_tubo=Decimal("10"),
        comision_umbral=3,
        fecha=inicio + dt.timedelta(minutes=52 * n),
        estado=Estado.REGISTRADA,
        post_id=f"bench{n:021d}",
        channel_id="c" * 26,
        mensaje=f"venta {n}",
    )


def _detalles(ventas: list) -> None:
    from sales.models import Detalle

    Detalle.objects.bulk_create(
        (
            Detalle(
                venta=v,
                descripcion=d,
                cantidad=Decimal("2"),
                precio_unitario=v.monto / 4,
                importe=v.monto / 2,
                origen=Detalle.Origen.TECLEADO,
            )
            for v in ventas
            for d in ("Tubo PVC 2in", "Codo 90°")
        ),
        batch_size=4000,
    )


def base_vacia() -> None:
    from django.conf import settings

    from integrations.nocodb import schema

    settings.NOCODB_BASE = f"bench_{uuid.uuid4().hex[:8]}"
    schema.forget()
    schema.prepare()


def insercion_cruda(nocodb) -> tuple[int, float]:
    """Same rows, pre-serialised, POSTed 100 at a time: NocoDB's own bulk rate."""
    from integrations.nocodb import schema
    from integrations.nocodb.tables import TABLAS, row
    from sales.models import Detalle, Vendedor, Venta

    base_vacia()
    esquema = schema.current()
    cargas = {
        nombre: [(o, row(TABLAS[nombre], o)) for o in modelo.objects.order_by("pk")]
        for nombre, modelo in (("Vendedor", Vendedor), ("Venta", Venta), ("Detalle", Detalle))
    }
    sesion = requests.Session()
    sesion.headers["xc-token"] = nocodb.token
    ids: dict[tuple[str, int], int] = {}
    filas = 0
    inicio = time.perf_counter()
    for nombre, padre, campo in (
        ("Vendedor", None, ""),
        ("Venta", "Vendedor", "vendedor_id"),
        ("Detalle", "Venta", "venta_id"),
    ):
        url = f"{nocodb.url}/api/v2/tables/{esquema.id(nombre)}/records"
        fk = esquema.fk(nombre, padre)
        carga = cargas[nombre]
        for i in range(0, len(carga), 100):
            lote = carga[i : i + 100]
            cuerpo = [
                {**datos, fk: ids[(padre, getattr(o, campo))]} if padre else datos
                for o, datos in lote
            ]
            respuesta = sesion.post(url, json=cuerpo, timeout=60)
            respuesta.raise_for_status()
            for (o, _), r in zip(lote, respuesta.json(), strict=True):
                ids[(nombre, o.pk)] = r["Id"]
            filas += len(lote)
    return filas, time.perf_counter() - inicio


def resync_completo() -> tuple[int, float]:
    from integrations.nocodb.resync import Alcance, resync
    from sales.models import Detalle, Meta, Vendedor, Venta

    base_vacia()
    for modelo in (Vendedor, Venta, Detalle, Meta):
        modelo.objects.update(nocodb_id=None)  # the bench's reset, not a ledger change
    inicio = time.perf_counter()
    informe = resync(Alcance(), aplicar=True)
    segundos = time.perf_counter() - inicio
    filas = sum(c.faltan for c in informe.tablas.values())
    assert informe.written == filas, "a fresh base should only have missing rows"
    return filas, segundos


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ventas", type=int, default=10_000)
    parser.add_argument("--vendedores", type=int, default=25)
    parser.add_argument("--rondas", type=int, default=1)
    parser.add_argument(
        "--sin-auditoria",
        action="store_true",
        help="NocoDB con NC_DISABLE_AUDIT=true (sin historial de filas)",
    )
    args = parser.parse_args()
    log = ROOT / "var" / f"nocodb-bench-{os.getpid()}.log"
    entorno = {"NC_DISABLE_AUDIT": "true"} if args.sin_auditoria else {}
    with NocoDBLocal(log, entorno) as nocodb, base_de_datos_nueva() as database_url:
        preparar_django(database_url, nocodb)
        llenar_libro(args.ventas, args.vendedores)
        print(
            f"libro: {args.ventas} ventas, {2 * args.ventas} detalles, "
            f"{args.vendedores} vendedores; auditoría de NocoDB "
            f"{'apagada' if args.sin_auditoria else 'encendida'}; "
            f"carga al empezar {os.getloadavg()[0]:.2f}"
        )
        for ronda in range(1, args.rondas + 1):
            filas_crudas, t_crudo = insercion_cruda(nocodb)
            filas, t_resync = resync_completo()
            assert filas == filas_crudas
            crudo, resync = filas_crudas / t_crudo, filas / t_resync
            print(
                f"ronda {ronda}: inserción cruda {filas_crudas} filas en {t_crudo:.1f} s "
                f"({crudo:.0f} filas/s); resync --all {filas} filas en {t_resync:.1f} s "
                f"({resync:.0f} filas/s); proporción {resync / crudo:.0%}; "
                f"carga {os.getloadavg()[0]:.2f}"
            )


if __name__ == "__main__":
    main()

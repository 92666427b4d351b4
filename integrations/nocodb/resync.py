"""`manage.py nocodb_resync`: compare NocoDB with the ledger, report, and put it right.

Rows are matched by `local_id`. A ledger row missing in NocoDB is created; a row whose values
differ gets the ledger's values; a row the ledger does not have (deleted, doubled, typed in the
grid) is removed. Meta is the one table managers edit (docs/nocodb.md): there the most recent
change wins (NocoDB's `UpdatedAt` against the goal's `actualizado`), and a goal typed in the
grid without `local_id` is adopted into the ledger, as the webhook would have done.

Runs under the push turn, so it never races the worker's pushes.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from integrations.nocodb import client, inbound, lease, schema
from integrations.nocodb.batch import batches
from integrations.nocodb.client import NocoDBError
from integrations.nocodb.models import ItemSync
from integrations.nocodb.tables import ORDEN, TABLAS, Tabla, differences, remember_ids, row
from integrations.nocodb.webhook import row_of
from sales.models import Meta, Venta

Progreso = Callable[[int, int], None]
ESPERA_TURNO = 180  # seconds a resync waits for a push in progress to finish
ACTOR = "nocodb_resync"


@dataclass(frozen=True)
class Alcance:
    """Which part of the ledger to compare: everything, sales since a day, or one sale."""

    desde: dt.date | None = None
    venta_id: int | None = None

    @property
    def everything(self) -> bool:
        return self.desde is None and self.venta_id is None

    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.desde, dt.time()))

    def local_rows(self, nombre: str) -> models.QuerySet:
        modelo = TABLAS[nombre].modelo
        ventas = Venta.objects.all()
        if self.venta_id is not None:
            ventas = ventas.filter(pk=self.venta_id)
        elif self.desde is not None:
            ventas = ventas.filter(fecha__gte=self.start())
        if self.everything or nombre == "Venta":
            qs = modelo.objects.all() if self.everything else ventas
        elif nombre == "Vendedor":
            qs = modelo.objects.filter(pk__in=ventas.values("vendedor_id"))
        elif nombre == "Detalle":
            qs = modelo.objects.filter(venta__in=ventas)
        elif nombre in ("EstadoCuenta", "Ajuste") and self.desde is not None:
            qs = modelo.objects.filter(mes__gte=self.desde.replace(day=1))
        elif nombre in ("EstadoCuenta", "Ajuste"):
            qs = modelo.objects.none()  # one sale's resync leaves the closes alone
        elif self.desde is not None:
            qs = Meta.objects.filter(mes__gte=self.desde.replace(day=1))
        else:
            qs = Meta.objects.none()
        return qs.order_by("pk")


@dataclass
class Conteo:
    filas: int = 0
    iguales: int = 0
    faltan: int = 0
    difieren: int = 0
    sobran: int = 0
    adoptadas: int = 0
    ejemplos: list[str] = field(default_factory=list)

    def note(self, texto: str) -> None:
        if len(self.ejemplos) < 5:
            self.ejemplos.append(texto)


@dataclass
class Informe:
    aplicado: bool
    tablas: dict[str, Conteo] = field(default_factory=dict)
    segundos: float = 0.0

    @property
    def written(self) -> int:
        return sum(c.faltan + c.difieren + c.sobran + c.adoptadas for c in self.tablas.values())

    @property
    def in_order(self) -> bool:
        return self.written == 0


@dataclass
class _Plan:
    """One table's differences: rows to create, to update, whose Id to remember, and goals
    whose grid values win."""

    faltan: list[tuple[Any, dict]] = field(default_factory=list)
    difieren: list[tuple[Any, dict]] = field(default_factory=list)
    remapeos: list[Any] = field(default_factory=list)
    gana_nocodb: list[dict] = field(default_factory=list)


def resync(alcance: Alcance, *, aplicar: bool, progreso: Progreso | None = None) -> Informe:
    inicio = time.monotonic()
    resync = _Resync(alcance, aplicar, progreso or (lambda hechas, total: None))
    if not aplicar:
        resync.run()
    else:
        resync.dueno = f"resync-{uuid.uuid4().hex[:8]}"
        _wait_for_lease(resync.dueno)
        try:
            resync.run()
        finally:
            lease.release(resync.dueno)
    resync.informe.segundos = time.monotonic() - inicio
    return resync.informe


def _wait_for_lease(dueno: str) -> None:
    limite = time.monotonic() + ESPERA_TURNO
    while not lease.take(dueno):
        if time.monotonic() > limite:
            raise NocoDBError(
                "Otro proceso lleva más de 3 minutos enviando a NocoDB; pruebe más tarde",
                permanent=True,
            )
        time.sleep(1)


class _Resync:
    def __init__(self, alcance: Alcance, aplicar: bool, progreso: Progreso) -> None:
        self.alcance = alcance
        self.aplicar = aplicar
        self.progreso = progreso
        self.informe = Informe(aplicado=aplicar)
        self.sello = f"resync-{uuid.uuid4().hex[:10]}"
        self.dueno = ""
        self.hechas = 0
        self.total = 0
        self.ventas_remotas: list[int] = []

    def run(self) -> None:
        consultas = {n: self.alcance.local_rows(n) for n in ORDEN}
        self.total = sum(qs.count() for qs in consultas.values())
        self.progreso(0, self.total)
        for nombre in ORDEN:
            self._table(TABLAS[nombre], consultas[nombre])

    def _advance(self, filas: int) -> None:
        self.hechas += filas
        self.progreso(self.hechas, self.total)

    def _table(self, tabla: Tabla, consulta: models.QuerySet) -> None:
        conteo = self.informe.tablas.setdefault(tabla.nombre, Conteo())
        tabla_id = schema.current().id(tabla.nombre)
        locales = {o.pk: o for o in consulta}
        conteo.filas = len(locales)
        remotas, sobrantes, sin_local = self._remote_rows(tabla, tabla_id, locales)
        if tabla.nombre == "Meta":
            conteo.adoptadas, quitar = len(sin_local), sobrantes
        else:
            quitar, sin_local = sobrantes + sin_local, []
        if tabla.nombre == "Venta":
            self.ventas_remotas = [int(r["Id"]) for r in remotas.values()]
        plan = self._compare(tabla, locales, remotas, self._parents(tabla, consulta), conteo)
        conteo.faltan, conteo.sobran = len(plan.faltan), len(quitar)
        for remota in quitar:
            conteo.note(
                f"sobra {tabla.nombre} Id {remota['Id']} (local_id {remota.get('local_id')})"
            )
        self._advance(conteo.iguales)
        if not self.aplicar:
            self._advance(len(plan.faltan) + conteo.difieren)
            return
        for lote in batches(plan.remapeos, 500):
            remember_ids(tabla.modelo, list(lote))
        self._create(tabla, tabla_id, plan.faltan)
        self._update(tabla_id, plan.difieren)
        self._bring_goals(plan.gana_nocodb, sin_local)
        self._delete(tabla_id, sorted(int(r["Id"]) for r in quitar))

    def _compare(self, tabla: Tabla, locales, remotas, padres, conteo: Conteo) -> _Plan:
        """What each local row needs in NocoDB: created, updated, its Id remembered, or (a goal
        edited in the grid since) brought into the ledger."""
        fk = schema.current().fk(tabla.nombre, tabla.padre)
        plan = _Plan()
        for pk, obj in locales.items():
            padre_id = padres.get(getattr(obj, tabla.campo_padre, None))
            datos = row(tabla, obj, fk=fk, padre_id=padre_id, sello=self.sello)
            remota = remotas.get(pk)
            if remota is None:
                plan.faltan.append((obj, datos))
                conteo.note(f"falta {tabla.nombre} {pk}")
                continue
            if obj.nocodb_id != int(remota["Id"]):
                obj.nocodb_id = int(remota["Id"])
                plan.remapeos.append(obj)
            cambiadas = differences(tabla, datos, remota, fk)
            if not cambiadas:
                conteo.iguales += 1
                continue
            conteo.difieren += 1
            conteo.note(f"{tabla.nombre} {pk} difiere en {', '.join(cambiadas)}")
            if tabla.nombre == "Meta" and self._grid_wins(obj, remota):
                plan.gana_nocodb.append(remota)
            else:
                plan.difieren.append((obj, {"Id": int(remota["Id"]), **datos}))
        return plan

    @staticmethod
    def _grid_wins(meta: Meta, remota: dict) -> bool:
        """A goal edited in the grid after the ledger's last change (its webhook was lost).

        A change of the ledger still waiting to be pushed always wins. NocoDB keeps whole
        seconds, so the ledger's time is compared at that resolution too.
        """
        pendiente = ItemSync.objects.filter(
            tabla="Meta", objeto_id=meta.pk, estado=ItemSync.Estado.PENDIENTE
        ).exists()
        cambio = remota.get("UpdatedAt") or remota.get("CreatedAt")
        if pendiente or not cambio:
            return False
        return _moment(cambio) >= meta.actualizado.replace(microsecond=0)

    @staticmethod
    def _parents(tabla: Tabla, consulta: models.QuerySet) -> dict[int, int | None]:
        """Parent pk → NocoDB Id, read after the parents' own phase (a subquery: the scope can
        hold more ids than SQLite takes as parameters)."""
        if not tabla.padre:
            return {}
        modelo = TABLAS[tabla.padre].modelo
        de_la_consulta = consulta.order_by().values(tabla.campo_padre)
        return dict(modelo.objects.filter(pk__in=de_la_consulta).values_list("pk", "nocodb_id"))

    # --- Reading NocoDB ---------------------------------------------------------------------

    def _remote_rows(self, tabla: Tabla, tabla_id: str, locales: dict[int, Any]):
        """NocoDB's rows in scope: by local_id, the ones the ledger lacks, and those without
        local_id."""
        por_local: dict[int, dict] = {}
        sobrantes, sin_local = [], []
        filas = self._read(tabla, tabla_id, locales)
        existentes = self._existing(
            tabla, {int(f["local_id"]) for f in filas if f.get("local_id") is not None}
        )
        for f in filas:
            local_id = f.get("local_id")
            if local_id is None:
                sin_local.append(f)
            elif int(local_id) in locales and int(local_id) not in por_local:
                por_local[int(local_id)] = f
            elif int(local_id) not in existentes or int(local_id) in por_local:
                sobrantes.append(f)  # deleted from the ledger, or a second copy
        return por_local, sobrantes, sin_local

    def _read(self, tabla: Tabla, tabla_id: str, locales: dict[int, Any]) -> list[dict]:
        if self.alcance.everything:
            return list(client.list_rows(tabla_id))
        filas: dict[int, dict] = {}
        for where in self._filters(tabla, list(locales)):
            for f in client.list_rows(tabla_id, where=where):
                filas[int(f["Id"])] = f
        if tabla.nombre == "Venta" and self.alcance.desde:
            inicio = self.alcance.start()
            return [
                f
                for f in filas.values()
                if f.get("local_id") in locales or _moment(f.get("fecha")) >= inicio
            ]
        return sorted(filas.values(), key=lambda f: int(f["Id"]))

    def _filters(self, tabla: Tabla, ids: list[int]) -> list[str]:
        por_local = [f"(local_id,in,{','.join(map(str, lote))})" for lote in batches(ids)]
        if tabla.nombre == "Venta" and self.alcance.desde:
            dia = (self.alcance.desde - dt.timedelta(days=1)).isoformat()
            return [*por_local, f"(fecha,gte,exactDate,{dia})"]
        if tabla.nombre == "Detalle":
            fk = schema.current().fk("Detalle", "Venta")
            return por_local + [
                f"({fk},in,{','.join(map(str, lote))})" for lote in batches(self.ventas_remotas)
            ]
        if tabla.nombre == "Meta" and self.alcance.desde:
            return [*por_local, f"(mes,gte,exactDate,{self.alcance.desde.replace(day=1)})"]
        return por_local

    @staticmethod
    def _existing(tabla: Tabla, ids: set[int]) -> set[int]:
        encontrados: set[int] = set()
        for lote in batches(sorted(ids), 900):
            encontrados.update(
                tabla.modelo.objects.filter(pk__in=lote).values_list("pk", flat=True)
            )
        return encontrados

    # --- Writing ------------------------------------------------------------------------------

    def _renew(self) -> None:
        lease.renew(self.dueno)

    def _create(self, tabla: Tabla, tabla_id: str, faltan: list[tuple[Any, dict]]) -> None:
        for lote in batches(faltan):
            self._renew()
            ids = client.create_rows(tabla_id, [datos for _obj, datos in lote])
            objetos = [obj for obj, _datos in lote]
            for obj, nocodb_id in zip(objetos, ids, strict=True):
                obj.nocodb_id = nocodb_id
            remember_ids(tabla.modelo, objetos)
            self._advance(len(lote))

    def _update(self, tabla_id: str, difieren: list[tuple[Any, dict]]) -> None:
        for lote in batches(difieren):
            self._renew()
            client.update_rows(tabla_id, [datos for _obj, datos in lote])
            self._advance(len(lote))

    def _delete(self, tabla_id: str, ids: list[int]) -> None:
        for lote in batches(ids):
            self._renew()
            client.delete_rows(tabla_id, list(lote))

    def _bring_goals(self, editadas: list[dict], sin_local: list[dict]) -> None:
        """Goals changed or typed in the grid after the ledger's last change: into the ledger."""
        for remota in editadas:
            inbound.apply(row_of(remota), actor=ACTOR)
            self._advance(1)
        for remota in sin_local:
            inbound.adopt(row_of(remota), actor=ACTOR)


def _moment(valor: Any) -> dt.datetime:
    if not valor:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    momento = dt.datetime.fromisoformat(str(valor).replace("Z", "+00:00"))
    return momento if momento.tzinfo else momento.replace(tzinfo=dt.UTC)

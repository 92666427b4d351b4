"""One push round over the due NocoDB items (`push.push` runs it under the lease).

The round takes the due items in order, pushes the current state of each object they name in
bulk (≤ 100 rows per request, parents first so children's foreign keys can be set), keeps
NocoDB's `Id` on the local row, and marks the items sent in the same transaction. NocoDB down or
failing: the items wait on the NOCODB_REINTENTOS schedule (`sales.retry`), then are given up
(visible in the admin, retryable). A row NocoDB refuses gives up alone, at once.

Every request that may create rows is preceded by a committed `verificar` mark on its items: a
retry after a timeout, an error-after-write or a killed worker first looks the rows up by
`local_id` and adopts what NocoDB already has.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence

from django.db import models, transaction
from django.utils import timezone

from integrations.nocodb import client, lease, schema
from integrations.nocodb.client import LOTE, NocoDBError
from integrations.nocodb.models import ItemSync
from integrations.nocodb.tables import ORDEN, TABLAS, Tabla, remember_ids, row
from sales import queue, retry
from sales.models import Detalle

logger = logging.getLogger(__name__)

Clave = tuple[str, int]
Estado = ItemSync.Estado
# Items taken per task run; more due items get a follow-up task (other tasks run in between).
RONDA = 1000


def batches[T](objetos: Sequence[T], tamano: int = LOTE) -> Iterator[Sequence[T]]:
    for inicio in range(0, len(objetos), tamano):
        yield objetos[inicio : inicio + tamano]


class PushRound:
    """One run over the due items: what to push, and what became of each object."""

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.sello = uuid.uuid4().hex[:16]
        self.items: dict[Clave, list[ItemSync]] = defaultdict(list)
        self.borrados: list[ItemSync] = []
        self.dudosos: set[Clave] = set()
        self.hechos = 0
        self.reintentos = 0
        self.abandonos = 0
        self.proxima: dt.datetime | None = None  # when the earliest retry is due

    def run(self) -> str:
        due = list(
            ItemSync.objects.filter(
                estado=Estado.PENDIENTE, proximo_intento__lte=timezone.now()
            ).order_by("id")[:RONDA]
        )
        if not due:
            return "skipped"
        for item in due:
            if item.accion == ItemSync.Accion.BORRAR:
                self.borrados.append(item)
            else:
                self.items[(item.tabla, item.objeto_id)].append(item)
        try:
            self._add_parents()
            self._start()
            for nombre in ORDEN:
                self._save_table(TABLAS[nombre])
            self._delete()
        except (NocoDBError, lease.LeaseLost) as exc:
            if isinstance(exc, NocoDBError) and exc.code == "ERR_TABLE_NOT_FOUND":
                schema.forget()
            self._reschedule_rest(exc)
        if self.proxima:
            with transaction.atomic():
                queue.enqueue("push_nocodb", run_after=self.proxima)
        return "gave-up" if self.abandonos else "retry" if self.reintentos else "ok"

    # --- Preparing ------------------------------------------------------------------------

    def _add_parents(self) -> None:
        """A child needs its parent in NocoDB: parents not there yet join the round (with an
        item of their own, so their creation is marked like any other)."""
        for nombre in reversed(ORDEN):
            tabla = TABLAS[nombre]
            if not tabla.padre:
                continue
            ids = [i for (t, i) in self.items if t == nombre]
            sin_padre = set(
                tabla.modelo.objects.filter(pk__in=ids)
                .filter(**{f"{tabla.relacionados[0]}__nocodb_id__isnull": True})
                .values_list(tabla.campo_padre, flat=True)
            )
            # A parent that gave up stays given up until an operator retries it.
            abandonados = set(
                ItemSync.objects.filter(
                    tabla=tabla.padre, objeto_id__in=sin_padre, estado=Estado.ABANDONADO
                ).values_list("objeto_id", flat=True)
            )
            for padre_id in sin_padre - abandonados:
                if (tabla.padre, padre_id) not in self.items:
                    item = ItemSync.objects.create(tabla=tabla.padre, objeto_id=padre_id)
                    self.items[(tabla.padre, padre_id)].append(item)

    def _start(self) -> None:
        """Count the attempt and mark it before any request (committed at once)."""
        for clave, items in self.items.items():
            if any(i.verificar for i in items):
                self.dudosos.add(clave)
        ids = [i.id for items in self.items.values() for i in items]
        ids += [i.id for i in self.borrados]
        for lote in batches(ids, 500):
            ItemSync.objects.filter(id__in=lote).update(
                intentos=models.F("intentos") + 1, verificar=True
            )
        for item in self._all_items():
            item.intentos += 1

    def _all_items(self) -> Iterator[ItemSync]:
        for items in self.items.values():
            yield from items
        yield from self.borrados

    # --- Saving ---------------------------------------------------------------------------

    def _save_table(self, tabla: Tabla) -> None:
        ids = [i for (t, i) in self.items if t == tabla.nombre]
        if not ids:
            return
        objetos = {o.pk: o for o in tabla.modelo.objects.filter(pk__in=ids)}
        # Gone from the ledger since: nothing to mirror (a deletion item removes the row).
        self._finish(tabla.nombre, [i for i in ids if i not in objetos])
        padres = self._parent_ids(tabla, objetos.values())
        listos = []
        for obj in objetos.values():
            if tabla.padre and padres.get(getattr(obj, tabla.campo_padre)) is None:
                self._fail(tabla.nombre, obj.pk, f"{tabla.padre} aún no está en NocoDB")
            else:
                listos.append(obj)
        self._adopt_doubtful(tabla, [o for o in listos if o.nocodb_id is None])
        nuevos = [o for o in listos if o.nocodb_id is None]
        existentes = [o for o in listos if o.nocodb_id is not None]
        for lote in batches(nuevos):
            self._create(tabla, list(lote), padres)
        for lote in batches(existentes):
            self._update(tabla, list(lote), padres)

    def _parent_ids(self, tabla: Tabla, objetos) -> dict[int, int | None]:
        if not tabla.padre:
            return {}
        modelo = TABLAS[tabla.padre].modelo
        padre_ids = {getattr(o, tabla.campo_padre) for o in objetos}
        return dict(modelo.objects.filter(pk__in=padre_ids).values_list("pk", "nocodb_id"))

    def _rows(self, tabla: Tabla, objetos: list, padres: dict[int, int | None]) -> list[dict]:
        fk = schema.current().fk(tabla.nombre, tabla.padre)
        return [
            row(
                tabla,
                o,
                fk=fk,
                padre_id=padres.get(getattr(o, tabla.campo_padre, None)),
                sello=self.sello,
            )
            for o in objetos
        ]

    def _adopt_doubtful(self, tabla: Tabla, nuevos: list) -> None:
        """Rows an earlier, unfinished attempt may have created: use them if they exist."""
        dudosos = [o for o in nuevos if (tabla.nombre, o.pk) in self.dudosos]
        if not dudosos:
            return
        encontrados = client.ids_by_local_id(
            schema.current().id(tabla.nombre), [o.pk for o in dudosos]
        )
        adoptados = []
        for obj in dudosos:
            if obj.pk in encontrados:
                obj.nocodb_id = encontrados[obj.pk]
                adoptados.append(obj)
        if adoptados:
            logger.info(
                "NocoDB already had %s %s rows from an unfinished push: adopted",
                len(adoptados),
                tabla.nombre,
            )
            remember_ids(tabla.modelo, adoptados)

    def _create(self, tabla: Tabla, lote: list, padres: dict[int, int | None]) -> None:
        lease.renew(self.owner)
        try:
            ids = client.create_rows(
                schema.current().id(tabla.nombre), self._rows(tabla, lote, padres)
            )
        except NocoDBError as exc:
            if not exc.permanent:
                raise
            return self._one_by_one(tabla, lote, padres, exc)
        for obj, nocodb_id in zip(lote, ids, strict=True):
            obj.nocodb_id = nocodb_id
        self._succeeded(tabla, lote, ids_nuevos=True)

    def _update(self, tabla: Tabla, lote: list, padres: dict[int, int | None]) -> None:
        lease.renew(self.owner)
        filas = [
            {"Id": o.nocodb_id, **f}
            for o, f in zip(lote, self._rows(tabla, lote, padres), strict=True)
        ]
        try:
            client.update_rows(schema.current().id(tabla.nombre), filas)
        except NocoDBError as exc:
            if not exc.permanent:
                raise
            return self._one_by_one(tabla, lote, padres, exc)
        if tabla.nombre == "Venta":
            self._remove_stale_items([o.nocodb_id for o in lote])
        self._succeeded(tabla, lote)

    def _remove_stale_items(self, ventas: list[int]) -> None:
        """Line items a change replaced (the ledger deleted them): their rows go too."""
        esquema = schema.current()
        tabla_id, fk = esquema.id("Detalle"), esquema.fk("Detalle", "Venta")
        where = f"({fk},in,{','.join(str(i) for i in ventas)})"
        remotas = {
            int(f["Id"]): f["local_id"]
            for f in client.list_rows(tabla_id, where=where, fields=["Id", "local_id"])
        }
        vivos = set(
            Detalle.objects.filter(pk__in=[i for i in remotas.values() if i]).values_list(
                "pk", flat=True
            )
        )
        # Rows without local_id were typed in the grid: left for nocodb_resync to report.
        sobrantes = sorted(i for i, local in remotas.items() if local and local not in vivos)
        for lote in batches(sobrantes):
            self._delete_batch(tabla_id, list(lote))

    def _one_by_one(self, tabla: Tabla, lote: list, padres, exc: NocoDBError) -> None:
        """A refused lot: find the rows NocoDB refuses, push the others."""
        if len(lote) == 1:
            return self._refused(tabla, lote[0], padres, exc)
        for obj in lote:
            if obj.nocodb_id is None:
                self._create(tabla, [obj], padres)
            else:
                self._update(tabla, [obj], padres)

    def _refused(self, tabla: Tabla, obj, padres, exc: NocoDBError) -> None:
        if exc.duplicate or exc.not_found:
            # Already there under another Id (unique local_id), or deleted in the grid.
            tabla_id = schema.current().id(tabla.nombre)
            encontrado = client.ids_by_local_id(tabla_id, [obj.pk]).get(obj.pk)
            if encontrado is not None and encontrado != obj.nocodb_id:
                self._remember_id(obj, encontrado)
                return self._update(tabla, [obj], padres)
            if encontrado is None and obj.nocodb_id is not None:
                self._remember_id(obj, None)
                return self._create(tabla, [obj], padres)
        self._give_up(tabla.nombre, obj.pk, str(exc))

    @staticmethod
    def _remember_id(obj, nocodb_id: int | None) -> None:
        obj.nocodb_id = nocodb_id
        obj.save(update_fields=["nocodb_id"])

    def _succeeded(self, tabla: Tabla, lote: list, *, ids_nuevos: bool = False) -> None:
        claves = [(tabla.nombre, o.pk) for o in lote]
        with transaction.atomic():
            if ids_nuevos:
                remember_ids(tabla.modelo, lote)
            self._finish(tabla.nombre, [o.pk for o in lote])
        self.dudosos.difference_update(claves)

    # --- Deleting -------------------------------------------------------------------------

    def _delete(self) -> None:
        por_tabla: dict[str, list[ItemSync]] = defaultdict(list)
        for item in self.borrados:
            por_tabla[item.tabla].append(item)
        for nombre, items in por_tabla.items():
            tabla_id = schema.current().id(nombre)
            sin_id = [i.objeto_id for i in items if i.nocodb_id is None]
            encontrados = client.ids_by_local_id(tabla_id, sin_id) if sin_id else {}
            ids = sorted({i.nocodb_id or encontrados.get(i.objeto_id) for i in items} - {None})
            for lote in batches(ids):
                lease.renew(self.owner)
                self._delete_batch(tabla_id, list(lote))
            self._mark(items, Estado.ENVIADO)

    def _delete_batch(self, tabla_id: str, ids: list[int]) -> None:
        try:
            client.delete_rows(tabla_id, ids)
        except NocoDBError as exc:
            if not exc.not_found:
                raise
            # Some were already gone (a bulk delete is all or nothing): one by one.
            for nocodb_id in ids:
                try:
                    client.delete_rows(tabla_id, [nocodb_id])
                except NocoDBError as exc_uno:
                    if not exc_uno.not_found:
                        raise

    # --- Outcomes -------------------------------------------------------------------------

    def _finish(self, nombre: str, ids: list[int]) -> None:
        items = [i for objeto_id in ids for i in self.items.pop((nombre, objeto_id), [])]
        self._mark(items, Estado.ENVIADO)

    def _mark(self, items: list[ItemSync], estado: str) -> None:
        if not items:
            return
        cambios = {"estado": estado}
        if estado == Estado.ENVIADO:
            cambios.update(enviado=timezone.now(), verificar=False)
            self.hechos += len(items)
        for lote in batches([i.id for i in items], 500):
            ItemSync.objects.filter(id__in=lote).update(**cambios)

    def _give_up(self, nombre: str, objeto_id: int, error: str) -> None:
        logger.error("NocoDB refused %s %s, giving up: %s", nombre, objeto_id, error)
        for item in self.items.pop((nombre, objeto_id), []):
            self._note(item, error, Estado.ABANDONADO)
            self.abandonos += 1

    def _fail(self, nombre: str, objeto_id: int, error: str) -> None:
        for item in self.items.pop((nombre, objeto_id), []):
            self._reschedule(item, error)

    def _reschedule_rest(self, exc: Exception) -> None:
        """A failure of NocoDB itself: everything not done yet waits for the next attempt."""
        pendientes = [*self._all_items()]
        self.items.clear()
        self.borrados = []
        logger.warning("NocoDB push failed, %s items wait: %s", len(pendientes), exc)
        for item in pendientes:
            self._reschedule(item, str(exc))

    def _reschedule(self, item: ItemSync, error: str) -> None:
        # The attempt was counted when it started (`_start`).
        due = retry.next_due(item.intentos, "nocodb")
        if due is None:
            self.abandonos += 1
            logger.error(
                "NocoDB item %s gave up after %s attempts: %s", item.id, item.intentos, error
            )
            return self._note(item, error, Estado.ABANDONADO)
        item.proximo_intento = due
        self.proxima = min(self.proxima or due, due)
        self.reintentos += 1
        self._note(item, error, Estado.PENDIENTE)

    def _note(self, item: ItemSync, error: str, estado: str) -> None:
        item.estado = estado
        retry.record_failure(item, error, count=False)
        item.save(update_fields=["estado", "ultimo_error", "historial", "proximo_intento"])

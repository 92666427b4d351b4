"""Ledger changes waiting to be pushed to NocoDB.

Services call `record(obj)` inside their transaction for every change to Vendedor, Venta,
Detalle or Meta. A Venta brings its seller and its line items along; line items a change
deleted are found and removed when the sale is pushed. `record_deletion` removes a row by
its NocoDB Id. The push task is queued in the same transaction (the task backend is this
database), unless one is already waiting: either both exist or neither does.

Without NOCODB_URL and NOCODB_API_TOKEN the mirror is off and nothing is recorded;
`manage.py nocodb_resync --all` brings a mirror switched on later up to date.
"""

from __future__ import annotations

from django.db import models

from integrations.nocodb import client
from integrations.nocodb.models import ItemSync
from sales import queue
from sales.models import Venta


def record(obj: models.Model) -> None:
    """Record that `obj` changed and must reach NocoDB."""
    if not client.configured():
        return
    objetos: list[models.Model] = [obj]
    if isinstance(obj, Venta):
        objetos = [obj.vendedor, obj, *obj.detalles.all()]
    ItemSync.objects.bulk_create(ItemSync(tabla=type(o).__name__, objeto_id=o.pk) for o in objetos)
    queue.enqueue_once("push_nocodb")


def record_deletion(tabla: str, *, nocodb_id: int | None, objeto_id: int = 0) -> None:
    """Record that a NocoDB row must go: by its `Id`, or else found by `local_id`."""
    if not client.configured():
        return
    ItemSync.objects.create(
        tabla=tabla, objeto_id=objeto_id, accion=ItemSync.Accion.BORRAR, nocodb_id=nocodb_id
    )
    queue.enqueue_once("push_nocodb")

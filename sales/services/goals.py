"""A seller's monthly goal: the one service that writes a Meta (admin, NocoDB's grid).

Like the sale services it runs in one transaction, leaves an audit entry and records the
NocoDB sync item.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from integrations.nocodb import outbox
from integrations.nocodb.models import ItemSync
from sales.models import Meta, Vendedor
from sales.services.audit import record


def set_goal(
    *,
    vendedor: Vendedor,
    mes: dt.date,
    monto: Decimal,
    tubos: int,
    actor: str,
    meta_id: int | None = None,
    nota: str = "",
) -> Meta:
    """Create or change a seller's goal for a month (`mes` is moved to the month's first day).

    Without `meta_id` the goal of that seller and month is changed if it exists. Nothing is
    written when nothing changes.
    """
    mes = mes.replace(day=1)
    with transaction.atomic():
        # The seller's row serializes their goals: two first goals for a month saved at once
        # would both insert and one fail on the unique constraint. The month close takes the
        # same lock (sales/closing/statements.py).
        list(Vendedor.objects.select_for_update(no_key=True).filter(pk=vendedor.pk).values("pk"))
        if meta_id is not None:
            meta = Meta.objects.select_for_update().get(pk=meta_id)
        else:
            meta = Meta.objects.select_for_update().filter(vendedor=vendedor, mes=mes).first()
        antes = snapshot(meta) if meta else None
        meta = meta or Meta()
        meta.vendedor, meta.mes, meta.monto, meta.tubos = vendedor, mes, monto, tubos
        if antes == snapshot(meta):
            return meta
        meta.full_clean(exclude=["nocodb_id"])
        meta.save()
        accion = "fijar_meta" if antes else "crear_meta"
        record(
            actor=actor, accion=accion, objeto=meta, antes=antes, despues=snapshot(meta), nota=nota
        )
        outbox.record(meta)
        return meta


def remove_goal(*, meta_id: int, actor: str, nota: str = "") -> bool:
    """Take a goal away (its NocoDB row goes too); False when it was already gone."""
    with transaction.atomic():
        meta = Meta.objects.select_for_update().filter(pk=meta_id).first()
        if meta is None:
            return False
        record(
            actor=actor, accion="quitar_meta", objeto=meta, antes=snapshot(meta), despues=None,
            nota=nota,
        )  # fmt: skip
        outbox.record_deletion(ItemSync.Tabla.META, nocodb_id=meta.nocodb_id, objeto_id=meta.pk)
        meta.delete()
        return True


def snapshot(meta: Meta) -> dict[str, Any]:
    return {
        "vendedor": meta.vendedor_id,
        "mes": meta.mes.isoformat(),
        "monto": str(Decimal(meta.monto).quantize(Decimal("0.01"))),
        "tubos": meta.tubos,
    }

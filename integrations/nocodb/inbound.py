"""Goals set by managers in NocoDB's grid, brought into the ledger.

Managers may edit only the Meta table (docs/nocodb.md). Each row of a webhook is one of:
- an echo of salesbot's own push: an insert that already has a `local_id`, or an update whose
  `sello` changed (salesbot writes a new one on every push, nobody else does) → dropped;
- a manager's edit of a known goal → `sales.goals.set_goal`, which audits it and pushes the
  normalised goal back (that push's echo is then dropped: no loop);
- a goal typed in the grid (no `local_id`) → adopted: the ledger gets the goal and the row
  gets its `local_id`. If the seller already had a goal that month, the grid's values go to
  that goal and the extra row is removed;
- a manager's edit the ledger refuses (a negative amount, say) → `rechazada`: the row gets the
  ledger's values back, so the grid never shows a goal that is not the one being counted.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction

from integrations.nocodb import outbox
from integrations.nocodb.models import ItemSync
from integrations.nocodb.webhook import EventoMeta, FilaMeta
from sales.models import Meta, Vendedor
from sales.services import goals

logger = logging.getLogger(__name__)

Resultado = Literal["eco", "aplicada", "adoptada", "sin_cambios", "ignorada", "rechazada"]
ACTOR = "nocodb"


def receive(evento: EventoMeta) -> dict[str, int]:
    """What became of each row, counted by outcome."""
    cuenta: Counter[str] = Counter()
    for fila, anterior in evento.filas:
        try:
            cuenta[_one(evento.tipo, fila, anterior)] += 1
        except ValidationError as exc:
            logger.info("NocoDB Meta %s refused: %s", fila.nocodb_id, exc.messages)
            cuenta[_restore(fila)] += 1
    return dict(cuenta)


def _restore(fila: FilaMeta) -> Resultado:
    """A refused edit of a known goal: the row gets the ledger's values back."""
    meta = Meta.objects.filter(pk=fila.local_id).first() if fila.local_id else None
    if meta is None:
        return "ignorada"
    with transaction.atomic():  # the sync item and its task together
        outbox.record(meta)
    return "rechazada"


def _one(tipo: str, fila: FilaMeta, anterior: FilaMeta | None) -> Resultado:
    if is_echo(tipo, fila, anterior):
        return "eco"
    if fila.local_id is None:
        return adopt(fila)
    return apply(fila)


def is_echo(tipo: str, fila: FilaMeta, anterior: FilaMeta | None) -> bool:
    if tipo == "insert":
        return fila.local_id is not None
    return anterior is not None and fila.sello != anterior.sello


def apply(fila: FilaMeta, *, actor: str = ACTOR) -> Resultado:
    """A manager's values for a goal the ledger knows."""
    meta = Meta.objects.select_related("vendedor").filter(pk=fila.local_id).first()
    if meta is None:
        logger.info("NocoDB Meta %s names local_id %s, unknown here", fila.nocodb_id, fila.local_id)
        return "ignorada"
    vendedor = _seller(fila) or meta.vendedor
    antes = goals.snapshot(meta)
    guardada = goals.set_goal(
        meta_id=meta.pk,
        vendedor=vendedor,
        mes=fila.mes or meta.mes,
        monto=meta.monto if fila.monto is None else fila.monto,
        tubos=meta.tubos if fila.tubos is None else fila.tubos,
        actor=actor,
        nota="editada en NocoDB",
    )
    return "sin_cambios" if goals.snapshot(guardada) == antes else "aplicada"


def adopt(fila: FilaMeta, *, actor: str = ACTOR) -> Resultado:
    """A goal typed in the grid: into the ledger, and the row learns its local_id."""
    vendedor = _seller(fila)
    if not fila.complete or vendedor is None:
        # A row still being typed: a later update brings the missing cells.
        return "ignorada"
    with transaction.atomic():
        meta = goals.set_goal(
            vendedor=vendedor,
            mes=fila.mes,
            monto=fila.monto,
            tubos=fila.tubos or 0,
            actor=actor,
            nota="creada en NocoDB",
        )
        meta = Meta.objects.select_for_update().get(pk=meta.pk)
        if meta.nocodb_id is None:
            meta.nocodb_id = fila.nocodb_id
            meta.save(update_fields=["nocodb_id"])
        if meta.nocodb_id != fila.nocodb_id:
            _remove_repeated_row(fila)
        # The row must learn its local_id (and the month's first day) even when the goal's
        # values did not change.
        outbox.record(meta)
    return "adoptada"


def _remove_repeated_row(fila: FilaMeta) -> None:
    logger.info(
        "NocoDB Meta %s repeats an existing goal: its values were taken, row removed",
        fila.nocodb_id,
    )
    outbox.record_deletion(ItemSync.Tabla.META, nocodb_id=fila.nocodb_id)


def _seller(fila: FilaMeta) -> Vendedor | None:
    if fila.vendedor_nocodb_id is None:
        return None
    return Vendedor.objects.filter(nocodb_id=fila.vendedor_nocodb_id).first()

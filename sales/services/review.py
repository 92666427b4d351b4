"""Review: a sale flagged for a person, and a reviewer's decision on one review round."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from integrations.nocodb import outbox
from sales import replies
from sales.closing import adjustments, plans
from sales.models import Estado, Venta
from sales.reports.figures import month_of, progress
from sales.services.audit import SISTEMA, audit, snapshot
from sales.services.notify import notify_state, reply, swap_reaction
from sales.texts import thread


class VentaYaDecidida(Exception):
    """The review round was already decided (by another reviewer, or the sale changed)."""


@dataclass(frozen=True)
class Revision:
    """Why a sale goes to review, as the checks found it."""

    motivo: str
    detalle: str = ""


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision on one review round of a sale.

    `version` is the sale's version the reviewer saw: a sale that changed since (a new photo,
    an edit) is not decided on stale evidence. Approving keeps the chosen amount and tubes
    (None: as they are); rejecting needs a reason.
    """

    ronda: int
    aprobar: bool
    revisor: str
    monto: Decimal | None = None
    tubos: int | None = None
    razon: str = ""
    version: int | None = None
    # How the reviewer is named to the seller (their full name); `revisor` when empty.
    nombre_revisor: str = ""
    # Which value the reviewer kept, per field: "escrito", "leido" or "corregido" (audited).
    eleccion: dict[str, str] | None = None


def flag_for_review(*, venta: Venta, revision: Revision, actor: str = SISTEMA) -> Venta:
    """Flag a sale for review: a new review round, ⚠, and a reply saying why."""
    with transaction.atomic():
        venta = Venta.objects.select_for_update().get(pk=venta.pk)
        return flag(venta, revision, actor)


def flag(venta: Venta, revision: Revision, actor: str) -> Venta:
    """`flag_for_review` on a sale already locked by the caller's transaction."""
    antes, estado_anterior = snapshot(venta), venta.estado
    if venta.estado in (Estado.RECHAZADA, Estado.ANULADA):
        venta.comision = plans.commission_of(venta)
    if venta.estado != Estado.EN_REVISION:
        venta.ronda_revision += 1  # entering review opens a new round
    venta.estado, venta.motivo, venta.motivo_detalle = (
        Estado.EN_REVISION,
        revision.motivo,
        revision.detalle,
    )
    venta.version += 1
    venta.save()
    audit(venta, actor=actor, accion="marcar_revision", antes=antes, nota=revision.detalle)
    notify_state(venta, estado_anterior=estado_anterior, clave="revision")
    outbox.record(venta)
    adjustments.record_adjustment(venta=venta, actor=actor)
    return venta


def decide_review(*, venta: Venta, **decision) -> Venta:
    """A reviewer's decision (the fields of `Decision`) on one review round; a round is decided
    once. Approving recomputes the commission with the sale's own rule. Raises VentaYaDecidida
    when the round is over, ValueError for a rejection without a reason.
    """
    return decide(venta, Decision(**decision))


def decide(venta: Venta, decision: Decision) -> Venta:
    """`decide_review` with the decision already built."""
    if not decision.aprobar and not decision.razon.strip():
        raise ValueError(thread.RAZON_REQUERIDA)
    with transaction.atomic():
        venta = Venta.objects.select_for_update().get(pk=venta.pk)
        _check_round(venta, decision)
        antes, estado_anterior = snapshot(venta), venta.estado
        _apply_decision(venta, decision)
        venta.version += 1
        venta.save()
        accion = "aprobar" if decision.aprobar else "rechazar"
        nota = thread.nota_decision(decision.eleccion, decision.razon.strip())
        audit(venta, actor=decision.revisor, accion=accion, antes=antes, nota=nota)
        with replies.together():
            reply(venta, "decision", _decision_text(venta, decision, antes))
            swap_reaction(venta, estado_anterior)
        outbox.record(venta)
        # A decision after the sale's month closed is paid or taken back next month.
        adjustments.record_adjustment(venta=venta, actor=decision.revisor)
        return venta


def _check_round(venta: Venta, decision: Decision) -> None:
    if venta.estado != Estado.EN_REVISION or venta.ronda_revision != decision.ronda:
        raise VentaYaDecidida(thread.ronda_ya_decidida(venta.pk, decision.ronda))
    if decision.version is not None and venta.version != decision.version:
        raise VentaYaDecidida(thread.venta_cambio(venta.pk, decision.version))


def _apply_decision(venta: Venta, decision: Decision) -> None:
    if decision.aprobar:
        venta.monto = decision.monto if decision.monto is not None else venta.monto
        venta.tubos = decision.tubos if decision.tubos is not None else venta.tubos
        venta.comision = plans.commission_of(venta)
        venta.estado = Estado.APROBADA
    else:
        venta.estado = Estado.RECHAZADA
        venta.comision = Decimal("0.00")


def _decision_text(venta: Venta, decision: Decision, antes: dict) -> str:
    revisor = decision.nombre_revisor or decision.revisor
    if decision.aprobar:
        prog = progress(venta.vendedor, month_of(venta.fecha))
        cambios = thread.cambios_al_aprobar(venta, antes, decision.eleccion or {})
        return thread.venta_aprobada(venta, revisor, prog, cambios)
    return thread.venta_rechazada(venta, revisor, decision.razon.strip())

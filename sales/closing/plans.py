"""Commission plans: which plan a month uses, pricing a sale with it, and saving a plan.

A month uses the published plan with the latest `vigente_desde` on or before it; a month before
every plan uses the settings' rule (COMISION_*), as before plans existed. Each sale keeps the
rule it was priced with (`Venta.plan` and its two rule fields); publishing or changing a plan
re-prices the sales of the open months it governs, one audit entry per sale, and never touches
a closed month: a plan can only take effect after the last closed month, and a plan a closed
month used is locked (docs/closing.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from integrations.nocodb import outbox
from sales.closing.models import CierreMes, EstadoPlan, PlanComision
from sales.closing.rules import Regla, sale_commission
from sales.models import Auditoria, Estado, Venta
from sales.reports.figures import month_of, month_range
from sales.services import audit

# Their commission is 0 whatever the rule (ledger.void_sale, review.decide_review).
NO_PAGAN = (Estado.RECHAZADA, Estado.ANULADA)
CAMPOS_PRECIO = ["plan", "comision_por_tubo", "comision_umbral", "comision", "actualizado"]
# pg_advisory_xact_lock key shared by closes, reopenings and plan changes ("CIERRE" in ASCII).
CANDADO_CIERRE = 0x434945525245


def serialize_closing() -> None:
    """Closes, reopenings and plan changes run one at a time (until the transaction ends).

    SQLite needs nothing: its transactions take the write lock when they begin
    (salesbot/settings.py)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CANDADO_CIERRE])


def plan_for_month(mes: dt.date) -> PlanComision | None:
    return (
        PlanComision.objects.filter(estado=EstadoPlan.PUBLICADO, vigente_desde__lte=mes)
        .order_by("-vigente_desde")
        .first()
    )


def last_closed_month() -> dt.date | None:
    cierre = CierreMes.objects.filter(estado=CierreMes.Estado.CERRADO).order_by("-mes").first()
    return cierre.mes if cierre else None


def sale_rule(venta: Venta) -> Regla:
    """The rule the sale was priced with: its plan's, or the two fields the settings filled."""
    if venta.plan_id is not None:
        return venta.plan.regla
    return Regla(umbral=venta.comision_umbral, por_tubo=venta.comision_por_tubo)


def commission_of(venta: Venta) -> Decimal:
    """The sale's commission for its current tubes under its own rule (tiers included)."""
    return sale_commission(venta.tubos, sale_rule(venta))


def price(venta: Venta, plan: PlanComision | None) -> bool:
    """Give an unsaved or saved sale `plan` (None: the settings' rule) and the commission it
    earns under it; returns whether anything changed. Nothing is saved."""
    regla = plan.regla if plan else Regla.de_ajustes()
    antes = (venta.plan_id, venta.comision_por_tubo, venta.comision_umbral, venta.comision)
    venta.plan = plan
    venta.comision_por_tubo, venta.comision_umbral = regla.por_tubo, regla.umbral
    if venta.estado in NO_PAGAN:
        venta.comision = Decimal("0.00")
    else:
        venta.comision = sale_commission(venta.tubos, regla)
    return antes != (venta.plan_id, venta.comision_por_tubo, venta.comision_umbral, venta.comision)


def price_for_its_month(venta: Venta) -> bool:
    """The hook for registering a sale: its month's plan, or the settings' rule."""
    return price(venta, plan_for_month(month_of(venta.fecha)))


# --- Saving a plan -------------------------------------------------------------------------------


def save_plan(*, plan: PlanComision, actor: str) -> int:
    """Create or change a plan (publishing it is setting `estado`), with an audit entry.

    A published plan, or one that stops being published, re-prices the sales of the open months
    from its start; returns how many sales changed. Raises ValidationError (the plan's rules)
    or Inmutable (a locked plan)."""
    with transaction.atomic():
        serialize_closing()
        antes = snapshot(PlanComision.objects.get(pk=plan.pk)) if plan.pk else None
        plan.full_clean()
        if plan.publicado and plan.publicado_en is None:
            plan.publicado_en, plan.publicado_por = timezone.now(), actor
        plan.save()
        despues = snapshot(plan)
        if antes == despues:
            return 0
        Auditoria.objects.create(
            actor=actor,
            accion=_accion(antes, plan),
            modelo="PlanComision",
            objeto_id=plan.pk,
            antes=antes,
            despues=despues,
        )
        if not plan.publicado and (antes is None or antes["estado"] != EstadoPlan.PUBLICADO):
            return 0
        desde = min(plan.vigente_desde, dt.date.fromisoformat((antes or despues)["vigente_desde"]))
        nota = f"Plan de comisión «{plan.nombre}» ({_accion(antes, plan)})."
        return reprice_open_months(desde=desde, actor=actor, nota=nota)


def _accion(antes: dict[str, Any] | None, plan: PlanComision) -> str:
    if antes is None:
        return "crear_plan"
    if plan.publicado and antes["estado"] != EstadoPlan.PUBLICADO:
        return "publicar_plan"
    return "editar_plan"


def snapshot(plan: PlanComision) -> dict[str, Any]:
    def texto(valor: Any) -> str | None:
        return None if valor is None else str(valor)

    return {
        "nombre": plan.nombre,
        "vigente_desde": plan.vigente_desde.isoformat(),
        "estado": plan.estado,
        "umbral": plan.umbral,
        "por_tubo": texto(plan.por_tubo),
        "umbral_escalon": plan.umbral_escalon,
        "por_tubo_escalon": texto(plan.por_tubo_escalon),
        "acelerador": texto(plan.acelerador),
    }


def reprice_open_months(*, desde: dt.date, actor: str, nota: str) -> int:
    """Price again, with their month's plan, the sales of every open month from `desde`.

    A sale without a plan in a month without one keeps the rule it was priced with."""
    cerrados = set(
        CierreMes.objects.filter(estado=CierreMes.Estado.CERRADO).values_list("mes", flat=True)
    )
    ventas = (
        Venta.objects.select_for_update(of=("self",))
        .filter(fecha__gte=month_range(desde)[0])
        .select_related("vendedor")
        .order_by("id")
    )
    planes: dict[dt.date, PlanComision | None] = {}
    cambiadas = 0
    for venta in ventas:
        mes = month_of(venta.fecha)
        if mes in cerrados:
            continue
        if mes not in planes:
            planes[mes] = plan_for_month(mes)
        if planes[mes] is None and venta.plan_id is None:
            continue
        antes = audit.snapshot(venta)
        if price(venta, planes[mes]):
            venta.save(update_fields=CAMPOS_PRECIO)
            audit.audit(venta, actor=actor, accion="recalcular_comision", antes=antes, nota=nota)
            outbox.record(venta)
            cambiadas += 1
    return cambiadas

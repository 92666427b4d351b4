"""Plans: which one a month uses, how publishing re-prices open months, and that a plan a closed
month used never changes (nor do that month's sales and statements)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sales.closing import plans
from sales.closing.models import EstadoCuenta, EstadoPlan, Inmutable, PlanComision
from sales.closing.statements import close_month
from sales.models import Auditoria, Estado, Venta
from tests.closing.conftest import NOVIEMBRE, OCTUBRE, SEPTIEMBRE, crear_plan, en
from tests.factories import VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db


def borrador(**campos) -> PlanComision:
    return PlanComision(
        **{
            "nombre": "Plan nuevo",
            "vigente_desde": NOVIEMBRE,
            "umbral": 2,
            "por_tubo": Decimal("20.00"),
            **campos,
        }
    )


def test_a_month_uses_the_latest_published_plan_that_started_on_or_before_it():
    base = crear_plan(vigente_desde=SEPTIEMBRE)
    octubre = crear_plan(nombre="Octubre", vigente_desde=OCTUBRE)
    crear_plan(nombre="Borrador", vigente_desde=NOVIEMBRE, estado=EstadoPlan.BORRADOR)
    assert plans.plan_for_month(SEPTIEMBRE) == base
    assert plans.plan_for_month(OCTUBRE) == octubre
    assert plans.plan_for_month(NOVIEMBRE) == octubre
    assert plans.plan_for_month(SEPTIEMBRE.replace(month=8)) is None


def test_a_sale_is_priced_with_its_months_plan_or_else_with_the_settings(settings):
    settings.COMISION_POR_TUBO, settings.COMISION_UMBRAL_TUBOS = Decimal("7"), 1
    plan = crear_plan(vigente_desde=OCTUBRE, umbral_escalon=6, por_tubo_escalon=Decimal("30"))
    con_plan = Venta(fecha=en(OCTUBRE), tubos=8, estado=Estado.REGISTRADA)
    sin_plan = Venta(fecha=en(SEPTIEMBRE), tubos=8, estado=Estado.REGISTRADA)
    plans.price_for_its_month(con_plan)
    plans.price_for_its_month(sin_plan)
    assert (con_plan.plan, con_plan.comision) == (plan, Decimal("90.00"))
    assert (con_plan.comision_umbral, con_plan.comision_por_tubo) == (3, Decimal("10.00"))
    assert (sin_plan.plan, sin_plan.comision) == (None, Decimal("49.00"))


def test_a_sale_is_recomputed_with_its_own_plans_tier():
    plan = crear_plan(umbral_escalon=6, por_tubo_escalon=Decimal("30"))
    venta = VentaFactory(fecha=en(SEPTIEMBRE), tubos=8, plan=plan)
    assert plans.commission_of(venta) == Decimal("90.00")
    sin_plan = VentaFactory(fecha=en(SEPTIEMBRE), tubos=8, comision_umbral=5)
    assert plans.commission_of(sin_plan) == Decimal("30.00")


def test_publishing_a_plan_reprices_the_open_months_sales_with_an_audit_entry():
    crear_plan(vigente_desde=SEPTIEMBRE)
    octubre = VentaFactory(fecha=en(OCTUBRE), tubos=5, comision=Decimal("20.00"))
    noviembre = VentaFactory(fecha=en(NOVIEMBRE), tubos=5, comision=Decimal("20.00"))
    rechazada = VentaFactory(
        fecha=en(NOVIEMBRE), tubos=5, comision=Decimal("0.00"), estado=Estado.RECHAZADA
    )
    nuevo = borrador(estado=EstadoPlan.PUBLICADO)
    assert plans.save_plan(plan=nuevo, actor="admin:gerente") == 2
    for venta in (octubre, noviembre, rechazada):
        venta.refresh_from_db()
    assert (octubre.plan_id, octubre.comision) == (None, Decimal("20.00"))
    assert (noviembre.plan, noviembre.comision) == (nuevo, Decimal("60.00"))
    assert (rechazada.plan, rechazada.comision) == (nuevo, Decimal("0.00"))
    entrada = Auditoria.objects.get(venta=noviembre, accion="recalcular_comision")
    assert (entrada.antes["comision"], entrada.despues["comision"]) == ("20.00", "60.00")
    assert entrada.actor == "admin:gerente"
    publicado = Auditoria.objects.get(modelo="PlanComision", objeto_id=nuevo.pk)
    assert (publicado.accion, publicado.despues["estado"]) == ("crear_plan", "publicado")
    assert nuevo.publicado_por == "admin:gerente"


def test_a_draft_plan_changes_no_sale():
    venta = VentaFactory(fecha=en(NOVIEMBRE), tubos=5, comision=Decimal("20.00"))
    assert plans.save_plan(plan=borrador(), actor="gerente") == 0
    venta.refresh_from_db()
    assert (venta.plan_id, venta.comision) == (None, Decimal("20.00"))


def test_a_plan_that_stops_being_published_gives_its_months_back_to_the_previous_plan():
    base = crear_plan(vigente_desde=SEPTIEMBRE)
    nuevo = borrador(estado=EstadoPlan.PUBLICADO)
    plans.save_plan(plan=nuevo, actor="gerente")
    venta = VentaFactory(fecha=en(NOVIEMBRE), tubos=5, plan=nuevo, comision=Decimal("60.00"))
    nuevo.estado = EstadoPlan.BORRADOR
    assert plans.save_plan(plan=nuevo, actor="gerente") == 1
    venta.refresh_from_db()
    assert (venta.plan, venta.comision) == (base, Decimal("20.00"))


def test_a_plan_change_does_not_alter_past_sales_or_closed_statements():
    base = crear_plan(vigente_desde=SEPTIEMBRE)
    ana = VendedorFactory(username="ana")
    septiembre = VentaFactory(vendedor=ana, fecha=en(SEPTIEMBRE), tubos=5, plan=base)
    octubre = VentaFactory(vendedor=ana, fecha=en(OCTUBRE), tubos=9, comision=Decimal("60.00"))
    close_month(mes=SEPTIEMBRE, actor="gerente")
    estados_antes = list(EstadoCuenta.objects.values())
    ventas_antes = list(Venta.objects.filter(pk=septiembre.pk).values())

    nuevo = borrador(vigente_desde=OCTUBRE, estado=EstadoPlan.PUBLICADO)
    assert plans.save_plan(plan=nuevo, actor="gerente") == 1

    assert list(EstadoCuenta.objects.values()) == estados_antes
    assert list(Venta.objects.filter(pk=septiembre.pk).values()) == ventas_antes
    octubre.refresh_from_db()
    assert (octubre.plan, octubre.comision) == (nuevo, Decimal("140.00"))
    base.refresh_from_db()
    assert base.bloqueado


def test_a_plan_a_closed_month_used_cannot_be_saved_updated_or_deleted():
    base = crear_plan(vigente_desde=SEPTIEMBRE)
    close_month(mes=SEPTIEMBRE, actor="gerente")
    base.por_tubo = Decimal("99.00")
    with pytest.raises(Inmutable):
        base.save()
    with pytest.raises(ValidationError, match="ya se aplicó a un mes cerrado"):
        plans.save_plan(plan=base, actor="gerente")
    with pytest.raises(Inmutable):
        PlanComision.objects.filter(pk=base.pk).update(por_tubo=Decimal("99.00"))
    with pytest.raises(Inmutable):
        base.delete()
    with pytest.raises(Inmutable):
        PlanComision.objects.filter(pk=base.pk).delete()
    base.refresh_from_db()
    assert base.por_tubo == Decimal("10.00")


def test_a_plan_cannot_take_effect_in_a_closed_month():
    crear_plan(vigente_desde=SEPTIEMBRE)
    close_month(mes=OCTUBRE, actor="gerente")
    with pytest.raises(ValidationError) as error:
        plans.save_plan(
            plan=borrador(vigente_desde=OCTUBRE, estado=EstadoPlan.PUBLICADO), actor="gerente"
        )
    assert "se aplicaría a octubre 2026, que ya está cerrado" in str(error.value)
    # As a draft it can: drafts apply to nothing (they are for "¿Y si…?").
    plans.save_plan(plan=borrador(vigente_desde=OCTUBRE), actor="gerente")


def test_a_later_plan_shields_a_closed_month_from_an_earlier_open_plans_change():
    crear_plan(nombre="Octubre", vigente_desde=OCTUBRE)
    close_month(mes=OCTUBRE, actor="gerente")
    septiembre = crear_plan(nombre="Septiembre", vigente_desde=SEPTIEMBRE)
    septiembre.nombre = "Septiembre (corregido)"
    plans.save_plan(plan=septiembre, actor="gerente")
    assert PlanComision.objects.get(pk=septiembre.pk).nombre == "Septiembre (corregido)"


def test_two_published_plans_cannot_start_the_same_month():
    crear_plan(vigente_desde=NOVIEMBRE)
    with pytest.raises(ValidationError, match="Ya hay un plan publicado desde ese mes"):
        plans.save_plan(plan=borrador(estado=EstadoPlan.PUBLICADO), actor="gerente")


@pytest.mark.parametrize(
    ("campos", "error"),
    [
        ({"umbral_escalon": 10}, "hacen falta el segundo umbral y su comisión"),
        ({"umbral_escalon": 2, "por_tubo_escalon": Decimal("5")}, "mayor que el umbral"),
        ({"acelerador": Decimal("0.8")}, "al menos 1"),
    ],
)
def test_a_plans_rule_is_checked_before_it_is_saved(campos, error):
    with pytest.raises(ValidationError, match=error):
        plans.save_plan(plan=borrador(**campos), actor="gerente")
    assert not PlanComision.objects.filter(nombre="Plan nuevo").exists()


def test_the_start_month_is_kept_as_its_first_day():
    plan = borrador(vigente_desde=NOVIEMBRE.replace(day=17))
    plans.save_plan(plan=plan, actor="gerente")
    assert PlanComision.objects.get(pk=plan.pk).vigente_desde == NOVIEMBRE


def test_only_a_draft_is_deleted():
    plan = crear_plan(estado=EstadoPlan.BORRADOR)
    publicado = crear_plan(vigente_desde=OCTUBRE)
    with pytest.raises(Inmutable):
        publicado.delete()
    borrado = plan.pk
    plan.delete()
    assert list(PlanComision.objects.filter(pk__in=[borrado, publicado.pk])) == [publicado]

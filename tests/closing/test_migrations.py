"""What the migrations give an existing installation: the first plan seeded from the settings,
so it keeps paying the same, and the `Gerentes` group."""

import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.utils import timezone

from sales.closing import plans
from sales.closing.models import EstadoPlan, PlanComision
from sales.closing.permissions import GRUPO_GERENTES, sync_managers
from sales.commission import ReglaComision, commission_for
from sales.models import Estado, Venta
from tests.closing.conftest import SEPTIEMBRE, en
from tests.factories import VentaFactory

pytestmark = pytest.mark.django_db
migracion = importlib.import_module("sales.migrations.0006_plan_inicial_y_gerentes")


def _apartar_el_plan_sembrado_al_crear_la_base():
    """The test database's own seed (this month's) would clash with the one made here."""
    sembrado = PlanComision.objects.filter(nombre="Plan inicial")
    sembrado.update(nombre="Sembrado al crear la base", estado=EstadoPlan.BORRADOR)


def test_the_first_plan_is_seeded_from_the_settings_and_pays_the_same(settings):
    settings.COMISION_POR_TUBO, settings.COMISION_UMBRAL_TUBOS = Decimal("12.50"), 4
    VentaFactory(fecha=en(SEPTIEMBRE.replace(month=10), 5))
    VentaFactory(fecha=en(SEPTIEMBRE, 1, hora=0))
    _apartar_el_plan_sembrado_al_crear_la_base()
    migracion.sembrar_plan(apps, SimpleNamespace(connection=connection))
    plan = PlanComision.objects.get(nombre="Plan inicial")
    assert (plan.estado, plan.vigente_desde, plan.umbral, plan.por_tubo) == (
        EstadoPlan.PUBLICADO,
        SEPTIEMBRE,
        4,
        Decimal("12.50"),
    )
    assert (plan.umbral_escalon, plan.acelerador) == (None, None)
    hoy = ReglaComision.vigente()
    for tubos in range(12):
        venta = Venta(fecha=en(SEPTIEMBRE), tubos=tubos, estado=Estado.REGISTRADA)
        plans.price(venta, plan)
        assert venta.comision == commission_for(tubos, hoy)


def test_without_sales_the_first_plan_starts_this_month():
    assert not Venta.objects.exists()
    _apartar_el_plan_sembrado_al_crear_la_base()
    migracion.sembrar_plan(apps, SimpleNamespace(connection=connection))
    plan = PlanComision.objects.get(nombre="Plan inicial")
    assert plan.vigente_desde == timezone.localdate().replace(day=1)


def test_the_migration_creates_gerentes_with_exactly_the_managers_permissions():
    grupo = Group.objects.get(name=GRUPO_GERENTES)
    assert sorted(grupo.permissions.values_list("codename", flat=True)) == [
        "add_meta",
        "add_plancomision",
        "cerrar_mes",
        "change_meta",
        "change_plancomision",
        "delete_plancomision",
        "view_ajuste",
        "view_auditoria",
        "view_cierremes",
        "view_detalle",
        "view_estadocuenta",
        "view_lineaestadocuenta",
        "view_meta",
        "view_plancomision",
        "view_vendedor",
        "view_venta",
    ]


def test_syncing_gerentes_takes_away_a_permission_added_by_hand():
    grupo = sync_managers()
    grupo.permissions.add(Permission.objects.get(codename="change_venta"))
    assert not sync_managers().permissions.filter(codename="change_venta").exists()

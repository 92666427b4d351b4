"""Managers edit plans in the admin (es-MX: "Agregar"), through the service; a plan a closed
month used is shown read-only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sales.closing.models import EstadoPlan, PlanComision
from sales.closing.statements import close_month
from sales.models import Auditoria
from tests.closing.conftest import NOVIEMBRE, OCTUBRE, SEPTIEMBRE, crear_plan, en
from tests.factories import VentaFactory
from tests.helpers.mesa import crear_revisor

pytestmark = pytest.mark.django_db
LISTA = reverse("admin:sales_plancomision_changelist")
AGREGAR = reverse("admin:sales_plancomision_add")


def formulario(**campos):
    return {
        "nombre": "Plan de noviembre",
        "vigente_desde": "15/11/2026",
        "estado": "borrador",
        "umbral": "3",
        "por_tubo": "12.00",
        "umbral_escalon": "",
        "por_tubo_escalon": "",
        "acelerador": "1.5",
        "nota": "",
        **campos,
    }


def test_the_list_says_agregar_and_links_the_what_if_page(como_gerente):
    html = como_gerente.get(LISTA).content.decode()
    assert "Agregar plan de comisión" in html
    assert "Añadir" not in html
    assert reverse("admin:sales_plancomision_que_pasaria_si") in html


def test_a_manager_adds_a_draft_plan_through_the_service(como_gerente):
    respuesta = como_gerente.post(AGREGAR, formulario())
    assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
    plan = PlanComision.objects.get(nombre="Plan de noviembre")
    assert (plan.vigente_desde, plan.estado, plan.acelerador) == (
        NOVIEMBRE,
        EstadoPlan.BORRADOR,
        Decimal("1.50"),
    )
    entrada = Auditoria.objects.get(modelo="PlanComision", objeto_id=plan.pk)
    assert (entrada.accion, entrada.actor) == ("crear_plan", "admin:gerente")


def test_publishing_from_the_form_reprices_the_open_month(como_gerente):
    crear_plan(vigente_desde=SEPTIEMBRE)
    venta = VentaFactory(fecha=en(NOVIEMBRE), tubos=5, comision=Decimal("20.00"))
    respuesta = como_gerente.post(AGREGAR, formulario(estado="publicado"), follow=True)
    assert "Se recalculó la comisión de 1 venta de meses abiertos." in respuesta.content.decode()
    venta.refresh_from_db()
    assert venta.comision == Decimal("24.00")


def test_a_tier_without_its_amount_is_refused_in_spanish(como_gerente):
    respuesta = como_gerente.post(AGREGAR, formulario(umbral_escalon="10"))
    assert respuesta.status_code == 200
    assert "hacen falta el segundo umbral y su comisión por tubo" in respuesta.content.decode()
    assert not PlanComision.objects.filter(nombre="Plan de noviembre").exists()


def test_the_publish_action_publishes_drafts_and_explains_refusals(como_gerente):
    crear_plan(vigente_desde=SEPTIEMBRE)
    close_month(mes=OCTUBRE, actor="gerente")
    bueno = crear_plan(nombre="Bueno", vigente_desde=NOVIEMBRE, estado=EstadoPlan.BORRADOR)
    malo = crear_plan(nombre="Malo", vigente_desde=OCTUBRE, estado=EstadoPlan.BORRADOR)
    respuesta = como_gerente.post(
        LISTA,
        {"action": "publicar", "_selected_action": [bueno.pk, malo.pk]},
        follow=True,
    )
    html = respuesta.content.decode()
    assert "Publicaste «Bueno»" in html
    assert "«Malo»: Así publicado, este plan se aplicaría a octubre 2026" in html
    assert PlanComision.objects.get(pk=bueno.pk).estado == EstadoPlan.PUBLICADO
    assert PlanComision.objects.get(pk=malo.pk).estado == EstadoPlan.BORRADOR


def test_a_plan_a_closed_month_used_is_read_only(como_gerente):
    plan = crear_plan(vigente_desde=SEPTIEMBRE)
    close_month(mes=SEPTIEMBRE, actor="gerente")
    url = reverse("admin:sales_plancomision_change", args=[plan.pk])
    html = como_gerente.get(url).content.decode()
    assert 'name="_save"' not in html
    assert "septiembre 2026" in html
    assert como_gerente.post(url, formulario(nombre="Cambiado")).status_code == 403
    assert PlanComision.objects.get(pk=plan.pk).nombre == "Plan base"
    borrar = reverse("admin:sales_plancomision_delete", args=[plan.pk])
    assert como_gerente.post(borrar, {"post": "yes"}).status_code == 403


def test_a_reviewer_does_not_edit_plans(client):
    client.force_login(crear_revisor())
    assert client.get(LISTA).status_code == 403

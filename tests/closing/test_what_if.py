""" "¿Y si…?": per seller, what a month would pay under a draft plan beside what it pays now;
computing it, or opening its admin page, writes nothing at all."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sales.closing import whatif
from sales.closing.models import EstadoPlan
from sales.closing.statements import close_month
from tests.closing.conftest import OCTUBRE, SEPTIEMBRE, crear_plan, en
from tests.factories import MetaFactory, VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db
QUE_PASARIA_SI = reverse("admin:sales_plancomision_que_pasaria_si")


@pytest.fixture
def mes():
    """October under $10 per tube above 3; a draft pays $15 above 2, tier $25 above 8, ×2
    above the tube goal."""
    crear_plan(vigente_desde=SEPTIEMBRE)
    ana, beto = VendedorFactory(username="ana"), VendedorFactory(username="beto")
    MetaFactory(vendedor=ana, mes=OCTUBRE, tubos=12)
    VentaFactory(vendedor=ana, fecha=en(OCTUBRE), tubos=10, comision=Decimal("70.00"))
    VentaFactory(vendedor=ana, fecha=en(OCTUBRE), tubos=4, comision=Decimal("10.00"))
    VentaFactory(vendedor=beto, fecha=en(OCTUBRE), tubos=3, comision=Decimal("0.00"))
    VentaFactory(vendedor=beto, fecha=en(OCTUBRE), tubos=30, estado="rechazada")
    borrador = crear_plan(
        nombre="Borrador",
        vigente_desde=OCTUBRE,
        estado=EstadoPlan.BORRADOR,
        umbral=2,
        por_tubo=Decimal("15.00"),
        umbral_escalon=8,
        por_tubo_escalon=Decimal("25.00"),
        acelerador=Decimal("2"),
    )
    return borrador, ana, beto


def test_it_compares_each_sellers_month_under_the_draft_with_what_it_pays_now(mes):
    borrador, ana, beto = mes
    filas = {f.vendedor: f for f in whatif.compare(plan=borrador, mes=OCTUBRE)}
    # Ana: 6 × 15 + 2 × 25 = 140 and 2 × 15 = 30, plus 2 tubes above 12 × (2 − 1) × 15 = 30.
    assert (filas[ana].actual, filas[ana].propuesta, filas[ana].diferencia) == (
        Decimal("80.00"),
        Decimal("200.00"),
        Decimal("120.00"),
    )
    assert (filas[ana].ventas, filas[ana].tubos, filas[ana].meta_tubos) == (2, 14, 12)
    assert (filas[beto].actual, filas[beto].propuesta) == (Decimal("0.00"), Decimal("15.00"))


def test_what_it_pays_now_includes_the_months_plan_accelerator(mes):
    borrador, ana, _ = mes
    crear_plan(nombre="Acelerado", vigente_desde=OCTUBRE, acelerador=Decimal("1.5"))
    fila = next(f for f in whatif.compare(plan=borrador, mes=OCTUBRE) if f.vendedor == ana)
    assert fila.actual == Decimal("90.00")


def huella() -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of all its rows."""
    resultado = {}
    with connection.cursor() as cursor:
        for tabla in connection.introspection.table_names(cursor):
            nombre = connection.ops.quote_name(tabla)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
                f"FROM {nombre} t"
            )
            resultado[tabla] = cursor.fetchone()
    return resultado


def solo_lecturas(consultas) -> list[str]:
    escrituras = ("INSERT", "UPDATE", "DELETE", "SELECT PG_ADVISORY")
    return [q["sql"] for q in consultas if q["sql"].lstrip().upper().startswith(escrituras)]


@pytest.mark.postgres
def test_computing_it_changes_nothing_in_the_database(mes):
    borrador, _, _ = mes
    close_month(mes=SEPTIEMBRE, actor="gerente")
    antes = huella()
    with CaptureQueriesContext(connection) as consultas:
        whatif.compare(plan=borrador, mes=OCTUBRE)
        whatif.compare(plan=borrador, mes=SEPTIEMBRE)
    assert huella() == antes
    assert len(consultas) > 0
    assert solo_lecturas(consultas.captured_queries) == []


@pytest.mark.postgres
def test_its_admin_page_changes_nothing_in_the_database(mes, como_gerente):
    borrador, _, _ = mes
    como_gerente.get(QUE_PASARIA_SI)  # the session and last login are written once, before
    antes = huella()
    with CaptureQueriesContext(connection) as consultas:
        respuesta = como_gerente.get(QUE_PASARIA_SI, {"plan": borrador.pk, "mes": "2026-10"})
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "$80.00" in html
    assert "$200.00" in html
    assert "$120.00" in html
    assert huella() == antes
    assert solo_lecturas(consultas.captured_queries) == []


def test_the_page_needs_the_plans_permission(client, mes):
    from tests.helpers.mesa import crear_revisor

    client.force_login(crear_revisor())
    assert client.get(QUE_PASARIA_SI).status_code == 403

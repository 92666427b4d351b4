"""The month's overview: per seller sales, tubes, commission and progress toward the Meta, as a
table and a server-drawn chart; any month can be chosen."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sales.models import Estado
from sales.reports import board
from tests.factories import MetaFactory, VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db
RESUMEN = reverse("admin:sales_venta_resumen")
NOVIEMBRE = dt.date(2026, 11, 1)


def en(dia: int, mes: int = 11) -> dt.datetime:
    return dt.datetime(2026, mes, dia, 18, tzinfo=dt.UTC)


@pytest.fixture
def mes_con_ventas():
    ana = VendedorFactory(username="ana", nombre="Ana López")
    beto = VendedorFactory(username="beto", nombre="Beto Ruiz")
    MetaFactory(vendedor=ana, mes=NOVIEMBRE, monto=Decimal("4000.00"), tubos=20)
    VentaFactory(
        vendedor=ana, fecha=en(3), monto=Decimal("1500.00"), tubos=5, comision=Decimal("20.00")
    )
    VentaFactory(
        vendedor=ana,
        fecha=en(9),
        monto=Decimal("1500.00"),
        tubos=7,
        comision=Decimal("40.00"),
        estado=Estado.APROBADA,
    )
    VentaFactory(vendedor=ana, fecha=en(10), monto=Decimal("9999.00"), estado=Estado.EN_REVISION)
    VentaFactory(vendedor=ana, fecha=en(11), monto=Decimal("9999.00"), estado=Estado.RECHAZADA)
    VentaFactory(
        vendedor=beto, fecha=en(12), monto=Decimal("500.00"), tubos=2, comision=Decimal("0.00")
    )
    VentaFactory(vendedor=beto, fecha=en(2, mes=10), monto=Decimal("7000.00"))
    return ana, beto


def test_the_figures_count_registered_and_approved_sales_against_the_goal(mes_con_ventas):
    ana, beto = mes_con_ventas
    fila_ana, fila_beto = board.figures_by_seller(NOVIEMBRE)
    assert (
        fila_ana.vendedor,
        fila_ana.ventas,
        fila_ana.tubos,
        fila_ana.monto,
        fila_ana.comision,
        fila_ana.en_revision,
    ) == (ana, 2, 12, Decimal("3000.00"), Decimal("60.00"), 1)
    assert (fila_ana.meta_monto, fila_ana.meta_tubos, fila_ana.avance) == (
        Decimal("4000.00"),
        20,
        75,
    )
    assert (fila_beto.vendedor, fila_beto.monto, fila_beto.avance) == (
        beto,
        Decimal("500.00"),
        None,
    )


def test_the_page_shows_the_table_and_an_svg_chart_without_outside_scripts(
    como_revisor, mes_con_ventas
):
    html = como_revisor.get(RESUMEN, {"mes": "2026-11"}).content.decode()
    assert "Resumen de noviembre 2026" in html
    assert "$3,000.00 de $4,000.00 (75 %)" in html
    assert "$500.00 (sin meta)" in html
    assert re.search(r'<svg class="grafica" role="img"', html)
    assert len(re.findall(r'<rect x="170"', html)) == 2
    assert re.findall(r'<line class="meta" x1="([\d.]+)"', html) == ["630.0"]
    assert '<td class="numero">$60.00</td>' in html
    assert not re.search(r'<script[^>]+src="(https?:)?//', html)


def test_another_month_can_be_chosen(como_revisor, mes_con_ventas):
    html = como_revisor.get(RESUMEN, {"mes": "2026-10"}).content.decode()
    assert "Resumen de octubre 2026" in html
    assert "$7,000.00 (sin meta)" in html
    assert 'value="2026-10"' in html
    assert 'href="?mes=2026-09"' in html
    assert 'href="?mes=2026-11"' in html


def test_a_month_that_is_not_one_shows_the_current_month(como_revisor, mes_con_ventas):
    respuesta = como_revisor.get(RESUMEN, {"mes": "noviembre"})
    assert respuesta.status_code == 200
    assert respuesta.context["mes"].day == 1


def test_staff_who_may_not_see_sales_do_not_get_the_overview(client):
    from tests.helpers.mesa import crear_staff

    client.force_login(crear_staff("nadie"))
    assert client.get(RESUMEN).status_code == 403


def test_the_table_shows_tubes_progress_and_whether_the_month_was_met(
    client, admin_user, mes_con_ventas
):
    ana, _ = mes_con_ventas
    client.force_login(admin_user)
    html = client.get(RESUMEN, {"mes": "2026-11"}).content.decode()
    fila = re.search(rf'<tr class="vendedor-{ana.pk}">(.*?)</tr>', html, re.S).group(1)
    celdas = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", fila, re.S)
    ]
    # $3,000 of $4,000 (75 %) and 12 of 20 tubes (60 %); November is over: not met.
    assert celdas[-4:] == ["75 %", "60 %", "no la alcanzó", "1"]


@pytest.mark.parametrize(
    ("monto", "hoy", "ritmo"),
    [
        ("3000", dt.date(2026, 11, 15), "a tiempo"),  # 75 % with half the month gone
        ("1000", dt.date(2026, 11, 15), "atrasado: 25 % de 50 % esperado a hoy"),
        ("4000", dt.date(2026, 11, 2), "meta cumplida"),
        ("1000", dt.date(2026, 12, 1), "no la alcanzó"),
        ("1000", dt.date(2026, 10, 31), "—"),  # a month still to come
    ],
)
def test_the_pace_compares_the_goal_reached_with_the_part_of_the_month_gone(monto, hoy, ritmo):
    fila = board.FilaVendedor(
        vendedor=None,
        ventas=1,
        tubos=1,
        monto=Decimal(monto),
        comision=Decimal(0),
        en_revision=0,
        meta_monto=Decimal("4000"),
        meta_tubos=None,
    )
    assert fila.pace(board.elapsed(NOVIEMBRE, hoy)) == ritmo

"""A closed month reads from its statements: `/comision AAAA-MM` and the payroll CSV show what
the close froze, even after a sale of that month changed (the change is an adjustment on the
next month, shown there)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from sales.closing.models import EstadoCuenta
from sales.closing.statements import close_month
from sales.reports import answers
from sales.services import ledger
from tests.closing.conftest import NOVIEMBRE, OCTUBRE, SEPTIEMBRE, crear_plan, en
from tests.factories import VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    crear_plan(vigente_desde=SEPTIEMBRE)
    ana = VendedorFactory(username="ana", nombre="Ana López")
    VentaFactory(vendedor=ana, fecha=en(OCTUBRE, 3), cliente="Ferretería", tubos=5)
    VentaFactory(
        vendedor=ana, fecha=en(OCTUBRE, 9), cliente="Tlapalería", tubos=8, comision=Decimal("50")
    )
    return ana


def filas(respuesta) -> list[dict]:
    texto = b"".join(respuesta.streaming_content if respuesta.streaming else [respuesta.content])
    return list(csv.DictReader(io.StringIO(texto.decode("utf-8-sig"))))


def test_comision_of_a_closed_month_is_its_statement_not_live_data(ana):
    close_month(mes=OCTUBRE, actor="gerente")
    ledger.void_sale(venta=ana.ventas.get(cliente="Ferretería"), actor="@ana")

    octubre = answers.my_commission(ana, OCTUBRE)
    assert octubre.startswith("**Tu estado de cuenta de octubre 2026** (mes cerrado)")
    assert "| Ventas que cuentan | 2 |" in octubre
    assert "| **Total a pagar** | **$70.00** |" in octubre
    # November is open: it answers live, and its close will carry the clawback.
    assert answers.my_commission(ana, NOVIEMBRE).startswith("**Tu comisión de noviembre 2026")


def test_the_next_statement_shows_the_clawback_with_its_reason(ana):
    close_month(mes=OCTUBRE, actor="gerente")
    ledger.void_sale(venta=ana.ventas.get(cliente="Ferretería"), actor="@ana")
    close_month(mes=NOVIEMBRE, actor="gerente")

    noviembre = answers.my_commission(ana, NOVIEMBRE)
    assert "| Ajustes de meses anteriores | -$20.00 |" in noviembre
    assert "| **Total a pagar** | **-$20.00** |" in noviembre
    assert "• Contracargo de -$20.00 · venta" in noviembre
    assert "de octubre 2026: Después del cierre de octubre 2026, la venta se anuló" in noviembre


def test_a_seller_without_a_statement_is_told_so(ana):
    close_month(mes=OCTUBRE, actor="gerente")
    otro = VendedorFactory(username="otro")
    assert answers.my_commission(otro, OCTUBRE) == (
        "Octubre 2026 ya está cerrado y no tuviste ventas que contaran: no hay estado de cuenta."
    )


def test_the_payroll_csv_of_a_closed_month_reads_the_statements(ana, admin_client):
    close_month(mes=OCTUBRE, actor="gerente")
    ledger.void_sale(venta=ana.ventas.get(cliente="Ferretería"), actor="@ana")
    url = reverse("admin:sales_venta_resumen_csv")

    [fila] = filas(admin_client.get(url, {"mes": "2026-10", "por": "vendedor"}))
    estado = EstadoCuenta.objects.get()
    assert (fila["Usuario"], fila["Ventas"], fila["Tubos"]) == ("ana", "2", "13")
    assert (fila["Comisión de las ventas"], fila["Total a pagar"]) == ("70.00", "70.00")
    assert (fila["Plan"], fila["Cerrado por"]) == ("Plan base", "gerente")
    assert Decimal(fila["Total a pagar"]) == estado.total

    por_venta = filas(admin_client.get(url, {"mes": "2026-10", "por": "venta"}))
    assert [(f["Concepto"], f["Cliente"], f["Comisión"]) for f in por_venta] == [
        ("Venta", "Ferretería", "20.00"),
        ("Venta", "Tlapalería", "50.00"),
    ]


def test_the_payroll_csv_lists_the_adjustments_a_statement_paid(ana, admin_client):
    close_month(mes=OCTUBRE, actor="gerente")
    ledger.void_sale(venta=ana.ventas.get(cliente="Ferretería"), actor="@ana")
    close_month(mes=NOVIEMBRE, actor="gerente")
    url = reverse("admin:sales_venta_resumen_csv")

    por_venta = filas(admin_client.get(url, {"mes": "2026-11", "por": "venta"}))
    assert [(f["Concepto"], f["Comisión"]) for f in por_venta] == [("Contracargo", "-20.00")]
    [fila] = filas(admin_client.get(url, {"mes": "2026-11", "por": "vendedor"}))
    assert (fila["Ajustes"], fila["Total a pagar"]) == ("-20.00", "-20.00")


def test_an_open_month_csv_stays_live(ana, admin_client):
    url = reverse("admin:sales_venta_resumen_csv")
    [fila] = filas(admin_client.get(url, {"mes": "2026-10", "por": "vendedor"}))
    assert "Total a pagar" not in fila
    assert fila["Comisión"] == "70.00"

"""The payroll CSV opens in Excel without running anything a seller or client name holds: text
cells starting with =, +, -, @, a tab or a carriage return get a leading apostrophe (the OWASP
rule), and amounts stay numbers."""

import datetime as dt
from decimal import Decimal

import pytest

from sales.reports.spreadsheet import safe_cell
from tests.factories import VendedorFactory, VentaFactory
from tests.review.test_commissions_csv import descargar

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("http://x.example","clic")', "+1+1", "-5", "@SUM(1+1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_text_that_would_be_a_formula_becomes_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Ana", "5", "", Decimal("-5.00"), 7, None])
def test_everything_else_is_left_as_it_is(value):
    assert safe_cell(value) == value


@pytest.fixture
def hostile_month():
    vendedor = VendedorFactory(username="ana", nombre='=HYPERLINK("http://x.example","clic")')
    fecha = dt.datetime(2026, 11, 3, 18, 30, tzinfo=dt.UTC)
    for cliente in ("+1+1", "-5", "@SUM(1+1)"):
        VentaFactory(vendedor=vendedor, fecha=fecha, cliente=cliente, monto=Decimal("100.00"))
    return vendedor


def test_per_seller_the_name_is_text_and_the_amounts_numbers(como_revisor, hostile_month):
    _, filas = descargar(como_revisor, por="vendedor")
    fila = filas[1]
    assert fila[1] == '\'=HYPERLINK("http://x.example","clic")'
    assert fila[5] == "300.00"


def test_per_sale_every_client_is_text(como_revisor, hostile_month):
    _, filas = descargar(como_revisor, por="venta")
    clientes = sorted(f[4] for f in filas[1:])
    assert clientes == ["'+1+1", "'-5", "'@SUM(1+1)"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for f in filas for cell in f)

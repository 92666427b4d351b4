"""The month's commissions as CSV for payroll: per seller and per sale, Spanish headers,
amounts with a decimal dot, UTF-8 with BOM for Excel."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from sales.models import Estado
from tests.factories import MetaFactory, VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db
CSV = reverse("admin:sales_venta_resumen_csv")


@pytest.fixture
def noviembre():
    ana = VendedorFactory(username="ana", nombre="Ana Núñez")
    MetaFactory(vendedor=ana, mes=dt.date(2026, 11, 1), monto=Decimal("3000.00"))
    fecha = dt.datetime(2026, 11, 3, 18, 30, tzinfo=dt.UTC)
    VentaFactory(
        vendedor=ana,
        fecha=fecha,
        cliente="Ferretería Peña",
        monto=Decimal("1500.50"),
        tubos=5,
        comision=Decimal("20.00"),
    )
    VentaFactory(
        vendedor=ana,
        fecha=fecha,
        monto=Decimal("800.00"),
        tubos=8,
        comision=Decimal("50.00"),
        estado=Estado.APROBADA,
    )
    VentaFactory(vendedor=ana, fecha=fecha, estado=Estado.EN_REVISION)
    VentaFactory(vendedor=ana, fecha=fecha, estado=Estado.RECHAZADA, comision=Decimal("0.00"))
    return ana


def descargar(client, **query):
    respuesta = client.get(CSV, {"mes": "2026-11", **query})
    assert respuesta["Content-Type"] == "text/csv; charset=utf-8"
    assert respuesta.content.startswith("\ufeff".encode())
    return respuesta, list(csv.reader(io.StringIO(respuesta.content.decode("utf-8-sig"))))


def test_per_seller_it_has_the_months_totals_and_goal(como_revisor, noviembre):
    respuesta, filas = descargar(como_revisor, por="vendedor")
    assert 'filename="comisiones-2026-11-vendedores.csv"' in respuesta["Content-Disposition"]
    assert filas[0] == [
        "Mes",
        "Vendedor",
        "Usuario",
        "Ventas",
        "Tubos",
        "Monto vendido",
        "Comisión",
        "Meta (monto)",
        "Avance de la meta (%)",
        "En revisión",
    ]
    assert filas[1] == [
        "2026-11",
        "Ana Núñez",
        "ana",
        "2",
        "13",
        "2300.50",
        "70.00",
        "3000.00",
        "76",
        "1",
    ]


def test_per_sale_it_lists_only_the_sales_that_count(como_revisor, noviembre):
    respuesta, filas = descargar(como_revisor, por="venta")
    assert 'filename="comisiones-2026-11-ventas.csv"' in respuesta["Content-Disposition"]
    assert filas[0] == [
        "Venta",
        "Fecha",
        "Vendedor",
        "Usuario",
        "Cliente",
        "Producto",
        "Monto",
        "Tubos",
        "Comisión",
        "Estado",
    ]
    assert [fila[-1] for fila in filas[1:]] == ["Registrada", "Aprobada"]
    assert filas[1][1:] == [
        "2026-11-03 12:30",
        "Ana Núñez",
        "ana",
        "Ferretería Peña",
        "",
        "1500.50",
        "5",
        "20.00",
        "Registrada",
    ]

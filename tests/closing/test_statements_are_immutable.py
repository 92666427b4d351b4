"""A closed statement is never edited: through the model, the queryset, or raw SQL."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from sales.closing.models import EstadoCuenta, Inmutable, LineaEstadoCuenta
from sales.closing.statements import close_month
from tests.closing.conftest import OCTUBRE, en
from tests.factories import VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def estado() -> EstadoCuenta:
    ana = VendedorFactory(username="ana")
    VentaFactory(vendedor=ana, fecha=en(OCTUBRE), tubos=5, comision=Decimal("20.00"))
    return close_month(mes=OCTUBRE, actor="gerente").estados_cuenta.get(vendedor=ana)


def test_saving_a_stored_statement_raises(estado):
    estado.total = Decimal("1000000.00")
    with pytest.raises(Inmutable):
        estado.save()
    with pytest.raises(Inmutable):
        estado.save(update_fields=["total"])
    assert EstadoCuenta.objects.get(pk=estado.pk).total == Decimal("20.00")


def test_deleting_a_statement_raises(estado):
    with pytest.raises(Inmutable):
        estado.delete()
    assert EstadoCuenta.objects.filter(pk=estado.pk).exists()


def test_updating_or_deleting_statements_in_bulk_raises(estado):
    with pytest.raises(Inmutable):
        EstadoCuenta.objects.filter(pk=estado.pk).update(total=Decimal("0"))
    with pytest.raises(Inmutable):
        EstadoCuenta.objects.all().delete()
    estado.total = Decimal("0")
    # bulk_update runs its updates in a transaction without a savepoint: the savepoint here
    # keeps the test's transaction usable after the refusal.
    with pytest.raises(Inmutable), transaction.atomic():
        EstadoCuenta.objects.bulk_update([estado], ["total"])
    linea = estado.lineas.get()
    with pytest.raises(Inmutable):
        linea.save()
    with pytest.raises(Inmutable):
        LineaEstadoCuenta.objects.filter(pk=linea.pk).update(comision=Decimal("0"))
    assert EstadoCuenta.objects.get(pk=estado.pk).total == Decimal("20.00")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE sales_estadocuenta SET total = 0 WHERE id = %s",
        "UPDATE sales_estadocuenta SET total = 0, nocodb_id = 7 WHERE id = %s",
        "DELETE FROM sales_estadocuenta WHERE id = %s",
        "UPDATE sales_lineaestadocuenta SET comision = 0 WHERE estado_cuenta_id = %s",
        "DELETE FROM sales_lineaestadocuenta WHERE estado_cuenta_id = %s",
    ],
)
def test_the_database_refuses_raw_sql_that_rewrites_a_statement(estado, sql):
    with (
        pytest.raises(DatabaseError, match="nunca se modifica ni se borra"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [estado.pk])
    assert EstadoCuenta.objects.get(pk=estado.pk).total == Decimal("20.00")
    assert estado.lineas.get().comision == Decimal("20.00")


def test_only_the_mirrors_bookkeeping_may_be_written_on_a_statement(estado):
    """NocoDB's row id is kept on the statement (integrations/nocodb): nothing else moves."""
    estado.nocodb_id = 41
    estado.save(update_fields=["nocodb_id"])
    EstadoCuenta.objects.filter(pk=estado.pk).update(nocodb_id=42)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sales_estadocuenta SET nocodb_id = 43 WHERE id = %s", [estado.pk])
    guardado = EstadoCuenta.objects.get(pk=estado.pk)
    assert (guardado.nocodb_id, guardado.total) == (43, Decimal("20.00"))
    with pytest.raises(Inmutable):
        EstadoCuenta.objects.filter(pk=estado.pk).update(nocodb_id=44, total=Decimal("0"))
    with pytest.raises(Inmutable):
        estado.save(update_fields=["nocodb_id", "total"])

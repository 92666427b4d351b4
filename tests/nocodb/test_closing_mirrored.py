"""Statements and adjustments reach NocoDB (tables EstadoCuenta and Ajuste, linked to Vendedor);
a reopened month shows its statements as no longer in force."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from integrations.nocodb.client import to_decimal
from integrations.nocodb.models import ItemSync
from sales.closing.models import Ajuste, EstadoCuenta
from sales.closing.statements import close_month, reopen_month
from sales.services import ledger
from tests.closing.conftest import OCTUBRE, SEPTIEMBRE, crear_plan, en
from tests.factories import VendedorFactory, VentaFactory

pytestmark = [pytest.mark.nocodb, pytest.mark.django_db]


def test_statements_and_adjustments_appear_linked_to_their_seller(nocodb, worker):
    crear_plan(vigente_desde=SEPTIEMBRE)
    ana = VendedorFactory(username="ana")
    venta = VentaFactory(vendedor=ana, fecha=en(OCTUBRE, 3), tubos=5)
    VentaFactory(vendedor=ana, fecha=en(OCTUBRE, 4), tubos=5)
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    ledger.void_sale(venta=venta, actor="@ana")
    worker()

    ana.refresh_from_db()
    estado, ajuste = EstadoCuenta.objects.get(), Ajuste.objects.get()
    fila = nocodb.fila("EstadoCuenta", estado.pk)
    assert fila["Id"] == EstadoCuenta.objects.get().nocodb_id
    assert fila[nocodb.fk("EstadoCuenta", "Vendedor")] == ana.nocodb_id
    assert (fila["periodo"], fila["ventas"], fila["vigente"]) == ("2026-10 ana", 2, True)
    assert to_decimal(fila["total"]) == Decimal("40.00")
    fila_ajuste = nocodb.fila("Ajuste", ajuste.pk)
    assert fila_ajuste[nocodb.fk("Ajuste", "Vendedor")] == ana.nocodb_id
    assert (fila_ajuste["tipo"], fila_ajuste["venta"]) == ("contracargo", venta.pk)
    assert to_decimal(fila_ajuste["monto"]) == Decimal("-20.00")
    assert nocodb.fila("Vendedor", ana.pk)["estados_de_cuenta"] == 1

    jefa = User.objects.create_superuser("jefa", "jefa@example.com", "x")
    reopen_month(cierre=cierre, usuario=jefa, motivo="faltó una venta")
    worker()
    assert nocodb.fila("EstadoCuenta", estado.pk)["vigente"] is False
    assert nocodb.fila("Ajuste", ajuste.pk)["anulado"] is True
    assert nocodb.copias_por_local_id("EstadoCuenta") == {estado.pk: 1}
    assert not ItemSync.objects.exclude(estado=ItemSync.Estado.ENVIADO).exists()

"""Reopening a closed month: superusers only, audited; the old statements stay, superseded."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sales.closing.models import Ajuste, CierreMes, EstadoCuenta
from sales.closing.statements import CierreRechazado, close_month, reopen_month
from sales.models import Auditoria
from sales.services import ledger
from tests.closing.conftest import NOVIEMBRE, OCTUBRE, SEPTIEMBRE, ajuste_de, en
from tests.factories import VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return VendedorFactory(username="ana")


def test_a_manager_cannot_reopen_a_month(ana, gerente):
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    with pytest.raises(PermissionDenied):
        reopen_month(cierre=cierre, usuario=gerente, motivo="Me equivoqué")
    cierre.refresh_from_db()
    assert cierre.vigente


def test_reopening_keeps_the_statements_as_superseded_and_is_audited(ana, superusuario):
    VentaFactory(vendedor=ana, fecha=en(OCTUBRE), tubos=5, comision=Decimal("20.00"))
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    antes = list(EstadoCuenta.objects.values())
    reopen_month(cierre=cierre, usuario=superusuario, motivo="Faltaba una venta  ")
    cierre.refresh_from_db()
    assert (cierre.estado, cierre.reabierto_por, cierre.motivo_reapertura) == (
        CierreMes.Estado.REABIERTO,
        "jefa",
        "Faltaba una venta",
    )
    assert list(EstadoCuenta.objects.values()) == antes
    assert not EstadoCuenta.objects.get().vigente
    entrada = Auditoria.objects.get(modelo="CierreMes", accion="reabrir_mes")
    assert (entrada.actor, entrada.nota, entrada.despues["estado"]) == (
        "jefa",
        "Faltaba una venta",
        "reabierto",
    )
    nuevo = close_month(mes=OCTUBRE, actor="gerente")
    assert nuevo.pk != cierre.pk
    assert EstadoCuenta.objects.filter(vendedor=ana, mes=OCTUBRE).count() == 2
    assert [e.vigente for e in EstadoCuenta.objects.order_by("id")] == [False, True]


def test_a_reason_is_required(ana, superusuario):
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    with pytest.raises(CierreRechazado, match="motivo"):
        reopen_month(cierre=cierre, usuario=superusuario, motivo="  ")


def test_only_the_latest_closed_month_is_reopened(ana, superusuario):
    septiembre = close_month(mes=SEPTIEMBRE, actor="gerente")
    close_month(mes=OCTUBRE, actor="gerente")
    with pytest.raises(CierreRechazado, match="octubre 2026 ya está cerrado"):
        reopen_month(cierre=septiembre, usuario=superusuario, motivo="x")


def test_a_reopened_month_is_not_reopened_again(ana, superusuario):
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    reopen_month(cierre=cierre, usuario=superusuario, motivo="x")
    with pytest.raises(CierreRechazado, match="no está cerrado"):
        reopen_month(cierre=cierre, usuario=superusuario, motivo="x")


def test_reopening_cancels_the_months_pending_adjustments_and_frees_the_ones_it_paid(
    ana, superusuario
):
    septiembre_venta = VentaFactory(vendedor=ana, fecha=en(SEPTIEMBRE), tubos=5)
    octubre_venta = VentaFactory(vendedor=ana, fecha=en(OCTUBRE), tubos=6, comision=Decimal("30"))
    close_month(mes=SEPTIEMBRE, actor="gerente")
    ledger.void_sale(venta=septiembre_venta, actor="@ana")
    de_septiembre = ajuste_de(septiembre_venta)
    octubre = close_month(mes=OCTUBRE, actor="gerente")
    ledger.void_sale(venta=octubre_venta, actor="@ana")
    de_octubre = ajuste_de(octubre_venta)
    assert de_septiembre.mes == OCTUBRE
    assert de_octubre.mes == NOVIEMBRE

    reopen_month(cierre=octubre, usuario=superusuario, motivo="Corregir")

    de_septiembre.refresh_from_db()
    de_octubre.refresh_from_db()
    assert (de_septiembre.aplicado_en, de_septiembre.anulado_en) == (None, None)
    assert de_octubre.anulado_en is not None
    # The new close counts the voided sale directly and pays September's clawback again.
    estado = close_month(mes=OCTUBRE, actor="gerente").estados_cuenta.get(vendedor=ana)
    assert (estado.comision, estado.ajustes, estado.total) == (
        Decimal("0.00"),
        Decimal("-20.00"),
        Decimal("-20.00"),
    )
    assert Ajuste.objects.get(pk=de_septiembre.pk).aplicado_en == estado

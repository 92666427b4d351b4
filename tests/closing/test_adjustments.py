"""A closed month's sale changes: one adjustment (clawback or credit) on the next open month,
referencing the sale and the statement; the closed statement itself never moves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sales.closing import adjustments
from sales.closing.adjustments import record_adjustment
from sales.closing.models import Ajuste, EstadoCuenta, Inmutable
from sales.closing.statements import close_month
from sales.models import Auditoria, Estado, Motivo
from sales.parsing import MensajeVenta
from sales.services import ledger, review
from sales.services.review import Revision
from tests.closing.conftest import NOVIEMBRE, OCTUBRE, SEPTIEMBRE, ajuste_de, crear_plan, en
from tests.factories import MetaFactory, VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return VendedorFactory(username="ana")


def vender(vendedor, mes=OCTUBRE, tubos=5, **campos):
    comision = Decimal(max(0, tubos - 3) * 10)
    return VentaFactory(vendedor=vendedor, fecha=en(mes), tubos=tubos, comision=comision, **campos)


def test_a_sale_deleted_after_close_makes_exactly_one_clawback_in_the_next_month(ana):
    venta = vender(ana)
    vender(ana, tubos=9)
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    estado = cierre.estados_cuenta.get(vendedor=ana)
    antes = list(EstadoCuenta.objects.values())

    # The service records the adjustment itself; the same change again records nothing.
    ledger.void_sale(venta=venta, actor="@ana", nota="Publicación borrada en Mattermost.")
    segundo = record_adjustment(venta=venta, actor="@ana")

    assert segundo is None
    ajuste = Ajuste.objects.get()
    assert (ajuste.tipo, ajuste.monto, ajuste.mes, ajuste.mes_origen) == (
        Ajuste.Tipo.CONTRACARGO,
        Decimal("-20.00"),
        NOVIEMBRE,
        OCTUBRE,
    )
    assert (ajuste.venta, ajuste.estado_cuenta, ajuste.cierre) == (venta, estado, cierre)
    assert (
        ajuste.motivo
        == "Después del cierre de octubre 2026, la venta se anuló (se borró su publicación)."
    )
    assert not Ajuste.objects.filter(mes=OCTUBRE).exists()
    assert list(EstadoCuenta.objects.values()) == antes


def test_the_clawback_is_taken_in_the_next_statement(ana):
    venta = vender(ana)
    close_month(mes=OCTUBRE, actor="gerente")
    ledger.void_sale(venta=venta, actor="@ana")
    record_adjustment(venta=venta, actor="@ana")
    vender(ana, mes=NOVIEMBRE, tubos=8)
    estado = close_month(mes=NOVIEMBRE, actor="gerente").estados_cuenta.get(vendedor=ana)
    assert (estado.comision, estado.ajustes, estado.total) == (
        Decimal("50.00"),
        Decimal("-20.00"),
        Decimal("30.00"),
    )
    assert list(estado.ajustes_aplicados.all()) == [Ajuste.objects.get()]


def test_a_change_to_an_open_months_sale_is_no_adjustment(ana):
    venta = vender(ana, mes=NOVIEMBRE)
    close_month(mes=OCTUBRE, actor="gerente")
    ledger.void_sale(venta=venta, actor="@ana")
    assert record_adjustment(venta=venta, actor="@ana") is None
    assert not Ajuste.objects.exists()


def test_a_sale_left_out_in_review_and_approved_later_is_credited(ana):
    vender(ana)
    revision = vender(ana, tubos=7, estado=Estado.EN_REVISION, motivo=Motivo.MONTO_NO_COINCIDE)
    close_month(mes=OCTUBRE, actor="gerente", excluir_pendientes=True)
    review.decide_review(
        venta=revision, ronda=revision.ronda_revision, aprobar=True, revisor="revisora"
    )
    ajuste = ajuste_de(revision)
    assert (ajuste.tipo, ajuste.monto, ajuste.mes) == (
        Ajuste.Tipo.ABONO,
        Decimal("40.00"),
        NOVIEMBRE,
    )
    assert ajuste.motivo.endswith("la venta se aprobó o se corrigió.")


def test_a_sale_left_out_in_review_and_rejected_later_changes_nothing(ana):
    revision = vender(ana, estado=Estado.EN_REVISION, motivo=Motivo.MONTO_NO_COINCIDE)
    close_month(mes=OCTUBRE, actor="gerente", excluir_pendientes=True)
    review.decide_review(
        venta=revision, ronda=revision.ronda_revision, aprobar=False, revisor="r", razon="No"
    )
    assert record_adjustment(venta=revision, actor="r") is None


def test_a_reviewers_correction_after_close_is_two_adjustments_that_net_the_difference(ana):
    venta = vender(ana)
    close_month(mes=OCTUBRE, actor="gerente")
    review.flag_for_review(venta=venta, revision=Revision(Motivo.MONTO_NO_COINCIDE))
    fuera = ajuste_de(venta)
    venta.refresh_from_db()
    review.decide_review(
        venta=venta, ronda=venta.ronda_revision, aprobar=True, revisor="revisora", tubos=7
    )
    dentro = ajuste_de(venta)
    assert (fuera.monto, dentro.monto) == (Decimal("-20.00"), Decimal("40.00"))
    assert fuera.motivo.endswith("la venta volvió a revisión.")


def test_an_edit_after_close_is_credited_with_the_difference(ana, settings):
    settings.VENTA_REQUIERE_COMPROBANTE = False  # no photo: the edit is applied as typed
    venta = vender(ana)
    close_month(mes=OCTUBRE, actor="gerente")
    mensaje = MensajeVenta(monto=venta.monto, cliente=venta.cliente, tubos=8)
    ledger.correct_sale(venta=venta, mensaje=mensaje, actor="@ana")
    venta.refresh_from_db()
    assert (venta.estado, venta.comision) == (Estado.REGISTRADA, Decimal("50.00"))
    ajuste = ajuste_de(venta)
    assert ajuste.monto == Decimal("30.00")


def test_the_adjustment_goes_to_the_first_month_not_closed(ana):
    venta = vender(ana, mes=SEPTIEMBRE)
    close_month(mes=SEPTIEMBRE, actor="gerente")
    close_month(mes=OCTUBRE, actor="gerente")
    ledger.void_sale(venta=venta, actor="@ana")
    assert ajuste_de(venta).mes == NOVIEMBRE


def test_losing_the_goal_after_close_takes_back_the_accelerator_too(ana):
    crear_plan(vigente_desde=SEPTIEMBRE, acelerador=Decimal("2"))
    MetaFactory(vendedor=ana, mes=OCTUBRE, tubos=10)
    grande = vender(ana, tubos=9)
    vender(ana, tubos=5)
    estado = close_month(mes=OCTUBRE, actor="gerente").estados_cuenta.get(vendedor=ana)
    assert (estado.comision_ventas, estado.acelerador) == (Decimal("80.00"), Decimal("40.00"))
    # A goal changed after the close does not move what the closed month owes.
    MetaFactory._meta.model.objects.filter(vendedor=ana, mes=OCTUBRE).update(tubos=1)
    ledger.void_sale(venta=grande, actor="@ana")
    assert ajuste_de(grande).monto == Decimal("-100.00")


def test_a_late_sale_of_a_seller_without_a_statement_is_credited(ana):
    close_month(mes=OCTUBRE, actor="gerente")
    nuevo = VendedorFactory(username="nuevo")
    tarde = vender(nuevo, tubos=6)
    ajuste = record_adjustment(venta=tarde, actor="sistema")
    assert (ajuste.monto, ajuste.estado_cuenta, ajuste.vendedor) == (Decimal("30.00"), None, nuevo)


def test_an_adjustment_leaves_an_audit_entry_and_is_never_rewritten(ana):
    venta = vender(ana)
    close_month(mes=OCTUBRE, actor="gerente")
    ledger.void_sale(venta=venta, actor="@ana")
    ajuste = ajuste_de(venta)
    entrada = Auditoria.objects.get(modelo="Ajuste", objeto_id=ajuste.pk)
    assert (entrada.accion, entrada.venta, entrada.despues["monto"]) == ("ajuste", venta, "-20.00")
    ajuste.monto = Decimal("-1.00")
    with pytest.raises(Inmutable):
        ajuste.save()
    with pytest.raises(Inmutable):
        Ajuste.objects.filter(pk=ajuste.pk).update(monto=Decimal("-1.00"))
    with pytest.raises(Inmutable):
        ajuste.delete()
    assert Ajuste.objects.get().monto == Decimal("-20.00")


def test_a_sale_of_the_running_month_is_settled_without_a_query(
    ana, monkeypatch, django_assert_num_queries
):
    """No month that has not ended can be closed: a sale of the running month (nearly every sale,
    as it is registered) needs no lock on its seller and no look for a close."""
    venta = vender(ana, mes=NOVIEMBRE)
    a_mediados = timezone.make_aware(dt.datetime(2026, 11, 20, 12, 0))
    monkeypatch.setattr(adjustments.timezone, "now", lambda: a_mediados)
    with django_assert_num_queries(0):
        assert record_adjustment(venta=venta, actor="@ana") is None


def test_a_sale_of_a_month_ending_in_minutes_still_looks_for_its_close(ana, monkeypatch):
    """Close to midnight on the month's last day, a change could commit after the month ended
    and was closed: the sale is treated as one of a month that may be closed."""
    venta = vender(ana)
    vender(ana, tubos=9)
    close_month(mes=OCTUBRE, actor="gerente")
    casi_noviembre = timezone.make_aware(dt.datetime(2026, 10, 31, 23, 55))
    monkeypatch.setattr(adjustments.timezone, "now", lambda: casi_noviembre)
    ledger.void_sale(venta=venta, actor="@ana", nota="Publicación borrada en Mattermost.")
    assert ajuste_de(venta).monto == Decimal("-20.00")

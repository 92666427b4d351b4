"""What happens at once (PostgreSQL locks): a month is closed once, a change becomes one
adjustment, a sale decided while its month closes is paid exactly once, and a seller's first
goal of a month saved twice is one goal."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection, transaction

from sales.closing.adjustments import record_adjustment
from sales.closing.models import Ajuste, CierreMes, EstadoCuenta
from sales.closing.statements import CierreRechazado, close_month
from sales.models import Auditoria, Estado, Meta, Motivo
from sales.services import goals, ledger, review
from tests.closing.conftest import OCTUBRE, en
from tests.factories import VendedorFactory, VentaFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def a_la_vez(*funciones):
    """Run each function in its own thread and connection, started together."""
    barrera = threading.Barrier(len(funciones))

    def correr(funcion):
        try:
            barrera.wait()
            return funcion()
        except CierreRechazado as exc:
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(len(funciones)) as pool:
        return list(pool.map(correr, funciones))


def test_two_managers_closing_the_same_month_at_once_close_it_once():
    ana = VendedorFactory(username="ana")
    VentaFactory(vendedor=ana, fecha=en(OCTUBRE), tubos=5, comision=Decimal("20.00"))
    resultados = a_la_vez(
        lambda: close_month(mes=OCTUBRE, actor="ana"),
        lambda: close_month(mes=OCTUBRE, actor="luis"),
    )
    assert sorted(type(r).__name__ for r in resultados) == ["CierreMes", "CierreRechazado"]
    assert CierreMes.objects.count() == 1
    assert EstadoCuenta.objects.count() == 1


def test_two_workers_recording_the_same_change_at_once_write_one_adjustment():
    ana = VendedorFactory(username="ana")
    venta = VentaFactory(vendedor=ana, fecha=en(OCTUBRE), tubos=5, comision=Decimal("20.00"))
    close_month(mes=OCTUBRE, actor="gerente")
    ledger.void_sale(venta=venta, actor="@ana")
    a_la_vez(*[lambda: record_adjustment(venta=venta, actor="@ana")] * 2)
    assert list(Ajuste.objects.values_list("monto", flat=True)) == [Decimal("-20.00")]


@pytest.mark.parametrize("ajusta_primero", [False, True])
def test_a_sale_approved_while_its_month_closes_is_paid_exactly_once(ajusta_primero):
    """The approval's adjustment and the close wait for each other on the seller's row:
    either the statement counts the sale, or an adjustment credits it; never none, never both."""
    ana = VendedorFactory(username="ana")
    venta = VentaFactory(
        vendedor=ana,
        fecha=en(OCTUBRE),
        tubos=7,
        comision=Decimal("40.00"),
        estado=Estado.EN_REVISION,
        motivo=Motivo.MONTO_NO_COINCIDE,
        ronda_revision=1,
    )
    decidida, cerrado = threading.Event(), threading.Event()

    def aprobar():
        with transaction.atomic():
            review.decide_review(venta=venta, ronda=1, aprobar=True, revisor="revisora")
            if ajusta_primero:
                record_adjustment(venta=venta, actor="revisora")
                decidida.set()
                cerrado.wait(0.5)  # the close is now waiting for this transaction
            else:
                decidida.set()
                cerrado.wait(10)
                record_adjustment(venta=venta, actor="revisora")

    def cerrar():
        decidida.wait(10)
        try:
            close_month(mes=OCTUBRE, actor="gerente", excluir_pendientes=True)
        finally:
            cerrado.set()

    a_la_vez(aprobar, cerrar)
    estado = EstadoCuenta.objects.get(vendedor=ana)
    ajustes = sum(Ajuste.objects.values_list("monto", flat=True), Decimal("0.00"))
    assert estado.comision + ajustes == Decimal("40.00")
    # decide_review records the adjustment itself, taking the seller's row: the close waits
    # for the approval to commit, then counts the sale; nothing is left to credit.
    assert (estado.ventas, ajustes) == (1, Decimal("0.00"))


def test_a_sale_approved_after_its_month_closed_is_credited_by_the_approval_itself():
    ana = VendedorFactory(username="ana")
    venta = VentaFactory(
        vendedor=ana,
        fecha=en(OCTUBRE),
        tubos=7,
        comision=Decimal("40.00"),
        estado=Estado.EN_REVISION,
        motivo=Motivo.MONTO_NO_COINCIDE,
        ronda_revision=1,
    )
    close_month(mes=OCTUBRE, actor="gerente", excluir_pendientes=True)
    review.decide_review(venta=venta, ronda=1, aprobar=True, revisor="revisora")
    assert list(Ajuste.objects.values_list("monto", flat=True)) == [Decimal("40.00")]


def test_the_first_goal_of_a_month_saved_twice_at_once_is_one_goal():
    ana = VendedorFactory(username="ana")
    meses = [dt.date(2026, m, 1) for m in range(1, 13)]
    for mes in meses:  # twelve tries: without the lock the two inserts collided in most
        resultados = a_la_vez(
            *[
                lambda monto=monto, mes=mes: goals.set_goal(
                    vendedor=ana, mes=mes, monto=Decimal(monto), tubos=10, actor="gerente"
                )
                for monto in ("1000", "2000")
            ]
        )
        assert all(isinstance(r, Meta) for r in resultados), resultados
    assert Meta.objects.filter(vendedor=ana).count() == 12
    # One created it, the other changed it: the audit tells both, in order.
    for meta in Meta.objects.filter(vendedor=ana):
        acciones = Auditoria.objects.filter(modelo="Meta", objeto_id=meta.pk).order_by("id")
        assert [a.accion for a in acciones] == ["crear_meta", "fijar_meta"]
        assert str(meta.monto) == acciones.last().despues["monto"]

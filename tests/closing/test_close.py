"""Closing a month: one statement per seller with what counted and what it pays, pending sales
only with the manager's say-so, an audit entry; never the current month, never twice."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sales.closing.models import Ajuste, CierreMes, EstadoCuenta
from sales.closing.statements import CierreRechazado, VentasPendientes, close_month
from sales.models import Auditoria, Estado
from tests.closing.conftest import NOVIEMBRE, OCTUBRE, SEPTIEMBRE, crear_plan, en
from tests.factories import MetaFactory, VendedorFactory, VentaFactory

pytestmark = pytest.mark.django_db


def pendiente(venta, cierre, monto: Decimal) -> Ajuste:
    """An adjustment written on `cierre`'s month, due in October and not yet paid."""
    tipo = Ajuste.Tipo.ABONO if monto > 0 else Ajuste.Tipo.CONTRACARGO
    return Ajuste.objects.create(
        **{"vendedor": venta.vendedor, "venta": venta, "cierre": cierre, "tipo": tipo},
        **{"mes_origen": cierre.mes, "mes": OCTUBRE, "monto": monto, "motivo": "prueba"},
        actor="sistema",
    )


@pytest.fixture
def octubre():
    """Ana beats her tube goal under a plan with an accelerator; Beto sells below the threshold;
    Carla is inactive with nothing; Dani is inactive but had a sale rejected."""
    plan = crear_plan(vigente_desde=SEPTIEMBRE, acelerador=Decimal("1.5"))
    ana = VendedorFactory(username="ana")
    beto = VendedorFactory(username="beto")
    VendedorFactory(username="carla", activo=False)
    dani = VendedorFactory(username="dani", activo=False)
    MetaFactory(vendedor=ana, mes=OCTUBRE, monto=Decimal("4000.00"), tubos=10)
    ventas = [
        VentaFactory(vendedor=ana, fecha=en(OCTUBRE, 3), tubos=5, comision=Decimal("20.00")),
        VentaFactory(
            vendedor=ana,
            fecha=en(OCTUBRE, 9),
            tubos=9,
            comision=Decimal("60.00"),
            estado=Estado.APROBADA,
        ),
        VentaFactory(vendedor=ana, fecha=en(OCTUBRE, 1, hora=0), tubos=2, comision=Decimal("0")),
    ]
    VentaFactory(vendedor=ana, fecha=en(SEPTIEMBRE, 30, hora=23), tubos=50)
    VentaFactory(vendedor=beto, fecha=en(OCTUBRE, 12), tubos=3, comision=Decimal("0.00"))
    VentaFactory(vendedor=dani, fecha=en(OCTUBRE, 12), estado=Estado.RECHAZADA)
    return plan, ana, beto, ventas


def test_closing_writes_one_statement_per_seller_with_what_counted(octubre):
    plan, _, _, ventas = octubre
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    assert (cierre.mes, cierre.plan, cierre.cerrado_por, cierre.vigente) == (
        OCTUBRE,
        plan,
        "gerente",
        True,
    )
    estados = {e.vendedor.username: e for e in cierre.estados_cuenta.all()}
    assert sorted(estados) == ["ana", "beto", "dani"]
    e = estados["ana"]
    assert (e.ventas, e.tubos, e.monto) == (3, 16, Decimal("4500.00"))
    assert (e.meta_monto, e.meta_tubos) == (Decimal("4000.00"), 10)
    assert (e.avance_monto, e.avance_tubos) == (Decimal("112.50"), Decimal("160.00"))
    # 6 tubes above the goal of 10 earn an extra 0.5 × $10 each.
    assert (e.comision_ventas, e.acelerador, e.comision) == (
        Decimal("80.00"),
        Decimal("30.00"),
        Decimal("110.00"),
    )
    assert (e.ajustes, e.total, e.plan, e.cerrado_por) == (
        Decimal("0.00"),
        e.comision,
        plan,
        "gerente",
    )
    assert sorted(e.lineas.values_list("venta_id", flat=True)) == sorted(v.pk for v in ventas)
    assert (estados["beto"].total, estados["beto"].meta_monto, estados["beto"].avance_monto) == (
        Decimal("0.00"),
        None,
        None,
    )
    assert estados["dani"].ventas == 0


def test_closing_leaves_an_audit_entry(octubre):
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    entrada = Auditoria.objects.get(modelo="CierreMes", objeto_id=cierre.pk)
    assert (entrada.accion, entrada.actor) == ("cerrar_mes", "gerente")
    assert entrada.despues["total"] == "110.00"
    assert entrada.despues["estados_de_cuenta"] == 3


def test_a_month_with_sales_in_review_is_not_closed_unless_they_are_left_out(octubre):
    _, ana, _, _ = octubre
    revision = VentaFactory(vendedor=ana, fecha=en(OCTUBRE, 20), estado=Estado.EN_REVISION)
    foto = VentaFactory(vendedor=ana, fecha=en(OCTUBRE, 21), estado=Estado.ESPERANDO_FOTO)
    with pytest.raises(VentasPendientes) as error:
        close_month(mes=OCTUBRE, actor="gerente")
    assert error.value.ventas == [revision.pk, foto.pk]
    assert "tiene 2 ventas en revisión o esperando foto" in str(error.value)
    assert not CierreMes.objects.exists()

    cierre = close_month(mes=OCTUBRE, actor="gerente", excluir_pendientes=True)
    assert cierre.excluidas == [revision.pk, foto.pk]
    assert cierre.estados_cuenta.get(vendedor=ana).ventas == 3


def test_a_month_is_closed_once(octubre):
    close_month(mes=OCTUBRE, actor="gerente")
    with pytest.raises(CierreRechazado, match="Octubre 2026 ya está cerrado"):
        close_month(mes=OCTUBRE.replace(day=15), actor="otra")
    assert CierreMes.objects.count() == 1


def test_the_current_month_cannot_be_closed():
    hoy = timezone.localdate()
    with pytest.raises(CierreRechazado, match="aún no termina"):
        close_month(mes=hoy, actor="gerente")
    with pytest.raises(CierreRechazado, match="aún no termina"):
        close_month(mes=hoy + dt.timedelta(days=40), actor="gerente")


def test_a_month_before_every_plan_closes_with_the_sales_own_commission_and_no_accelerator():
    ana = VendedorFactory(username="ana")
    MetaFactory(vendedor=ana, mes=SEPTIEMBRE, tubos=1)
    VentaFactory(vendedor=ana, fecha=en(SEPTIEMBRE), tubos=5, comision=Decimal("20.00"))
    cierre = close_month(mes=SEPTIEMBRE, actor="gerente")
    estado = cierre.estados_cuenta.get(vendedor=ana)
    assert (cierre.plan, estado.acelerador, estado.total) == (
        None,
        Decimal("0.00"),
        Decimal("20.00"),
    )


def test_pending_adjustments_are_paid_in_the_next_statement_once(octubre):
    _, ana, _, _ = octubre
    septiembre = close_month(mes=SEPTIEMBRE, actor="gerente")
    venta = VentaFactory(vendedor=ana, fecha=en(SEPTIEMBRE, 2), tubos=3)
    ajuste = pendiente(venta, septiembre, Decimal("-15.00"))
    octubre_cerrado = close_month(mes=OCTUBRE, actor="gerente")
    estado = octubre_cerrado.estados_cuenta.get(vendedor=ana)
    assert (estado.comision, estado.ajustes, estado.total) == (
        Decimal("110.00"),
        Decimal("-15.00"),
        Decimal("95.00"),
    )
    ajuste.refresh_from_db()
    assert ajuste.aplicado_en == estado
    noviembre = close_month(mes=NOVIEMBRE, actor="gerente")
    assert noviembre.estados_cuenta.get(vendedor=ana).ajustes == Decimal("0.00")


@pytest.mark.usefixtures("octubre")
def test_a_seller_with_only_an_adjustment_still_gets_a_statement_to_carry_it():
    septiembre = close_month(mes=SEPTIEMBRE, actor="gerente")
    ido = VendedorFactory(username="ido", activo=False)
    venta = VentaFactory(vendedor=ido, fecha=en(SEPTIEMBRE, 2))
    pendiente(venta, septiembre, Decimal("20.00"))
    estado = close_month(mes=OCTUBRE, actor="gerente").estados_cuenta.get(vendedor=ido)
    assert (estado.ventas, estado.ajustes, estado.total) == (0, Decimal("20.00"), Decimal("20.00"))
    assert EstadoCuenta.objects.filter(vendedor=ido).count() == 1

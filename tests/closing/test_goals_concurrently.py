"""Two managers saving the same seller's goal at once (PostgreSQL locks): one goal, no error."""

import datetime as dt
from decimal import Decimal

import pytest

from sales.models import Auditoria, Meta
from sales.services import goals
from tests.closing.test_closing_concurrently import a_la_vez
from tests.factories import VendedorFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


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

"""Edits and deletes made while the listener was not running are found by its REST catch-up
(`since=`, docs/mattermost.md#catching-up) and applied once."""

import pytest

from sales.models import Estado, EventoEntrante
from tests.edits.support import recorded_sale
from tests.listener.support import stored

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_edit_and_a_delete_made_while_away_are_applied_after_the_catch_up(
    mm, listen, worker, settings
):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    first = listen()
    edited, venta_editada = recorded_sale(mm, worker)
    deleted, venta_borrada = recorded_sale(mm, worker, channel=mm.ventas)
    first.stop()
    mm.seller_client.edit(edited, "@monto 2000 @cliente Juan @tubos 8")
    mm.seller_client.delete(deleted)
    listen()
    stored(mm, edited, EventoEntrante.Tipo.EDITADO)
    stored(mm, deleted, EventoEntrante.Tipo.BORRADO)
    worker()
    venta_editada.refresh_from_db()
    venta_borrada.refresh_from_db()
    assert (venta_editada.monto, venta_editada.comision) == (2000, 50)
    assert venta_borrada.estado == Estado.ANULADA
    assert EventoEntrante.objects.filter(tipo=EventoEntrante.Tipo.EDITADO).count() == 1

"""A deleted post voids its sale: kept in the ledger as `anulada`, commission reversed, audited."""

import pytest

from sales.models import Auditoria, Estado, EventoEntrante, Venta
from tests.edits.support import recorded_sale
from tests.listener.support import stored

pytestmark = pytest.mark.django_db(transaction=True)


def test_deleting_the_post_voids_the_sale(mm, listen, worker, settings):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    listen()
    post, venta = recorded_sale(mm, worker, channel=mm.ventas)
    assert venta.comision == 20
    mm.seller_client.delete(post)
    evento = stored(mm, post, EventoEntrante.Tipo.BORRADO)
    assert evento.clave == f"{post['id']}:borrado"
    worker()
    venta.refresh_from_db()
    assert (venta.estado, venta.comision) == (Estado.ANULADA, 0)
    anular = Auditoria.objects.get(venta=venta, accion="anular")
    assert (anular.actor, anular.antes["comision"], anular.despues["comision"]) == (
        "@juan.vendedor",
        "20.00",
        "0.00",
    )
    assert anular.nota == "Publicación borrada en Mattermost."


def test_an_edit_arriving_after_the_delete_changes_nothing(mm, listen, worker):
    listen()
    post, venta = recorded_sale(mm, worker)
    mm.seller_client.edit(post, "@monto 3000 @cliente Juan @tubos 9")
    mm.seller_client.delete(post)
    stored(mm, post, EventoEntrante.Tipo.BORRADO)
    worker()
    venta.refresh_from_db()
    assert venta.estado == Estado.ANULADA
    assert Venta.objects.count() == 1


def test_a_post_deleted_before_it_was_processed_is_recorded_voided(mm, listen, worker):
    listen()
    post = mm.seller_client.post(mm.seller_dm, "@monto 1500 @cliente Juan @tubos 5")
    stored(mm, post)
    mm.seller_client.delete(post)
    stored(mm, post, EventoEntrante.Tipo.BORRADO)
    worker()
    assert Venta.objects.get().estado == Estado.ANULADA

"""A seller fixes a typo: the sale follows the edited post, its commission too, and the thread
says so (the sale is not decided by a reviewer yet)."""

import pytest

from sales.models import Auditoria, Estado, Venta
from tests.edits.support import edit, recorded_sale
from tests.listener.support import bot_replies, emojis, stored

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_edit_changes_the_amount_and_the_commission_follows(mm, listen, worker, settings):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    listen()
    post, venta = recorded_sale(mm, worker)
    assert (venta.monto, venta.comision) == (1500, 20)
    evento = edit(mm, worker, post, "@monto 2000 @cliente Juan @tubos 8")
    venta.refresh_from_db()
    assert (venta.monto, venta.tubos, venta.comision, venta.estado) == (
        2000,
        8,
        50,
        Estado.REGISTRADA,
    )
    assert evento.venta == venta
    corregir = Auditoria.objects.get(venta=venta, accion="corregir")
    assert corregir.actor == "@juan.vendedor"
    assert (corregir.antes["monto"], corregir.despues["monto"]) == ("1500.00", "2000.00")
    assert "@monto 2000" in corregir.nota
    _registered, corrected = bot_replies(mm, post)
    assert "Corregí la venta con tu mensaje editado: $2,000.00" in corrected.message
    assert "Comisión: **$50.00**" in corrected.message
    assert emojis(mm, post) == ["white_check_mark"]


def test_the_last_edit_wins_and_an_edit_without_changes_says_nothing(mm, listen, worker, settings):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    listen()
    post, venta = recorded_sale(mm, worker)
    edit(mm, worker, post, "@monto 1800 @cliente Juan @tubos 5")
    edit(mm, worker, post, "@monto 1900 @cliente Juan @tubos 6")
    venta.refresh_from_db()
    assert (venta.monto, venta.comision) == (1900, 30)
    replies = len(bot_replies(mm, post))
    assert edit(mm, worker, post, "@monto 1,900 @cliente Juan  @tubos 6").resultado == "ignorado"
    assert len(bot_replies(mm, post)) == replies


def test_an_edit_that_no_longer_reads_as_a_sale_leaves_it_and_explains(mm, listen, worker):
    listen()
    post, venta = recorded_sale(mm, worker)
    evento = edit(mm, worker, post, "@monto mil y pico @cliente Juan @tubos 5")
    assert evento.resultado == "invalido"
    venta.refresh_from_db()
    assert venta.monto == 1500
    reply = bot_replies(mm, post)[-1]
    assert "No apliqué tu edición" in reply.message
    assert "La venta sigue como estaba: $1,500.00" in reply.message


def test_an_edit_that_fixes_an_invalid_message_records_the_sale(mm, listen, worker, settings):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    listen()
    post = mm.seller_client.post(mm.seller_dm, "@monto 1500 @cliente Juan")
    stored(mm, post)
    worker()
    assert emojis(mm, post) == ["x"]
    edit(mm, worker, post, "@monto 1500 @cliente Juan @tubos 5")
    venta = Venta.objects.get(post_id=post["id"])
    assert (venta.estado, venta.comision) == (Estado.REGISTRADA, 20)
    assert emojis(mm, post) == ["white_check_mark"]
    assert "Venta registrada" in bot_replies(mm, post)[-1].message


def test_an_edit_that_removes_the_sale_data_leaves_it_and_says_how_to_void_it(mm, listen, worker):
    listen()
    post, venta = recorded_sale(mm, worker)
    assert edit(mm, worker, post, "Perdón, me equivoqué de canal").resultado == "invalido"
    venta.refresh_from_db()
    assert (venta.monto, venta.estado) == (1500, Estado.EN_REVISION)
    reply = bot_replies(mm, post)[-1].message
    assert "tu mensaje ya no tiene los datos de la venta" in reply
    assert "bórralo para anular la venta" in reply

"""Posts the outgoing webhook never sees reach salesbot through the listener."""

import pytest

from sales.models import Estado, EventoEntrante, Motivo, Venta
from tests.listener.support import SALE, bot_replies, emojis, heard, stored

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_sale_sent_to_the_bot_by_direct_message_is_recorded_and_answered_there(
    mm, listen, worker
):
    listen()
    post = mm.seller_client.post(mm.seller_dm, SALE)
    assert stored(mm, post).fuente == "listener"
    worker()
    venta = Venta.objects.get()
    assert (venta.post_id, venta.channel_id, venta.monto, venta.tubos) == (
        post["id"],
        mm.seller_dm.id,
        1500,
        5,
    )
    assert (venta.estado, venta.motivo) == (Estado.EN_REVISION, Motivo.SIN_COMPROBANTE)
    assert venta.vendedor.username == "juan.vendedor"
    [reply] = bot_replies(mm, post)
    assert reply.channel_id == mm.seller_dm.id
    assert "$1,500.00" in reply.message
    assert emojis(mm, post) == ["warning"]


def test_a_sale_in_a_private_channel_is_recorded(mm, listen, worker, settings):
    settings.VENTA_REQUIERE_COMPROBANTE = False
    norte = mm.mm.add_channel(mm.team, "ventas-norte", "P", [mm.bot, mm.seller])
    listen()
    post = mm.seller_client.post(norte, "@monto 2,300.50 @cliente Ana @tubos 8")
    stored(mm, post)
    worker()
    venta = Venta.objects.get(post_id=post["id"])
    assert (venta.channel_id, venta.estado, venta.comision) == (norte.id, Estado.REGISTRADA, 50)
    [reply] = bot_replies(mm, post)
    assert "Venta registrada: $2,300.50" in reply.message
    assert emojis(mm, post) == ["white_check_mark"]


def test_a_sale_in_a_thread_is_answered_in_that_thread(mm, listen, worker):
    listen()
    root = mm.seller_client.post(mm.seller_dm, "Ventas de hoy")
    post = mm.seller_client.reply(root, SALE)
    stored(mm, post)
    worker()
    assert Venta.objects.get().root_id == root["id"]
    assert [p.root_id for p in bot_replies(mm, post)] == [root["id"]]


def test_the_bots_own_posts_and_other_chatter_are_not_sales(mm, listen, worker):
    listen()
    mm.bot_client.post(mm.ventas, SALE)
    chatter = mm.seller_client.post(mm.ventas, "Buenos días, equipo")
    heard(mm, chatter)
    assert EventoEntrante.objects.get().post_id == chatter["id"]
    worker()
    assert not Venta.objects.exists()
    assert bot_replies(mm, chatter) == []

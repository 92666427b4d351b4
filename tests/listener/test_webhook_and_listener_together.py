"""The same post through the webhook and the listener is one event and one sale."""

import pytest

from sales.models import EventoEntrante, Venta
from tests.listener.support import SALE, bot_replies, emojis, heard

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_post_delivered_by_both_paths_is_one_sale_with_one_reply(mm, hook, listen, worker):
    listen()
    post = mm.seller_client.post(mm.ventas, SALE)
    heard(mm, post)
    mm.mm.wait_for(lambda: mm.mm.webhook_deliveries(finished=True))
    evento = EventoEntrante.objects.get()
    assert evento.post_id == post["id"]
    worker()
    assert Venta.objects.count() == 1
    assert len(bot_replies(mm, post)) == 1
    assert emojis(mm, post) == ["warning"]
    # The bot's reply reaches both paths too (a channel-wide hook fires for bot posts): ignored.
    reply = bot_replies(mm, post)[0]
    heard(mm, {"channel_id": reply.channel_id, "create_at": reply.create_at, "id": reply.id})
    mm.mm.wait_for(lambda: len(mm.mm.webhook_deliveries(finished=True)) == 2)
    assert worker() == 0
    assert EventoEntrante.objects.count() == 1

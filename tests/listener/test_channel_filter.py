"""MATTERMOST_CANALES limits which channels count, for the listener and the webhook alike."""

import pytest

from sales.models import EventoEntrante, Venta
from tests.listener.support import SALE, heard

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_listener_records_only_listed_channels_and_direct_messages(mm, listen, settings):
    norte = mm.mm.add_channel(mm.team, "ventas-norte", "P", [mm.bot, mm.seller])
    settings.MATTERMOST_CANALES = [mm.ventas.id]
    listen()
    fuera = mm.seller_client.post(norte, SALE)
    dentro = mm.seller_client.post(mm.ventas, SALE)
    directo = mm.seller_client.post(mm.seller_dm, SALE)
    for post in (fuera, dentro, directo):
        heard(mm, post)
    recorded = set(EventoEntrante.objects.values_list("post_id", flat=True))
    assert recorded == {dentro["id"], directo["id"]}


def test_the_webhook_ignores_channels_that_are_not_listed(mm, live_server, settings):
    general = mm.mm.add_channel(mm.team, "general", "O", [mm.bot, mm.seller])
    hook = mm.add_webhook(f"{live_server.url}/mattermost/webhook", channel=general)
    settings.MATTERMOST_WEBHOOK_TOKENS = [hook.token]
    settings.MATTERMOST_CANALES = [mm.ventas.id]
    mm.seller_client.post(general, SALE)
    [delivery] = mm.mm.wait_for(lambda: mm.mm.webhook_deliveries(finished=True))
    assert delivery.status == 200
    assert not EventoEntrante.objects.exists()


def test_with_no_list_every_channel_of_the_bot_counts(mm, listen):
    norte = mm.mm.add_channel(mm.team, "ventas-norte", "P", [mm.bot, mm.seller])
    listen()
    posts = [mm.seller_client.post(c, SALE) for c in (norte, mm.ventas, mm.seller_dm)]
    for post in posts:
        heard(mm, post)
    assert EventoEntrante.objects.count() == 3


def test_with_no_list_the_webhook_ignores_a_public_channel_without_the_bot(
    mm, live_server, settings, worker
):
    pasillo = mm.mm.add_channel(mm.team, "pasillo", "O", [mm.seller])  # the bot is not in it
    # A team-wide hook (no channel, a trigger word) fires in every public channel, the bot's or
    # not.
    url = f"{live_server.url}/mattermost/webhook"
    hook = mm.add_webhook(url, channel=None, trigger_words=["@monto"])
    settings.MATTERMOST_WEBHOOK_TOKENS = [hook.token]
    fuera = mm.seller_client.post(pasillo, SALE)
    dentro = mm.seller_client.post(mm.ventas, SALE)
    mm.mm.wait_for(lambda: len(mm.mm.webhook_deliveries(finished=True)) == 2)
    worker()
    assert list(Venta.objects.values_list("post_id", flat=True)) == [dentro["id"]]
    assert EventoEntrante.objects.get(post_id=fuera["id"]).resultado == "ignorado"
    assert [p.user_id for p in mm.mm.posts(pasillo)] == [mm.seller.id]  # no reply there
    # Once the bot is added, the channel counts at once.
    mm.mm.add_channel_member(pasillo, mm.bot)
    ahora = mm.seller_client.post(pasillo, "@monto 900 @cliente Eva @tubos 1")
    mm.mm.wait_for(lambda: len(mm.mm.webhook_deliveries(finished=True)) >= 3)
    worker()
    assert Venta.objects.filter(post_id=ahora["id"]).exists()

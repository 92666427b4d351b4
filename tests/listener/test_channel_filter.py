"""MATTERMOST_CANALES limits which channels count, for the listener and the webhook alike."""

import pytest

from sales.models import EventoEntrante
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

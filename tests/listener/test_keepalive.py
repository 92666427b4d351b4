"""Pings both ways: the listener answers Mattermost's pings and sends its own,
so a connection that goes quiet (half-open) is noticed and replaced, and nothing is lost."""

import pytest

from tests.listener.support import SALE, stored

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_answers_mattermost_pings_and_keeps_its_connection(mm, listen):
    mm.mm.configure(ws_ping_interval=0.05, ws_read_timeout=0.3)
    running = listen()
    [connection] = mm.mm.ws_connections(mm.bot)
    mm.mm.wait_for(lambda: sum(f.kind == "pong" for f in mm.mm.ws_received(mm.bot)) >= 10)
    assert [c["connection_id"] for c in mm.mm.ws_connections(mm.bot)] == [
        connection["connection_id"]
    ]
    assert "dropped" not in running.outcomes


def test_it_pings_mattermost(mm, listen):
    listen()
    mm.mm.wait_for(lambda: sum(f.kind == "ping" for f in mm.mm.ws_received(mm.bot)) >= 2)


def test_a_connection_gone_quiet_is_replaced_and_the_post_sent_meanwhile_arrives(mm, listen):
    running = listen()
    mm.mm.ws_silence(user=mm.bot)
    post = mm.seller_client.post(mm.seller_dm, SALE)
    stored(mm, post)
    assert "dropped" in running.outcomes
    assert "resumed" in running.outcomes

"""The listener survives the network: it resumes, and when Mattermost refuses
the resume, or it was not running, it catches up over REST from its cursor; nothing twice."""

import json

import pytest

from sales.models import EventoEntrante, Venta
from tests.listener.support import SALE, bot_replies, heard, stored

pytestmark = pytest.mark.django_db(transaction=True)


def _cut(mm, running) -> None:
    """The socket drops and Mattermost stays unreachable (a proxy's 503) until restore()."""
    mm.mm.fail_next(100_000, path="/api/v4/websocket", mode="unavailable")
    mm.mm.ws_drop("abort", user=mm.bot)
    # Dropped, and at least one reconnect refused by the proxy.
    mm.mm.wait_for(lambda: running.outcomes.count("dropped") >= 2)
    assert not any(c["active"] for c in mm.mm.ws_connections(mm.bot))


def _after(outcomes: list[str], outcome: str) -> list[str]:
    return outcomes[outcomes.index(outcome) + 1 :] if outcome in outcomes else []


def _three_sales(mm):
    norte = mm.mm.add_channel(mm.team, "ventas-norte", "P", [mm.bot, mm.seller])
    return [
        mm.seller_client.post(mm.ventas, SALE),
        mm.seller_client.post(mm.seller_dm, "@monto 800 @cliente Ana @tubos 2"),
        mm.seller_client.post(norte, "@monto 2000 @cliente Luis @tubos 8"),
    ]


def test_three_sales_posted_while_cut_off_are_caught_up_once_when_resume_is_refused(
    mm, listen, worker
):
    running = listen()
    _cut(mm, running)
    posts = _three_sales(mm)
    mm.mm.ws_forget_held()  # the server reaped the connection: the resume will be refused
    mm.mm.clear_faults()
    for post in posts:
        stored(mm, post)
    mm.mm.wait_for(lambda: _after(running.outcomes, "resume-refused")[-1:] == ["caught-up"])
    worker()
    assert sorted(Venta.objects.values_list("post_id", flat=True)) == sorted(p["id"] for p in posts)
    assert [len(bot_replies(mm, p)) for p in posts] == [1, 1, 1]
    assert EventoEntrante.objects.count() == 3


def test_after_a_short_cut_mattermost_replays_the_missed_events_on_resume(mm, listen, worker):
    running = listen()
    _cut(mm, running)
    posts = _three_sales(mm)
    mm.mm.clear_faults()
    for post in posts:
        stored(mm, post)
    after_cut = _after(running.outcomes, "dropped")
    assert "resumed" in after_cut
    assert "caught-up" not in after_cut  # replayed by Mattermost, no REST needed
    worker()
    assert Venta.objects.count() == 3


def test_sales_posted_while_the_listener_was_stopped_are_caught_up_on_its_next_start(
    mm, listen, worker
):
    listen().stop()
    posts = _three_sales(mm)
    running = listen()
    for post in posts:
        stored(mm, post)
    assert running.outcomes[:2] == ["connected", "caught-up"]
    worker()
    assert Venta.objects.count() == 3


def test_a_first_start_does_not_import_old_posts(mm, listen):
    old = mm.seller_client.post(mm.seller_dm, SALE)
    listen()
    new = mm.seller_client.post(mm.seller_dm, "@monto 800 @cliente Ana @tubos 2")
    heard(mm, new)
    assert list(EventoEntrante.objects.values_list("post_id", flat=True)) == [new["id"]]
    assert not EventoEntrante.objects.filter(post_id=old["id"]).exists()


def test_a_gap_in_the_sequence_makes_it_catch_up_over_rest(mm, listen):
    running = listen()
    # A sale the socket never carried: posted before the bot was added to the channel.
    sur = mm.mm.add_channel(mm.team, "ventas-sur", "P", [mm.seller])
    missed = mm.seller_client.post(sur, SALE)
    mm.mm.add_channel_member(sur, mm.bot)
    next_seq = mm.mm.ws_connections(mm.bot)[0]["next_seq"]
    gap = json.dumps({"event": "typing", "data": {}, "broadcast": {}, "seq": next_seq + 5})
    mm.mm.ws_inject(gap, user=mm.bot)
    stored(mm, missed)
    assert "gap" in running.outcomes

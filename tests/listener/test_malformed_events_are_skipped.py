"""An event Mattermost would never send (a post whose fields have the wrong types, `data` that is
not an object) is logged and skipped: before, it ended the session, and on resuming Mattermost
replayed the same event, so the listener stopped hearing anything after it."""

import json
import time

import pytest

from integrations.mattermost.listener import Listener
from sales.models import EventoEntrante
from tests.listener.support import SALE, stored

# The listener closes old connections between events, as its own process does.
pytestmark = pytest.mark.django_db(transaction=True)

SELLER, CHANNEL, BOT = "rnina9994bde8mua79zqcg5hmo", "hawos4dqtby53pd64o4a4cmeoo", "b" * 26


def post(id_: str, **fields) -> str:
    now = int(time.time() * 1000)
    data = {"id": id_, "channel_id": CHANNEL, "user_id": SELLER, "message": "@monto 1500",
            "create_at": now, "update_at": now, **fields}  # fmt: skip
    return json.dumps(data)


def event(seq: int, data) -> str:
    return json.dumps({"event": "posted", "seq": seq, "data": data})


MALFORMED = [
    [1],
    "posted",
    {"post": post("a" * 26, metadata=[1])},
    {"post": post("c" * 26, message=5)},
    {"post": post("d" * 26, file_ids=7)},
    {"post": post("e" * 26, props=[1, 2])},
    {"post": post("f" * 26, metadata={"files": [1]})},
    {"post": post("g" * 26, root_id=["x"])},
    {"post": post("h" * 26), "channel_type": "D", "sender_name": {"x": 1}},
]


@pytest.fixture
def listener(settings):
    settings.MATTERMOST_CANALES = []
    heard = Listener()
    heard._bot_id, heard.needs_catch_up, heard.next_seq = BOT, False, 1
    return heard


@pytest.mark.parametrize("data", MALFORMED, ids=range(len(MALFORMED)))
def test_a_malformed_event_is_skipped_and_the_next_one_is_heard(listener, data):
    listener._frame(event(1, data))
    listener._frame(event(2, {"post": post("z" * 26), "channel_type": "O"}))

    assert listener.next_seq == 3
    assert EventoEntrante.objects.filter(post_id="z" * 26).exists()


def test_over_the_socket_a_malformed_event_neither_drops_nor_deafens_the_listener(mm, listen):
    """The stand-in sends a `posted` event whose post has fields of the wrong type, then the
    seller posts a sale: the sale is heard on the same connection, never dropped. Before, the
    event ended the session and Mattermost replayed it on every resume."""
    running = listen()
    bad = post("a" * 26, channel_id=mm.ventas.id, metadata=[1])
    mm.mm.ws_emit("posted", {"post": bad, "channel_type": "O"}, user_id=mm.bot.id)
    sale = mm.seller_client.post(mm.ventas, SALE)

    stored(mm, sale)
    assert "dropped" not in running.outcomes
    assert not EventoEntrante.objects.filter(post_id="a" * 26).exists()

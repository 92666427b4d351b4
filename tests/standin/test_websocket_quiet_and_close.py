"""Two WebSocket test controls: a connection that goes quiet (half-open), and the read-back of
the client's close frame."""

from websockets.sync.client import connect

from tests.mattermost_standin import World
from tests.standin.helpers import WsClient


def test_a_quiet_connection_gets_no_events_and_no_pongs_until_it_is_replaced(
    mattermost_world: World,
):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        connection_id = client.recv()["data"]["connection_id"]
        assert w.mm.ws_silence(user=w.bot) == 1
        w.seller_client.post(w.ventas, "mientras tanto")
        assert client.nothing_within(0.2)
    w.mm.wait_for(lambda: not any(c["active"] for c in w.mm.ws_connections(w.bot)))
    with WsClient.open(
        w.mm.url, w.bot.token, connection_id=connection_id, sequence_number=1
    ) as resumed:
        assert resumed.recv_event("posted")["seq"] == 1  # held back, not lost


def test_a_quiet_connection_does_not_answer_pings(mattermost_world: World):
    w = mattermost_world
    url = w.mm.url.replace("http", "ws") + "/api/v4/websocket"
    headers = {"Authorization": f"Bearer {w.bot.token}"}
    with connect(url, additional_headers=headers, ping_interval=None, proxy=None) as ws:
        ws.recv(timeout=2)  # hello
        w.mm.ws_silence(user=w.bot)
        pong = ws.ping()
        assert not pong.wait(0.3)


def test_the_clients_close_frame_is_recorded(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        client.recv()
    w.mm.wait_for(lambda: [f for f in w.mm.ws_received(w.bot) if f.kind == "close"])

"""The WebSocket (docs/mattermost.md#websocket): hello and auth, events, per-connection seq,
resume, keep-alive."""

import json
import time

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.mattermost_standin import World
from tests.standin.helpers import WsClient


def _hello(client: WsClient) -> dict:
    frame = client.recv()
    assert frame["event"] == "hello"
    return frame


def _wait_inactive(w: World, user) -> None:
    w.mm.wait_for(lambda: not any(c["active"] for c in w.mm.ws_connections(user)))


def test_a_token_at_upgrade_gets_hello_with_seq_0(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        hello = _hello(client)
    assert hello["seq"] == 0
    assert len(hello["data"]["connection_id"]) == 26
    assert hello["data"]["server_version"].startswith("11.6.0.")
    assert hello["data"]["server_hostname"]
    assert hello["broadcast"] == {
        "omit_users": None,
        "user_id": w.bot.id,
        "channel_id": "",
        "team_id": "",
        "connection_id": "",
        "omit_connection_id": "",
    }


def test_the_challenge_gets_hello_before_the_ok_reply(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url) as client:
        client.send(
            {"seq": 1, "action": "authentication_challenge", "data": {"token": w.bot.token}}
        )
        assert _hello(client)["seq"] == 0
        assert client.recv() == {"status": "OK", "seq_reply": 1}  # responses carry no seq


def test_a_bad_challenge_token_closes_the_socket(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url) as client:
        client.send({"seq": 1, "action": "authentication_challenge", "data": {"token": "nope"}})
        assert client.closed_within(2)


def test_a_socket_that_never_authenticates_is_closed_after_the_auth_deadline(
    mattermost_world: World,
):
    w = mattermost_world
    w.mm.configure(ws_auth_timeout=0.2)
    with WsClient.open(w.mm.url) as client:
        started = time.monotonic()
        assert client.closed_within(2)
        assert time.monotonic() - started < 1.0


def test_a_personal_token_in_the_query_string_is_refused_before_upgrade(mattermost_world: World):
    w = mattermost_world
    with pytest.raises(InvalidStatus) as refused:
        WsClient.open(w.mm.url, access_token=w.bot.token)
    assert refused.value.response.status_code == 401


def test_a_request_with_seq_0_gets_bad_seq(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        client.send({"seq": 0, "action": "user_typing", "data": {"channel_id": w.ventas.id}})
        reply = client.recv()
    assert reply["status"] == "FAIL"
    assert reply["error"]["id"] == "api.web_socket_router.bad_seq.app_error"
    assert reply["error"]["detailed_error"] == ""
    assert "seq" not in reply


def test_a_request_before_authentication_gets_not_authenticated(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url) as client:
        client.send({"seq": 1, "action": "user_typing", "data": {"channel_id": w.ventas.id}})
        reply = client.recv()
        assert (reply["status"], reply["seq_reply"]) == ("FAIL", 1)
        assert reply["error"]["id"] == "api.web_socket_router.not_authenticated.app_error"
        # The socket stays open for the challenge.
        client.send(
            {"seq": 2, "action": "authentication_challenge", "data": {"token": w.bot.token}}
        )
        assert _hello(client)["seq"] == 0
        assert client.recv() == {"status": "OK", "seq_reply": 2}


def test_a_request_with_seq_0_before_authentication_gets_bad_seq(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url) as client:
        client.send({"seq": 0, "action": "authentication_challenge", "data": {}})
        reply = client.recv()
    assert reply["error"]["id"] == "api.web_socket_router.bad_seq.app_error"


def test_posted_carries_the_post_as_a_json_string_with_file_flags(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        post = w.seller_client.post(w.ventas, "@monto 1500", files=[("recibo.jpg", b"\xff\xd8")])
        event = client.recv_event("posted")
    assert event["seq"] == 1
    data = event["data"]
    assert isinstance(data["post"], str)
    decoded = json.loads(data["post"])
    assert decoded["id"] == post["id"]
    assert decoded["metadata"]["files"][0]["mime_type"] == "image/jpeg"
    assert data["otherFile"] == "true"
    assert data["image"] == "true"
    assert data["channel_type"] == "O"
    assert data["channel_name"] == "ventas"
    assert data["channel_display_name"] == "Ventas"
    assert data["sender_name"] == "@juan.vendedor"
    assert data["set_online"] is True
    assert data["team_id"] == w.team.id
    assert list(data) == sorted(data)
    assert event["broadcast"]["channel_id"] == w.ventas.id


def test_mentions_hold_only_the_receiving_user(mattermost_world: World):
    w = mattermost_world
    with (
        WsClient.open(w.mm.url, w.bot.token) as bot,
        WsClient.open(w.mm.url, w.admin.token) as admin,
    ):
        _hello(bot)
        _hello(admin)
        w.seller_client.post(w.ventas, "@salesbot hola")
        assert bot.recv_event("posted")["data"]["mentions"] == json.dumps([w.bot.id])
        assert "mentions" not in admin.recv_event("posted")["data"]


def test_events_go_only_to_channel_members_including_the_poster(mattermost_world: World):
    w = mattermost_world
    with (
        WsClient.open(w.mm.url, w.bot.token) as bot,
        WsClient.open(w.mm.url, w.seller.token) as seller,
    ):
        _hello(bot)
        _hello(seller)
        w.bot_client.post(w.gerencia, "privado")
        assert json.loads(bot.recv_event("posted")["data"]["post"])["message"] == "privado"
        assert seller.nothing_within(0.2)


def test_each_connection_counts_its_own_seq(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as first:
        _hello(first)
        w.seller_client.post(w.ventas, "uno")
        assert first.recv_event("posted")["seq"] == 1
        with WsClient.open(w.mm.url, w.bot.token) as second:
            _hello(second)
            w.seller_client.post(w.ventas, "dos")
            assert first.recv_event("posted")["seq"] == 2
            assert second.recv_event("posted")["seq"] == 1


def test_edits_deletes_and_reactions_carry_json_strings(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        post = w.seller_client.post(w.ventas, "hola")
        w.seller_client.edit(post, "hola!")
        edited = client.recv_event("post_edited")
        assert json.loads(edited["data"]["post"])["message"] == "hola!"
        w.bot_client.react(post, "white_check_mark")
        added = client.recv_event("reaction_added")
        assert json.loads(added["data"]["reaction"])["emoji_name"] == "white_check_mark"
        w.bot_client.unreact(post, "white_check_mark")
        removed = client.recv_event("reaction_removed")
        assert json.loads(removed["data"]["reaction"])["user_id"] == w.bot.id
        w.seller_client.delete(post)
        deleted = client.recv_event("post_deleted")
        assert json.loads(deleted["data"]["post"])["delete_at"] > 0


def _connected_then_dropped(w: World) -> tuple[str, dict]:
    """A bot connection that saw hello, posted #1 and posted #2, then lost its socket."""
    client = WsClient.open(w.mm.url, w.bot.token)
    connection_id = _hello(client)["data"]["connection_id"]
    w.seller_client.post(w.ventas, "one")
    client.recv_event("posted")
    w.seller_client.post(w.ventas, "two")
    second = client.recv_event("posted")
    w.mm.ws_drop("abort", user=w.bot)
    _wait_inactive(w, w.bot)
    client.close()
    w.seller_client.post(w.ventas, "three while away")
    return connection_id, second


def test_resume_replays_from_the_dead_queue_without_hello(mattermost_world: World):
    w = mattermost_world
    connection_id, second = _connected_then_dropped(w)
    with WsClient.open(
        w.mm.url, w.bot.token, connection_id=connection_id, sequence_number=2
    ) as client:
        replayed = client.recv()
        assert replayed == second  # the same frame, the same seq
        queued = client.recv()
    assert queued["seq"] == 3
    assert json.loads(queued["data"]["post"])["message"] == "three while away"


def test_resume_right_after_the_last_sent_event_is_lossless(mattermost_world: World):
    w = mattermost_world
    connection_id, _ = _connected_then_dropped(w)
    with WsClient.open(
        w.mm.url, w.bot.token, connection_id=connection_id, sequence_number=3
    ) as client:
        frame = client.recv()
    assert frame["event"] == "posted"
    assert frame["seq"] == 3


def test_resume_with_a_gap_gets_a_new_connection_id_and_hello(mattermost_world: World):
    w = mattermost_world
    connection_id, _ = _connected_then_dropped(w)
    with WsClient.open(
        w.mm.url, w.bot.token, connection_id=connection_id, sequence_number=9
    ) as client:
        hello = _hello(client)
        assert hello["seq"] == 0
        assert hello["data"]["connection_id"] != connection_id
        assert client.recv()["seq"] == 1  # the queued event follows under the new id


def test_resume_older_than_the_dead_queue_is_a_gap(mattermost_world: World):
    w = mattermost_world
    w.mm.configure(ws_dead_queue_size=2)
    connection_id, _ = _connected_then_dropped(w)  # dead queue now holds seq 1 and 2
    with WsClient.open(
        w.mm.url, w.bot.token, connection_id=connection_id, sequence_number=1
    ) as client:
        assert client.recv()["seq"] == 1  # seq 1 is still there: replayed
    w.mm.configure(ws_dead_queue_size=1)
    connection_id, _ = _connected_then_dropped(w)  # only seq 2 kept
    with WsClient.open(
        w.mm.url, w.bot.token, connection_id=connection_id, sequence_number=1
    ) as client:
        assert _hello(client)["data"]["connection_id"] != connection_id


@pytest.mark.parametrize("forget", ["ws_forget_held", "ws_restart"])
def test_a_connection_not_held_starts_fresh(mattermost_world: World, forget: str):
    w = mattermost_world
    connection_id, _ = _connected_then_dropped(w)
    getattr(w.mm, forget)()
    with WsClient.open(
        w.mm.url, w.bot.token, connection_id=connection_id, sequence_number=3
    ) as client:
        hello = _hello(client)
        assert hello["data"]["connection_id"] != connection_id
        assert client.nothing_within(0.2)  # what was queued is gone with the connection


def test_a_held_connection_expires_after_the_window(mattermost_world: World):
    w = mattermost_world
    w.mm.configure(ws_held_window=0.1)
    connection_id, _ = _connected_then_dropped(w)
    time.sleep(0.15)
    with WsClient.open(
        w.mm.url, w.bot.token, connection_id=connection_id, sequence_number=3
    ) as client:
        assert _hello(client)["data"]["connection_id"] != connection_id


@pytest.mark.parametrize("params", [{}, {"sequence_number": "abc"}])
def test_a_connection_id_without_a_valid_sequence_number_is_closed(
    mattermost_world: World, params: dict
):
    w = mattermost_world
    connection_id, _ = _connected_then_dropped(w)
    with WsClient.open(w.mm.url, w.bot.token, connection_id=connection_id, **params) as client:
        assert client.closed_within(2)
        assert client.frames == []


def test_a_challenge_authenticated_socket_cannot_resume(mattermost_world: World):
    w = mattermost_world
    connection_id, _ = _connected_then_dropped(w)
    with WsClient.open(w.mm.url, connection_id=connection_id, sequence_number=3) as client:
        client.send(
            {"seq": 1, "action": "authentication_challenge", "data": {"token": w.bot.token}}
        )
        assert _hello(client)["data"]["connection_id"] != connection_id


def test_the_server_pings_and_records_the_pongs(mattermost_world: World):
    w = mattermost_world
    w.mm.configure(ws_ping_interval=0.05)
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        w.mm.wait_for(lambda: [f for f in w.mm.ws_received(w.bot) if f.kind == "pong"])


def test_no_pong_before_the_read_deadline_closes_the_socket(mattermost_world: World):
    w = mattermost_world
    w.mm.configure(ws_ping_interval=30, ws_read_timeout=0.2)
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        assert client.closed_within(2)


def test_any_inbound_frame_moves_the_read_deadline(mattermost_world: World):
    w = mattermost_world
    w.mm.configure(ws_ping_interval=30, ws_read_timeout=0.5)  # no server pings, so no pongs
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        started = time.monotonic()
        seq = 0
        while time.monotonic() - started < 1.5:  # three read deadlines
            seq += 1
            if seq % 2:
                client.send({"seq": seq, "action": "user_typing", "data": {}})
                assert client.recv()["seq_reply"] == seq
            else:
                assert client.conn.ping().wait(1)
            time.sleep(0.1)
        assert not client.closed_within(0.2)


def test_paused_delivery_holds_events_until_resumed(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        w.mm.ws_pause()
        w.seller_client.post(w.ventas, "retenido")
        assert client.nothing_within(0.2)
        w.mm.ws_resume()
        assert client.recv_event("posted")["seq"] == 1


def test_a_full_send_queue_drops_the_connection(mattermost_world: World):
    w = mattermost_world
    w.mm.configure(ws_send_queue_size=2)
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        w.mm.ws_pause()
        for i in range(3):
            w.seller_client.post(w.ventas, f"m{i}")
        assert client.closed_within(2)
    assert w.mm.ws_connections(w.bot) == []


@pytest.mark.parametrize("mode", ["close", "abort", "reset"])
def test_a_dropped_socket_is_seen_by_the_client_and_held_by_the_server(
    mattermost_world: World, mode: str
):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        assert w.mm.ws_drop(mode, user=w.bot) == 1
        with pytest.raises(ConnectionClosed) as closed:
            client.recv(timeout=2)
    if mode == "close":
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 1001
    else:
        assert closed.value.rcvd is None  # no close frame
    _wait_inactive(w, w.bot)
    assert len(w.mm.ws_connections(w.bot)) == 1


def test_injected_frames_arrive_as_they_are(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        w.mm.ws_inject("{not json", user=w.bot)
        assert client.conn.recv(timeout=2) == "{not json"
        w.mm.ws_emit("some_future_event", {"x": 1}, user_id=w.bot.id)
        assert client.recv() == {
            "event": "some_future_event",
            "data": {"x": 1},
            "broadcast": {
                "omit_users": None,
                "user_id": w.bot.id,
                "channel_id": "",
                "team_id": "",
                "connection_id": "",
                "omit_connection_id": "",
            },
            "seq": 1,
        }


def test_what_a_client_sends_is_recorded_and_answered(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        request = {"seq": 1, "action": "user_typing", "data": {"channel_id": w.ventas.id}}
        client.send(request)
        assert client.recv() == {"status": "OK", "seq_reply": 1}
    texts = [f.json() for f in w.mm.ws_received(w.bot) if f.kind == "text"]
    assert texts == [request]


def test_a_frame_that_is_not_json_closes_the_socket(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        _hello(client)
        client.send("{oops")
        assert client.closed_within(2)

"""Test controls (not Mattermost API): Python methods and their /__stub__/ HTTP twins."""

import pytest
import requests

from tests.mattermost_standin import MattermostStandIn, WaitTimeout, World
from tests.standin.helpers import WsClient


def _stub(w: World, method: str, path: str, **kwargs) -> requests.Response:
    response = requests.request(method, w.mm.url + "/__stub__" + path, timeout=5, **kwargs)
    response.raise_for_status()
    return response


def test_fail_next_fails_only_matching_calls_and_only_n_times(mattermost_world: World):
    w = mattermost_world
    w.mm.fail_next(2, method="POST", path="/api/v4/posts")
    assert w.bot_client.request("GET", "/users/me").status_code == 200
    body = {"channel_id": w.ventas.id, "message": "x"}
    failed = [w.bot_client.request("POST", "/posts", json=body) for _ in range(2)]
    assert [r.status_code for r in failed] == [500, 500]
    assert failed[0].json()["id"] == "app.post.save.app_error"
    assert failed[0].json()["detailed_error"] == ""
    assert w.bot_client.request("POST", "/posts", json=body).status_code == 201
    assert len(w.mm.posts(w.ventas)) == 1


def test_fail_next_can_look_like_a_proxy_503(mattermost_world: World):
    w = mattermost_world
    w.mm.fail_next(mode="unavailable", status=503)
    response = w.bot_client.request("GET", "/users/me")
    assert response.status_code == 503
    assert "text/html" in response.headers["Content-Type"]
    assert "X-Request-ID" not in response.headers


def test_fail_next_can_reset_the_connection(mattermost_world: World):
    w = mattermost_world
    w.mm.fail_next(mode="reset")
    with pytest.raises(requests.ConnectionError):
        w.bot_client.request("GET", "/users/me")
    assert w.bot_client.request("GET", "/users/me").status_code == 200


def test_fail_after_write_creates_the_post_but_answers_500(mattermost_world: World):
    w = mattermost_world
    w.mm.fail_after_write(path="/api/v4/posts")
    with WsClient.open(w.mm.url, w.bot.token) as client:
        client.recv_event("hello")
        response = w.seller_client.request(
            "POST", "/posts", json={"channel_id": w.ventas.id, "message": "ambiguous"}
        )
        assert response.status_code == 500
        assert client.recv_event("posted")
    assert [p.message for p in w.mm.posts(w.ventas)] == ["ambiguous"]


def test_fail_next_can_rate_limit_one_route_in_plain_text(mattermost_world: World):
    w = mattermost_world
    w.mm.fail_next(2, method="POST", path="/api/v4/posts", mode="rate_limited", retry_after=7)
    body = {"channel_id": w.ventas.id, "message": "x"}
    limited = w.bot_client.request("POST", "/posts", json=body)
    assert limited.status_code == 429
    assert limited.text == "limit exceeded\n"
    assert limited.headers["Content-Type"].startswith("text/plain")
    assert (limited.headers["Retry-After"], limited.headers["X-RateLimit-Remaining"]) == ("7", "0")
    assert "X-Request-ID" not in limited.headers
    assert w.bot_client.request("GET", "/users/me").status_code == 200  # other routes pass
    assert w.bot_client.request("POST", "/posts", json=body).status_code == 429
    assert w.bot_client.request("POST", "/posts", json=body).status_code == 201
    assert len(w.mm.posts(w.ventas)) == 1


def test_faults_over_http(mattermost_world: World):
    w = mattermost_world
    rule = _stub(w, "POST", "/faults", json={"count": 1, "status": 502, "path": "/api/v4/users/.*"})
    assert rule.json()["status"] == 502
    assert len(_stub(w, "GET", "/faults").json()) == 1
    assert w.bot_client.request("GET", "/users/me").status_code == 502
    _stub(w, "POST", "/faults", json={"count": 5})
    _stub(w, "DELETE", "/faults")
    assert w.bot_client.request("GET", "/users/me").status_code == 200


def test_a_bad_control_request_is_a_plain_400(mattermost_world: World):
    w = mattermost_world
    response = requests.post(
        w.mm.url + "/__stub__/faults", json={"count": 1, "mode": "explode"}, timeout=5
    )
    assert response.status_code == 400


def test_config_and_rate_limit_over_http(mattermost_world: World):
    w = mattermost_world
    config = _stub(w, "PATCH", "/config", json={"enable_commands": False}).json()
    assert config["enable_commands"] is False
    assert w.mm.config.enable_commands is False
    _stub(w, "PUT", "/rate_limit", json={"enable": True, "per_sec": 1, "max_burst": 0})
    assert w.bot_client.request("GET", "/users/me").status_code == 200
    assert w.bot_client.request("GET", "/users/me").status_code == 429
    assert _stub(w, "GET", "/health").json() == {"status": "OK"}  # controls are never limited


def test_websocket_controls_over_http(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.bot.token) as client:
        client.recv_event("hello")
        [conn] = _stub(w, "GET", "/websocket/connections").json()
        assert conn["user_id"] == w.bot.id
        assert conn["active"] is True
        _stub(w, "POST", "/websocket/pause")
        w.seller_client.post(w.ventas, "later")
        assert client.nothing_within(0.2)
        _stub(w, "POST", "/websocket/resume")
        client.recv_event("posted")
        _stub(w, "POST", "/websocket/inject", json={"raw": "garbage"})
        assert client.conn.recv(timeout=2) == "garbage"
        _stub(w, "POST", "/websocket/inject", json={"event": "odd", "user_id": w.bot.id})
        assert client.recv()["event"] == "odd"
        client.send({"seq": 1, "action": "user_typing", "data": {}})
        client.recv()
        assert _stub(w, "GET", "/websocket/received").json()[-1]["kind"] == "text"
        assert _stub(w, "POST", "/websocket/drop", json={"mode": "reset"}).json()["dropped"] == 1
        assert client.closed_within(2)
    w.mm.wait_for(lambda: not w.mm.ws_connections()[0]["active"])
    forgotten = _stub(w, "POST", "/websocket/forget", json={"mode": "reaped"}).json()
    assert forgotten == {"forgotten": 1}
    _stub(w, "POST", "/websocket/forget", json={"mode": "restart"})


def test_records_over_http(mattermost_world: World, receiver):
    w = mattermost_world
    w.add_webhook(receiver.url)
    w.add_command(receiver.url)
    w.seller_client.post(w.ventas, "hola")
    w.seller_client.run_command(w.ventas, "/venta")
    w.mm.wait_for(lambda: w.mm.webhook_deliveries(finished=True))
    [delivery] = _stub(w, "GET", "/webhook_deliveries").json()
    assert delivery["outcome"] == "no_post"
    [dispatch] = _stub(w, "GET", "/command_dispatches").json()
    assert dispatch["outcome"] == "ok"


def test_reset_forgets_everything(mattermost: MattermostStandIn):
    team = mattermost.add_team("acme")
    user = mattermost.add_user("juan", teams=[team])
    mattermost.fail_next(5)
    mattermost.configure(enable_commands=False)
    requests.post(mattermost.url + "/__stub__/reset", timeout=5).raise_for_status()
    assert mattermost.config.enable_commands is True
    response = mattermost.client_for(user).request("GET", "/users/me")
    assert response.status_code == 401  # the fault is gone too, the token with the user


def test_wait_for_returns_the_value_or_times_out():
    assert MattermostStandIn.wait_for(lambda: 42) == 42
    with pytest.raises(WaitTimeout):
        MattermostStandIn.wait_for(lambda: None, timeout=0.05)


def test_the_server_runs_standalone_as_a_context_manager():
    with MattermostStandIn() as mm:
        assert requests.get(mm.url + "/__stub__/health", timeout=5).ok
        assert mm.url.startswith("http://127.0.0.1:")

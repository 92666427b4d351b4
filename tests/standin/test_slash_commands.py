"""Slash commands (docs/mattermost.md#slash-commands): the request to the command URL, replies,
response_url."""

import json
from urllib.parse import parse_qs

import pytest
import requests

from tests.mattermost_standin import World
from tests.standin.helpers import Receiver, WsClient


def test_the_command_url_gets_a_form_post_with_every_field(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    command = w.add_command(receiver.url + "/slash")
    root = w.seller_client.post(w.ventas, "root")
    response = w.seller_client.run_command(
        w.ventas, "/Venta 1500 @salesbot @nadie ~ventas ~gerencia", root_id=root["id"]
    )
    assert response.status_code == 200
    [request] = receiver.requests
    assert request.method == "POST"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.headers["Authorization"] == f"Token {command.token}"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["User-Agent"] == "Mattermost-Bot/1.1"
    form = parse_qs(request.body.decode(), keep_blank_values=True)
    fields = {key: values[0] for key, values in form.items()}
    assert fields["command"] == "/venta"  # lower-cased trigger
    assert fields["text"] == "1500 @salesbot @nadie ~ventas ~gerencia"
    assert fields["token"] == command.token
    assert fields["team_domain"] == "acme"
    assert fields["channel_name"] == "ventas"
    assert fields["user_name"] == "juan.vendedor"
    assert fields["root_id"] == root["id"]
    assert fields["trigger_id"]
    assert fields["response_url"].startswith(w.mm.url + "/hooks/commands/")
    assert form["user_mentions"] == ["salesbot"]
    assert form["user_mentions_ids"] == [w.bot.id]
    assert form["channel_mentions"] == ["ventas"]  # private channels are not listed
    assert form["channel_mentions_ids"] == [w.ventas.id]
    [dispatch] = w.mm.command_dispatches(command)
    assert dispatch.form == form
    assert dispatch.outcome == "ok"


def test_a_get_command_sends_the_fields_in_the_query(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    w.add_command(receiver.url + "/slash?fixed=1", method="G")
    w.seller_client.run_command(w.ventas, "/venta hola")
    [request] = receiver.requests
    assert request.method == "GET"
    assert request.body == b""
    query = parse_qs(request.query)
    assert query["fixed"] == ["1"]
    assert query["text"] == ["hola"]


def test_an_ephemeral_reply_goes_only_to_the_invoker(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    receiver.reply_json({"text": "Solo para ti"})
    w.add_command(receiver.url)
    with (
        WsClient.open(w.mm.url, w.seller.token) as seller,
        WsClient.open(w.mm.url, w.bot.token) as bot,
    ):
        seller.recv_event("hello")
        bot.recv_event("hello")
        response = w.seller_client.run_command(w.ventas, "/venta")
        event = seller.recv_event("ephemeral_message")
        assert bot.nothing_within(0.2)
    post = json.loads(event["data"]["post"])
    assert post["message"] == "Solo para ti"
    assert post["type"] == "system_ephemeral"
    assert event["broadcast"]["user_id"] == w.seller.id
    body = response.json()
    assert body["text"] == "Solo para ti"
    assert body["response_type"] == ""
    assert len(body["trigger_id"]) == 26
    assert w.mm.posts(w.ventas) == []


def test_an_in_channel_reply_is_a_real_post_by_the_invoker_that_fires_hooks(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    receiver.reply_json({"response_type": "in_channel", "text": "Venta anotada"})
    w.add_command(receiver.url + "/slash")
    w.add_webhook(receiver.url + "/hook")
    with WsClient.open(w.mm.url, w.bot.token) as bot:
        bot.recv_event("hello")
        w.seller_client.run_command(w.ventas, "/venta 10")
        posted = json.loads(bot.recv_event("posted")["data"]["post"])
    assert posted["user_id"] == w.seller.id
    assert posted["props"]["from_webhook"] == "true"
    hook_calls = [r for r in receiver.wait_requests(2) if r.path == "/hook"]
    assert hook_calls[0].json()["text"] == "Venta anotada"


def test_a_non_200_reply_is_a_500_failed_resp_for_the_invoker(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    receiver.reply_json({"text": "x"}, status=503)
    w.add_command(receiver.url)
    response = w.seller_client.run_command(w.ventas, "/venta")
    assert response.status_code == 500
    error = response.json()
    assert error["id"] == "api.command.execute_command.failed_resp.app_error"
    assert "503 Service Unavailable" in error["message"]
    assert w.mm.command_dispatches()[0].outcome == "failed_resp"


def test_a_reply_that_is_not_json_typed_becomes_plain_text(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    receiver.reply_raw(b'{"text": "this stays raw"}', "text/plain; charset=utf-8")
    w.add_command(receiver.url)
    body = w.seller_client.run_command(w.ventas, "/venta").json()
    assert body["text"] == '{"text": "this stays raw"}'


def test_invalid_json_with_a_json_content_type_is_a_500_failed(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    receiver.reply_raw(b"{broken", "application/json")
    w.add_command(receiver.url)
    response = w.seller_client.run_command(w.ventas, "/venta")
    assert response.status_code == 500
    assert response.json()["id"] == "api.command.execute_command.failed.app_error"


def test_a_slow_command_times_out_once(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    w.mm.configure(outgoing_integration_requests_timeout=0.2)
    receiver.reply_json({"text": "late"}, delay=0.6)
    w.add_command(receiver.url)
    response = w.seller_client.run_command(w.ventas, "/venta")
    assert response.status_code == 500
    assert response.json()["id"] == "api.command.execute_command.failed.app_error"
    [dispatch] = w.mm.command_dispatches()
    assert dispatch.outcome == "timeout"
    assert len(receiver.requests) == 1


def test_extra_responses_are_each_handled(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    receiver.reply_json(
        {
            "response_type": "in_channel",
            "text": "first",
            "extra_responses": [{"response_type": "in_channel", "text": "second"}],
        }
    )
    w.add_command(receiver.url)
    w.seller_client.run_command(w.ventas, "/venta")
    assert [p.message for p in w.mm.posts(w.ventas)] == ["first", "second"]


def test_an_unknown_trigger_is_404(mattermost_world: World):
    w = mattermost_world
    response = w.seller_client.run_command(w.ventas, "/nada")
    assert response.status_code == 404
    assert response.json()["id"] == "api.command.execute_command.not_found.app_error"


def test_disabled_commands_answer_501(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    w.add_command(receiver.url)
    w.mm.configure(enable_commands=False)
    response = w.seller_client.run_command(w.ventas, "/venta")
    assert response.status_code == 501
    assert response.json()["id"] == "api.command.disabled.app_error"


def test_an_empty_site_url_refuses_custom_commands(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    w.add_command(receiver.url)
    w.mm.configure(site_url="")
    response = w.seller_client.run_command(w.ventas, "/venta")
    assert response.status_code == 400
    assert response.json()["id"] == "api.command.execute_command.site_url_required.app_error"


def test_a_command_that_is_not_a_command_is_400(mattermost_world: World):
    w = mattermost_world
    response = w.seller_client.run_command(w.ventas, "venta")
    assert response.status_code == 400
    assert response.json()["id"] == "api.command.execute_command.app_error"


def _response_url(w: World, receiver: Receiver) -> str:
    w.add_command(receiver.url)
    w.seller_client.run_command(w.ventas, "/venta")
    return parse_qs(receiver.requests[0].body.decode())["response_url"][0]


def test_the_response_url_answers_ok_in_plain_text_and_posts(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    url = _response_url(w, receiver)
    response = requests.post(
        url, json={"response_type": "in_channel", "text": "más tarde"}, timeout=5
    )
    assert response.status_code == 200
    assert response.text == "ok"
    assert response.headers["Content-Type"] == "text/plain"
    [post] = w.mm.posts(w.ventas)
    assert post.message == "más tarde"
    assert post.user_id == w.seller.id


def test_the_response_url_works_five_times_only(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    url = _response_url(w, receiver)
    statuses = [requests.post(url, data="hola", timeout=5).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [400]
    last = requests.post(url, data="hola", timeout=5).json()
    assert last["id"] == "app.command_webhook.try_use.invalid"


def test_an_unknown_or_expired_response_url_is_404(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    url = _response_url(w, receiver)
    unknown = requests.post(w.mm.url + "/hooks/commands/" + "a" * 26, data="x", timeout=5)
    assert unknown.status_code == 404
    assert unknown.json()["id"] == "app.command_webhook.get.missing"
    w.mm.configure(command_webhook_lifetime=0)
    assert requests.post(url, data="x", timeout=5).status_code == 404


@pytest.mark.parametrize("channel_attr", ["seller_dm"])
def test_a_command_in_a_dm_uses_the_team_the_client_names(
    mattermost_world: World, receiver: Receiver, channel_attr: str
):
    w = mattermost_world
    w.add_command(receiver.url)
    channel = getattr(w, channel_attr)
    assert w.seller_client.run_command(channel, "/venta", team=w.team).status_code == 200
    assert w.seller_client.run_command(channel, "/venta").status_code == 403

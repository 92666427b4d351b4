"""Outgoing webhooks (docs/mattermost.md#outgoing-webhooks): when they fire, the exact request, and
what replies do."""

import json
from urllib.parse import parse_qsl

import pytest

from tests.mattermost_standin import FORM, JSON, World
from tests.standin.helpers import Receiver


def _delivered(w: World, count: int = 1):
    return w.mm.wait_for(
        lambda: (d := w.mm.webhook_deliveries(finished=True)) and len(d) >= count and d
    )


def test_the_form_body_is_sorted_with_timestamp_in_seconds_and_comma_file_ids(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    hook = w.add_webhook(receiver.url + "/hook", content_type=FORM)
    post = w.seller_client.post(
        w.ventas, "@monto 1500 @cliente Juan", files=[("a.jpg", b"\xff\xd8"), ("b.png", b"x")]
    )
    [request] = receiver.wait_requests(1)
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    pairs = parse_qsl(request.body.decode(), keep_blank_values=True)
    keys = [key for key, _ in pairs]
    assert keys == sorted(keys)
    assert len(keys) == 12
    fields = dict(pairs)
    assert fields["timestamp"] == str(post["create_at"] // 1000)
    assert fields["file_ids"] == ",".join(post["file_ids"])
    assert fields["token"] == hook.token
    assert fields["trigger_word"] == ""
    assert fields["team_domain"] == "acme"
    assert fields["channel_name"] == "ventas"
    assert fields["user_name"] == "juan.vendedor"
    assert "text=%40monto+1500+%40cliente+Juan" in request.body.decode()


def test_the_json_body_has_timestamp_in_ms_and_file_ids_as_a_string(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    w.add_webhook(receiver.url, content_type=JSON)
    post = w.seller_client.post(w.ventas, "@monto 10", files=[("r.jpg", b"\xff\xd8")])
    [request] = receiver.wait_requests(1)
    assert request.headers["Content-Type"] == "application/json"
    payload = request.json()
    assert list(payload) == [
        "token", "team_id", "team_domain", "channel_id", "channel_name", "timestamp",
        "user_id", "user_name", "post_id", "text", "trigger_word", "file_ids",
    ]  # fmt: skip
    assert payload["timestamp"] == post["create_at"]
    assert payload["file_ids"] == post["file_ids"][0]
    assert payload["post_id"] == post["id"]


def test_requests_carry_mattermost_headers_and_no_authorization(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "hola")
    [request] = receiver.wait_requests(1)
    assert request.headers["Accept"] == "application/json"
    assert request.headers["User-Agent"] == "Mattermost-Bot/1.1"
    assert "Authorization" not in request.headers


def test_hooks_never_fire_in_private_channels_or_direct_messages(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    w.mm.add_outgoing_webhook(
        w.team, trigger_words=["@monto"], callback_urls=[receiver.url], creator=w.admin
    )
    w.bot_client.post(w.gerencia, "@monto 1")
    w.seller_client.post(w.seller_dm, "@monto 2")
    w.seller_client.post(w.ventas, "@monto 3")
    [request] = receiver.wait_requests(1)
    assert dict(parse_qsl(request.body.decode()))["text"] == "@monto 3"
    assert len(w.mm.webhook_deliveries()) == 1


def test_a_hook_cannot_be_created_on_a_private_channel(mattermost_world: World, receiver):
    w = mattermost_world
    with pytest.raises(ValueError, match="public"):
        w.mm.add_outgoing_webhook(
            w.team, channel=w.gerencia, callback_urls=[receiver.url], creator=w.admin
        )


def test_bot_authored_rest_posts_fire_hooks(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    w.add_webhook(receiver.url)
    post = w.bot_client.post(w.ventas, "soy el bot")
    [request] = receiver.wait_requests(1)
    assert request.json()["user_id"] == w.bot.id
    assert request.json()["post_id"] == post["id"]


@pytest.mark.parametrize(
    ("trigger_when", "message", "fires"),
    [
        (0, "@monto 1500", True),
        (0, "@montos 1500", False),
        (0, "@Monto 1500", False),  # case-sensitive
        (0, "hola @monto 1500", False),  # only the first word counts
        (1, "@montos 1500", True),
        (1, "@mon 1500", False),
    ],
)
def test_trigger_words_match_the_first_word_exactly_or_as_a_prefix(
    mattermost_world: World, receiver: Receiver, trigger_when: int, message: str, fires: bool
):
    w = mattermost_world
    w.mm.add_outgoing_webhook(
        w.team,
        trigger_words=["@monto"],
        trigger_when=trigger_when,
        callback_urls=[receiver.url],
        content_type=JSON,
        creator=w.admin,
    )
    w.seller_client.post(w.ventas, message)
    w.seller_client.post(w.ventas, "@monto marker")  # always fires: a barrier for the check
    requests_seen = receiver.wait_requests(1)
    w.mm.wait_for(lambda: len(w.mm.webhook_deliveries(finished=True)) >= (2 if fires else 1))
    texts = [r.json()["text"] for r in receiver.requests]
    assert (message in texts) is fires
    if fires:
        assert requests_seen[0].json()["trigger_word"] == "@monto"


def test_a_channel_hook_without_trigger_words_fires_on_every_post(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "cualquier cosa")
    w.seller_client.reply(w.seller_client.post(w.ventas, "root"), "a reply fires too")
    assert len(receiver.wait_requests(3)) == 3


def test_every_callback_url_gets_one_request_in_parallel(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    receiver.reply_json({}, delay=0.3)
    w.mm.add_outgoing_webhook(
        w.team,
        channel=w.ventas,
        callback_urls=[receiver.url + "/a", receiver.url + "/b"],
        creator=w.admin,
    )
    w.seller_client.post(w.ventas, "hola")
    deliveries = _delivered(w, 2)
    assert {d.url.rsplit("/", 1)[1] for d in deliveries} == {"a", "b"}
    starts = sorted(d.started_at for d in deliveries)
    assert starts[1] - starts[0] < 0.2  # the second did not wait for the first


def test_a_reply_is_posted_by_the_hook_creator_with_webhook_props(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    receiver.reply_json(
        {"text": "Venta registrada", "props": {"sale_id": 42, "from_webhook": "no"}}
    )
    w.add_webhook(receiver.url, display_name="Ventas bot")
    post = w.seller_client.post(w.ventas, "@monto 1500")
    [delivery] = _delivered(w)
    assert delivery.outcome == "posted"
    reply = w.mm.get_post(delivery.reply_post_ids[0])
    assert reply.user_id == w.admin.id  # not the bot, not the seller
    assert reply.root_id == ""  # default response_type "post": a new root post
    assert reply.props == {
        "from_webhook": "true",
        "webhook_display_name": "Ventas bot",
        "sale_id": 42,
    }
    assert "override_username" not in reply.props  # EnablePostUsernameOverride is false
    assert reply.message == "Venta registrada"
    assert reply.id != post["id"]


def test_overrides_appear_only_when_enabled(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    w.mm.configure(enable_post_username_override=True, enable_post_icon_override=True)
    receiver.reply_json({"text": "ok", "username": "Robot", "icon_url": "http://i/x.png"})
    w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "hola")
    [delivery] = _delivered(w)
    props = w.mm.get_post(delivery.reply_post_ids[0]).props
    assert props["override_username"] == "Robot"
    assert props["override_icon_url"] == "http://i/x.png"


def test_comment_replies_in_the_thread_of_the_triggering_post(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    receiver.reply_json({"response_type": "comment", "text": ":white_check_mark: ok"})
    w.add_webhook(receiver.url)
    post = w.seller_client.post(w.ventas, "@monto 1500")
    [_delivery] = _delivered(w)
    assert [p.message for p in w.mm.thread_posts(post["id"])][1] == ":white_check_mark: ok"


def test_comment_fails_when_the_triggering_post_is_itself_a_reply(
    mattermost_world: World, receiver: Receiver
):
    w = mattermost_world
    root = w.bot_client.post(w.ventas, "root")  # before the hook exists
    receiver.reply_json({"response_type": "comment", "text": "never shown"})
    w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "@monto 1", root_id=root["id"])
    [delivery] = _delivered(w)
    assert delivery.outcome == "post_failed"
    assert delivery.error == "api.post.create_post.root_id.app_error"
    assert "never shown" not in [p.message for p in w.mm.posts(w.ventas)]


@pytest.mark.parametrize(
    ("body", "content_type", "outcome"),
    [
        (b"", "application/json", "no_post"),
        (b"<html>oops</html>", "text/html", "bad_response"),
        (b"{}", "application/json", "no_post"),
        (b'{"text": null}', "application/json", "no_post"),
        (b'{"text": 5}', "application/json", "bad_response"),
    ],
)
def test_replies_that_post_nothing(
    mattermost_world: World, receiver: Receiver, body: bytes, content_type: str, outcome: str
):
    w = mattermost_world
    receiver.reply_raw(body, content_type)
    w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "hola")
    [delivery] = _delivered(w)
    assert delivery.outcome == outcome
    assert len(w.mm.posts(w.ventas)) == 1


def test_the_http_status_is_ignored(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    receiver.reply_json({"text": "posted anyway"}, status=500)
    w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "hola")
    [delivery] = _delivered(w)
    assert delivery.status == 500
    assert delivery.outcome == "posted"


def test_attachments_alone_make_a_post(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    receiver.reply_json({"attachments": [{"text": "card"}]})
    w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "hola")
    [delivery] = _delivered(w)
    reply = w.mm.get_post(delivery.reply_post_ids[0])
    assert reply.props["attachments"] == [{"text": "card"}]
    assert reply.message == ""


def test_slack_links_are_rewritten_to_markdown(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    receiver.reply_json({"text": "ver <https://x.test/v/1|la venta>"})
    w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "hola")
    [delivery] = _delivered(w)
    assert w.mm.get_post(delivery.reply_post_ids[0]).message == "ver [la venta](https://x.test/v/1)"


def test_a_reply_does_not_trigger_hooks_again(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    receiver.reply_json({"text": "@monto echo"})
    w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "@monto 1")
    _delivered(w)
    assert w.mm.wait_for(lambda: len(w.mm.posts(w.ventas)) == 2)
    assert len(receiver.requests) == 1


def test_a_slow_receiver_times_out_once_with_no_retry(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    w.mm.configure(outgoing_integration_requests_timeout=0.2)
    receiver.reply_json({"text": "too late"}, delay=0.6)
    w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "hola")
    [delivery] = _delivered(w)
    assert delivery.outcome == "timeout"
    assert 0.15 < delivery.duration < 0.5
    assert len(receiver.requests) == 1
    assert len(w.mm.posts(w.ventas)) == 1


def test_an_unreachable_url_is_recorded_as_an_error(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    w.add_webhook("http://127.0.0.1:9/nothing-listens-here")
    w.seller_client.post(w.ventas, "hola")
    [delivery] = _delivered(w)
    assert delivery.outcome == "error"
    assert delivery.status is None


def test_disabled_outgoing_webhooks_send_nothing(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    w.mm.config.enable_outgoing_webhooks = False
    w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "hola")
    assert w.mm.webhook_deliveries() == []


def test_delivery_records_hold_request_and_response(mattermost_world: World, receiver: Receiver):
    w = mattermost_world
    receiver.reply_json({"text": "ok"})
    hook = w.add_webhook(receiver.url)
    w.seller_client.post(w.ventas, "hola")
    [delivery] = _delivered(w)
    assert delivery.hook_id == hook.id
    assert delivery.payload["text"] == "hola"
    assert delivery.request_headers["User-Agent"] == "Mattermost-Bot/1.1"
    assert json.loads(delivery.response_body) == {"text": "ok"}
    assert delivery.duration is not None

"""`POST /api/v4/channels/direct`: the direct-message channel of two users (bots use it to
write to a person first)."""

import json

from tests.mattermost_standin import World
from tests.standin.helpers import WsClient


def test_it_returns_the_existing_direct_channel_with_201(mattermost_world: World):
    w = mattermost_world
    response = w.bot_client.request("POST", "/channels/direct", json=[w.bot.id, w.seller.id])
    assert response.status_code == 201
    channel = response.json()
    assert (channel["id"], channel["type"], channel["team_id"]) == (w.seller_dm.id, "D", "")
    assert channel["name"] == "__".join(sorted([w.bot.id, w.seller.id]))


def test_it_creates_a_new_one_and_tells_both_users(mattermost_world: World):
    w = mattermost_world
    with WsClient.open(w.mm.url, w.admin.token) as admin:
        assert admin.recv()["event"] == "hello"
        response = w.bot_client.request("POST", "/channels/direct", json=[w.admin.id, w.bot.id])
        assert response.status_code == 201
        channel = response.json()
        added = admin.recv_event("direct_added")
    assert added["data"] == {"creator_id": w.bot.id, "teammate_id": w.admin.id}
    assert added["broadcast"]["channel_id"] == channel["id"]
    again = w.bot_client.request("POST", "/channels/direct", json=[w.bot.id, w.admin.id])
    assert again.status_code == 201
    assert again.json()["id"] == channel["id"]
    post = w.bot_client.post(channel["id"], "hola")
    assert post["channel_id"] == channel["id"]


def test_only_a_member_of_the_pair_or_an_admin_may_ask(mattermost_world: World):
    w = mattermost_world
    response = w.seller_client.request("POST", "/channels/direct", json=[w.bot.id, w.admin.id])
    assert response.status_code == 403
    assert response.json()["id"] == "api.context.permissions.app_error"
    by_admin = w.admin_client.request("POST", "/channels/direct", json=[w.bot.id, w.seller.id])
    assert by_admin.status_code == 201


def test_bad_bodies_are_refused_with_app_errors(mattermost_world: World):
    w = mattermost_world
    unknown_user = "api.channel.create_direct_channel.invalid_user.app_error"
    cases = {
        json.dumps({"user_ids": [w.bot.id]}): "api.context.invalid_body_param.app_error",
        json.dumps([w.bot.id]): "api.context.invalid_param.app_error",
        json.dumps([w.bot.id, "short"]): "api.context.invalid_param.app_error",
        json.dumps([w.bot.id, "u" * 26]): unknown_user,
    }
    for body, error_id in cases.items():
        response = w.bot_client.request("POST", "/channels/direct", data=body)
        assert (response.status_code, response.json()["id"]) == (400, error_id), body

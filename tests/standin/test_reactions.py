"""Reactions (docs/mattermost.md#rest-calls): 200 not 201, upsert, permissions, removal."""

from tests.mattermost_standin import World


def _react(client, user_id: str, post_id: str, emoji: str = "white_check_mark"):
    body = {"user_id": user_id, "post_id": post_id, "emoji_name": emoji}
    return client.request("POST", "/reactions", json=body)


def test_saving_a_reaction_answers_200_with_the_reaction(mattermost_world: World):
    w = mattermost_world
    post = w.seller_client.post(w.ventas, "@monto 1")
    response = _react(w.bot_client, w.bot.id, post["id"])
    assert response.status_code == 200
    assert response.json() == {
        "user_id": w.bot.id,
        "post_id": post["id"],
        "emoji_name": "white_check_mark",
        "create_at": response.json()["create_at"],
        "update_at": response.json()["update_at"],
        "delete_at": 0,
        "remote_id": "",
        "channel_id": w.ventas.id,
    }


def test_the_same_reaction_twice_is_one_reaction(mattermost_world: World):
    w = mattermost_world
    post = w.seller_client.post(w.ventas, "x")
    first = _react(w.bot_client, w.bot.id, post["id"]).json()
    second = _react(w.bot_client, w.bot.id, post["id"]).json()
    assert second["create_at"] == first["create_at"]
    listed = w.bot_client.request("GET", f"/posts/{post['id']}/reactions").json()
    assert len(listed) == 1
    assert w.bot_client.get_post(post)["has_reactions"] is True


def test_reacting_for_another_user_is_forbidden(mattermost_world: World):
    w = mattermost_world
    post = w.seller_client.post(w.ventas, "x")
    response = _react(w.bot_client, w.seller.id, post["id"])
    assert response.status_code == 403
    assert response.json()["id"] == "api.reaction.save_reaction.user_id.app_error"


def test_bad_ids_or_an_empty_emoji_are_invalid(mattermost_world: World):
    w = mattermost_world
    post = w.seller_client.post(w.ventas, "x")
    for user_id, post_id, emoji in [
        ("short", post["id"], "ok"),
        (w.bot.id, "short", "ok"),
        (w.bot.id, post["id"], ""),
    ]:
        response = _react(w.bot_client, user_id, post_id, emoji)
        assert response.status_code == 400
        assert response.json()["id"] == "api.reaction.save_reaction.invalid.app_error"
    colons = _react(w.bot_client, w.bot.id, post["id"], ":ok:")
    assert colons.json()["id"] == "model.reaction.is_valid.emoji_name.app_error"


def test_reacting_outside_your_channels_is_forbidden(mattermost_world: World):
    w = mattermost_world
    post = w.bot_client.post(w.gerencia, "x")
    assert _react(w.seller_client, w.seller.id, post["id"]).status_code == 403


def test_removing_a_reaction_answers_status_ok(mattermost_world: World):
    w = mattermost_world
    post = w.seller_client.post(w.ventas, "x")
    _react(w.bot_client, w.bot.id, post["id"], "warning")
    path = f"/users/{w.bot.id}/posts/{post['id']}/reactions/warning"
    response = w.bot_client.request("DELETE", path)
    assert response.status_code == 200
    assert response.json() == {"status": "OK"}
    assert w.mm.reactions(post["id"]) == []
    other = f"/users/{w.seller.id}/posts/{post['id']}/reactions/warning"
    assert w.bot_client.request("DELETE", other).status_code == 403


def test_a_reaction_moves_the_post_into_since(mattermost_world: World):
    w = mattermost_world
    post = w.seller_client.post(w.ventas, "x")
    since = w.bot_client.get_post(post)["update_at"]
    _react(w.bot_client, w.bot.id, post["id"])
    assert w.bot_client.channel_posts(w.ventas, since=since)["order"] == [post["id"]]

"""POST /posts and friends: status codes, server-set fields, threads, de-duplication, lists."""

import threading
import time

import requests

from tests.mattermost_standin import World


def test_creating_a_post_answers_201_with_the_server_set_fields(mattermost_world: World):
    w = mattermost_world
    response = w.seller_client.request(
        "POST", "/posts", json={"channel_id": w.ventas.id, "message": "@monto 1500"}
    )
    assert response.status_code == 201
    post = response.json()
    assert len(post["id"]) == 26
    assert post["user_id"] == w.seller.id
    assert post["create_at"] == post["update_at"] > 0
    assert post["props"] == {}
    assert "file_ids" not in post  # omitempty
    assert post["metadata"] == {}


def test_a_bot_post_is_marked_from_bot(mattermost_world: World):
    w = mattermost_world
    post = w.bot_client.post(w.ventas, "hola")
    assert post["props"] == {"from_bot": "true"}


def test_posting_where_you_are_not_a_member_is_forbidden(mattermost_world: World):
    w = mattermost_world
    response = w.seller_client.request(
        "POST", "/posts", json={"channel_id": w.gerencia.id, "message": "x"}
    )
    assert response.status_code == 403
    assert response.json()["id"] == "api.context.permissions.app_error"


def test_a_body_that_is_not_a_post_is_an_invalid_body_param(mattermost_world: World):
    w = mattermost_world
    response = w.seller_client.request("POST", "/posts", data=b"{not json")
    assert response.status_code == 400
    assert response.json()["id"] == "api.context.invalid_body_param.app_error"


def test_a_reply_to_a_reply_is_refused_with_root_id_app_error(mattermost_world: World):
    w = mattermost_world
    root = w.seller_client.post(w.ventas, "root")
    reply = w.seller_client.post(w.ventas, "reply", root_id=root["id"])
    response = w.seller_client.request(
        "POST", "/posts", json={"channel_id": w.ventas.id, "message": "x", "root_id": reply["id"]}
    )
    assert response.status_code == 400
    assert response.json()["id"] == "api.post.create_post.root_id.app_error"


def test_a_root_in_another_channel_or_unknown_is_refused(mattermost_world: World):
    w = mattermost_world
    elsewhere = w.bot_client.post(w.gerencia, "private root")
    for root_id in (elsewhere["id"], "a" * 26):
        response = w.bot_client.request(
            "POST", "/posts", json={"channel_id": w.ventas.id, "message": "x", "root_id": root_id}
        )
        assert response.json()["id"] == "api.post.create_post.root_id.app_error"


def test_a_reply_counts_in_its_root_and_shows_in_the_thread(mattermost_world: World):
    w = mattermost_world
    root = w.seller_client.post(w.ventas, "root")
    first = w.bot_client.post(w.ventas, "first", root_id=root["id"], props={"reply_key": "k1"})
    second = w.seller_client.reply(first, "second")
    assert second["root_id"] == root["id"]  # reply() threads under the root
    assert w.seller_client.get_post(root)["reply_count"] == 2
    for anchor in (root, first):
        thread = w.bot_client.thread(anchor)
        assert thread["order"] == [second["id"], first["id"], root["id"]]
        assert thread["posts"][first["id"]]["props"]["reply_key"] == "k1"


def test_the_same_pending_post_id_gives_back_the_same_post(mattermost_world: World):
    w = mattermost_world
    first = w.bot_client.post(w.ventas, "ok", pending_post_id="abc:1")
    again = w.bot_client.post(w.ventas, "ok", pending_post_id="abc:1")
    assert again["id"] == first["id"]
    assert [p.id for p in w.mm.posts(w.ventas)] == [first["id"]]


def test_a_pending_post_id_is_forgotten_after_its_ttl(mattermost_world: World):
    w = mattermost_world
    w.mm.configure(pending_post_ttl=0.05)
    first = w.bot_client.post(w.ventas, "ok", pending_post_id="abc:2")
    time.sleep(0.1)
    again = w.bot_client.post(w.ventas, "ok", pending_post_id="abc:2")
    assert again["id"] != first["id"]


def test_a_second_create_while_the_first_is_in_flight_gets_500_pending(mattermost_world: World):
    w = mattermost_world
    w.mm.configure(post_save_delay=0.4)
    body = {"channel_id": w.ventas.id, "message": "x", "pending_post_id": "abc:3"}
    results: list[requests.Response] = []
    first = threading.Thread(
        target=lambda: results.append(w.bot_client.request("POST", "/posts", json=body))
    )
    first.start()
    time.sleep(0.1)  # the first create is now sleeping inside the server, its id "pending"
    second = w.mm.client_for(w.bot).request("POST", "/posts", json=body)
    first.join()
    assert second.status_code == 500
    assert second.json()["id"] == "api.post.deduplicate_create_post.pending"
    assert results[0].status_code == 201


def test_patch_sets_edit_at_and_returns_the_post(mattermost_world: World):
    w = mattermost_world
    post = w.seller_client.post(w.ventas, "@monto 100")
    edited = w.seller_client.edit(post, "@monto 150")
    assert edited["message"] == "@monto 150"
    assert edited["edit_at"] >= post["create_at"]
    assert edited["update_at"] >= edited["edit_at"]


def test_only_the_author_may_edit_or_delete(mattermost_world: World):
    w = mattermost_world
    post = w.seller_client.post(w.ventas, "mine")
    assert (
        w.bot_client.request("PUT", f"/posts/{post['id']}/patch", json={"message": "x"}).status_code
        == 403
    )
    assert w.bot_client.request("DELETE", f"/posts/{post['id']}").status_code == 403
    assert w.admin_client.request("DELETE", f"/posts/{post['id']}").status_code == 200


def test_delete_answers_status_ok_and_hides_the_post_and_its_replies(mattermost_world: World):
    w = mattermost_world
    root = w.seller_client.post(w.ventas, "root")
    w.bot_client.post(w.ventas, "reply", root_id=root["id"])
    response = w.seller_client.request("DELETE", f"/posts/{root['id']}")
    assert response.status_code == 200
    assert response.json() == {"status": "OK"}
    gone = w.seller_client.request("GET", f"/posts/{root['id']}")
    assert gone.status_code == 404
    assert gone.json()["id"] == "app.post.get.app_error"
    assert w.mm.posts(w.ventas) == []


def test_since_lists_new_edited_and_deleted_posts(mattermost_world: World):
    w = mattermost_world
    old = w.seller_client.post(w.ventas, "old")
    edited = w.seller_client.post(w.ventas, "to edit")
    deleted = w.seller_client.post(w.ventas, "to delete")
    since = deleted["create_at"]
    w.seller_client.edit(edited, "edited")
    w.seller_client.delete(deleted)
    new = w.seller_client.post(w.ventas, "new")
    page = w.bot_client.channel_posts(w.ventas, since=since)
    assert set(page["order"]) == {edited["id"], deleted["id"], new["id"]}
    assert old["id"] not in page["posts"]
    assert page["posts"][deleted["id"]]["delete_at"] > 0
    assert page["posts"][edited["id"]]["message"] == "edited"


def test_after_pages_forward_in_order_with_cursors(mattermost_world: World):
    w = mattermost_world
    ids = [w.seller_client.post(w.ventas, f"p{i}")["id"] for i in range(5)]
    page = w.bot_client.channel_posts(w.ventas, after=ids[0], per_page=2)
    assert page["order"] == [ids[2], ids[1]]  # newest first
    assert page["prev_post_id"] == ids[0]
    assert page["next_post_id"] == ids[3]
    assert page["has_next"] is True
    last = w.bot_client.channel_posts(w.ventas, after=ids[0], per_page=2, page=1)
    assert last["order"] == [ids[4], ids[3]]
    assert last["has_next"] is False


def test_before_and_plain_pages_go_backwards(mattermost_world: World):
    w = mattermost_world
    ids = [w.seller_client.post(w.ventas, f"p{i}")["id"] for i in range(4)]
    assert w.bot_client.channel_posts(w.ventas, before=ids[3], per_page=2)["order"] == [
        ids[2],
        ids[1],
    ]
    newest = w.bot_client.channel_posts(w.ventas, per_page=2)
    assert newest["order"] == [ids[3], ids[2]]
    assert newest["prev_post_id"] == ids[1]
    assert newest["next_post_id"] == ""
    assert w.bot_client.channel_posts(w.ventas, page=1, per_page=2)["order"] == [ids[1], ids[0]]


def test_a_reply_in_a_page_brings_its_root_into_posts(mattermost_world: World):
    w = mattermost_world
    root = w.seller_client.post(w.ventas, "root")
    reply = w.bot_client.post(w.ventas, "reply", root_id=root["id"])
    page = w.bot_client.channel_posts(w.ventas, after=root["id"])
    assert page["order"] == [reply["id"]]
    assert root["id"] in page["posts"]


def test_users_me_and_users_by_id(mattermost_world: World):
    w = mattermost_world
    me = w.bot_client.me()
    assert me["username"] == "salesbot"
    assert me["is_bot"] is True
    other = w.bot_client.request("GET", f"/users/{w.seller.id}").json()
    assert other["first_name"] == "Juan"
    assert "is_bot" not in other
    missing = w.bot_client.request("GET", f"/users/{'a' * 26}")
    assert missing.status_code == 404
    assert missing.json()["id"] == "app.user.missing_account.const"


def test_my_teams_and_channels_include_direct_messages(mattermost_world: World):
    w = mattermost_world
    teams = w.bot_client.request("GET", "/users/me/teams").json()
    assert [t["name"] for t in teams] == ["acme"]
    channels = w.bot_client.request("GET", f"/users/me/teams/{w.team.id}/channels").json()
    by_name = {c["name"]: c for c in channels}
    dm_name = "__".join(sorted([w.bot.id, w.seller.id]))
    assert set(by_name) == {"ventas", "gerencia", dm_name}
    assert by_name[dm_name]["type"] == "D"
    assert by_name[dm_name]["team_id"] == ""
    seller_channels = w.seller_client.request("GET", f"/users/me/teams/{w.team.id}/channels")
    assert "gerencia" not in {c["name"] for c in seller_channels.json()}


def test_since_stops_at_its_limit_without_saying_so(mattermost_world: World):
    w = mattermost_world
    w.mm.configure(posts_since_limit=2)
    first = w.seller_client.post(w.ventas, "first")
    for text in ("second", "third"):
        w.seller_client.post(w.ventas, text)
    page = w.bot_client.channel_posts(w.ventas, since=first["create_at"] - 1)
    assert len(page["order"]) == 2
    assert (page["has_next"], page["next_post_id"], page["prev_post_id"]) == (False, "", "")

"""Cross-cutting REST behaviour (docs/mattermost.md#rest-calls): auth, AppError, headers, 429."""

import requests

from tests.mattermost_standin import World


def _get(w: World, path: str, **kwargs) -> requests.Response:
    return requests.get(w.mm.url + "/api/v4" + path, timeout=5, **kwargs)


def test_a_missing_or_unknown_token_is_401_session_expired(mattermost_world: World):
    w = mattermost_world
    for headers in ({}, {"Authorization": "Bearer nope"}):
        response = _get(w, "/users/me", headers=headers)
        assert response.status_code == 401
        body = response.json()
        assert list(body) == ["id", "message", "detailed_error", "request_id", "status_code"]
        assert body["id"] == "api.context.session_expired.app_error"
        assert body["message"] == "Invalid or expired session, please login again."
        assert body["detailed_error"] == ""
        assert body["status_code"] == 401
        assert body["request_id"] == response.headers["X-Request-ID"]


def test_a_personal_token_in_the_query_string_is_refused(mattermost_world: World):
    w = mattermost_world
    response = _get(w, "/users/me", params={"access_token": w.bot.token})
    assert response.status_code == 401
    assert response.json()["id"] == "api.context.token_provided.app_error"


def test_every_header_form_of_the_token_works(mattermost_world: World):
    w = mattermost_world
    for headers in (
        {"Authorization": f"bearer {w.bot.token}"},
        {"Authorization": f"Token {w.bot.token}"},
        {"Cookie": f"MMAUTHTOKEN={w.bot.token}"},
    ):
        assert _get(w, "/users/me", headers=headers).json()["id"] == w.bot.id


def test_an_id_that_is_not_26_chars_is_invalid_url_param(mattermost_world: World):
    w = mattermost_world
    response = w.bot_client.request("GET", "/posts/abc")
    assert response.status_code == 400
    assert response.json()["id"] == "api.context.invalid_url_param.app_error"
    assert response.json()["message"] == "Invalid or missing post_id parameter in request URL."
    assert _get(w, "/posts/abc").status_code == 401  # the session is checked first


def test_an_unknown_route_is_the_404_app_error(mattermost_world: World):
    w = mattermost_world
    response = _get(w, "/no/such/thing")
    assert response.status_code == 404
    assert response.json()["id"] == "api.context.404.app_error"
    assert response.json()["detailed_error"] == ""


def test_detailed_error_is_filled_only_in_developer_mode(mattermost_world: World):
    w = mattermost_world
    w.mm.configure(enable_developer=True)
    assert "/api/v4/no/such/thing" in _get(w, "/no/such/thing").json()["detailed_error"]


def test_a_known_path_with_the_wrong_method_is_405(mattermost_world: World):
    w = mattermost_world
    response = w.bot_client.request("PATCH", "/posts")
    assert response.status_code == 405


def test_responses_carry_request_and_version_ids(mattermost_world: World):
    w = mattermost_world
    response = w.bot_client.request("GET", "/users/me")
    assert len(response.headers["X-Request-ID"]) == 26
    assert response.headers["X-Version-ID"].startswith("11.6.0.")
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Expires"] == "0"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_rate_limiting_answers_429_in_plain_text(mattermost_world: World):
    w = mattermost_world
    w.mm.enable_rate_limit(per_sec=1, max_burst=1)
    allowed = [w.bot_client.request("GET", "/users/me") for _ in range(2)]
    assert [r.status_code for r in allowed] == [200, 200]
    assert allowed[0].headers["X-RateLimit-Limit"] == "2"
    assert allowed[0].headers["X-RateLimit-Remaining"] == "1"
    limited = w.bot_client.request("GET", "/users/me")
    assert limited.status_code == 429
    assert limited.text == "limit exceeded\n"
    assert limited.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert "X-Request-ID" not in limited.headers
    w.mm.disable_rate_limit()
    assert w.bot_client.request("GET", "/users/me").status_code == 200

"""The REST chokepoint against the Mattermost stand-in: each way a call fails becomes one
MattermostError that says what happened and whether a retry can help (docs/mattermost.md#errors)."""

from decimal import Decimal

import pytest

from integrations.mattermost import client
from integrations.mattermost.client import MattermostError, MattermostNotConfigured
from tests.factories import mm_id


def test_a_rate_limited_call_is_a_retryable_429_with_its_retry_after(mm):
    mm.mm.enable_rate_limit(per_sec=0.2, max_burst=0)  # one call, then 5 s until the next
    assert client.get_me()["id"] == mm.bot.id
    with pytest.raises(MattermostError) as caught:
        client.get_me()
    error = caught.value
    assert (error.status, error.permanent, error.retry_after) == (429, False, 5.0)
    assert error.error_id == ""  # the limiter's body is plain text, not an AppError
    assert "limit exceeded" in str(error)


def test_an_app_error_gives_its_error_id_and_a_4xx_is_permanent(mm):
    with pytest.raises(MattermostError) as caught:
        client.get_post(mm_id(1))
    error = caught.value
    assert (error.status, error.error_id, error.permanent) == (404, "app.post.get.app_error", True)
    assert error.not_found
    with pytest.raises(MattermostError) as caught:
        client.create_post(channel_id=mm.ventas.id, message="hola", root_id=mm_id(2))
    error = caught.value
    assert (error.status, error.error_id, error.permanent) == (
        400,
        "api.post.create_post.root_id.app_error",
        True,
    )
    assert error.retry_after is None


def test_a_server_error_keeps_its_error_id_and_may_be_retried(mm):
    mm.mm.fail_next(1, method="POST", path="/api/v4/posts", status=500)
    with pytest.raises(MattermostError) as caught:
        client.create_post(channel_id=mm.ventas.id, message="hola")
    error = caught.value
    assert (error.status, error.error_id, error.permanent) == (
        500,
        "app.post.save.app_error",
        False,
    )


def test_a_proxys_503_page_may_be_retried(mm):
    mm.mm.fail_next(1, path="/api/v4/users/me", mode="unavailable", status=503)
    with pytest.raises(MattermostError) as caught:
        client.get_me()
    assert (caught.value.status, caught.value.error_id, caught.value.permanent) == (503, "", False)


def test_a_call_that_outlasts_the_timeout_fails_and_may_be_retried(mm, settings):
    settings.MATTERMOST_TIMEOUT = Decimal("0.2")
    mm.mm.configure(post_save_delay=1.0)
    with pytest.raises(MattermostError) as caught:
        client.create_post(channel_id=mm.ventas.id, message="lento")
    error = caught.value
    assert (error.status, error.permanent) == (None, False)
    assert "Timeout" in str(error)
    # The post is created anyway: why replies carry a pending_post_id. Wait for it, so that
    # nothing lands after this test.
    mm.mm.wait_for(lambda: mm.mm.posts(mm.ventas))


def test_a_reset_connection_may_be_retried(mm):
    mm.mm.fail_next(1, path="/api/v4/users/me", mode="reset")
    with pytest.raises(MattermostError) as caught:
        client.get_me()
    assert (caught.value.status, caught.value.permanent) == (None, False)


def test_without_url_or_token_no_call_is_made():
    with pytest.raises(MattermostNotConfigured):
        client.get_me()


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ({"first_name": "Juan", "last_name": "Vendedor", "nickname": "Juancho"}, "Juan Vendedor"),
        ({"first_name": " Ana ", "last_name": "", "nickname": "La Ana"}, "Ana"),
        ({"first_name": "", "last_name": "", "nickname": " La Ana "}, "La Ana"),
        ({"first_name": "", "last_name": "", "nickname": ""}, ""),
        ({"username": "juan"}, ""),
    ],
)
def test_a_display_name_is_first_and_last_name_else_the_nickname(user, expected):
    assert client.display_name(user) == expected

"""The listener's and the commands' settings are read strictly, like every other one."""

from tests.salesbot.test_settings import run_manage


def test_a_backoff_maximum_below_its_minimum_stops_the_start():
    result = run_manage(
        "check",
        SALESBOT_ENV_FILES="none",
        SECRET_KEY="x" * 50,
        MATTERMOST_WS_REINTENTO_MIN="10",
        MATTERMOST_WS_REINTENTO_MAX="5",
    )
    assert result.returncode == 2
    assert "MATTERMOST_WS_REINTENTO_MAX=5 debe ser mayor o igual que" in result.stderr


def test_a_ping_interval_that_is_not_a_number_stops_the_start():
    result = run_manage(
        "check", SALESBOT_ENV_FILES="none", SECRET_KEY="x" * 50, MATTERMOST_WS_PING="a menudo"
    )
    assert result.returncode == 2
    assert "MATTERMOST_WS_PING='a menudo' no es un número" in result.stderr

"""`python manage.py mattermost_listen` as `make run` starts it: a process that connects as the
bot and ends cleanly on SIGTERM or Ctrl-C (SIGINT)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.deploy.support import database_url

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_it_connects_as_the_bot_and_stops_cleanly_on_a_signal(mm, sig):
    env = {
        **os.environ,
        "SALESBOT_ENV_FILES": "none",
        "DATABASE_URL": database_url(),
        "MATTERMOST_URL": mm.mm.url,
        "MATTERMOST_BOT_TOKEN": mm.bot.token,
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "mattermost_listen"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        mm.mm.wait_for(lambda: mm.mm.ws_connections(mm.bot), timeout=30)
        process.send_signal(sig)
        assert process.wait(timeout=15) == 0
    finally:
        process.kill()
    assert "Listener de Mattermost detenido." in process.stderr.read()
    assert any(frame.kind == "close" for frame in mm.mm.ws_received(mm.bot))


def test_it_refuses_to_start_without_mattermost_configured():
    with pytest.raises(CommandError, match="MATTERMOST_URL"):
        call_command("mattermost_listen")

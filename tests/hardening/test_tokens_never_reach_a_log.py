"""A slash command's token is read only where Mattermost sends it (the Authorization header, and
a POST's body), never from the query string, and the access log never shows a query string."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "secrettokensecrettokensecr"
FORM = "application/x-www-form-urlencoded"


@pytest.mark.django_db
def test_a_token_only_in_the_query_string_is_refused(client, settings):
    settings.MATTERMOST_COMMAND_TOKENS = [TOKEN]
    query = urlencode({"token": TOKEN, "command": "/ventas", "user_id": "u" * 26})
    answer = client.get(f"/mattermost/command?{query}").json()["text"]
    assert answer.startswith(":no_entry:")
    header = client.get(f"/mattermost/command?{query}", HTTP_AUTHORIZATION=f"Token {TOKEN}")
    assert header.json()["text"].startswith("**Tus ventas")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_access_log_never_shows_a_query_string(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "SALESBOT_ENV_FILES": "none",
        "DEBUG": "true",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "salesbot/gunicorn.conf.py", "salesbot.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/mattermost/command?token={TOKEN}&command=/ventas"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
    finally:
        server.terminate()
        log = server.communicate(timeout=20)[0]
    assert "GET /mattermost/command " in log
    assert TOKEN not in log

"""`make run` (scripts/run.sh) starts the listener only when its command would run: with
MATTERMOST_URL *and* MATTERMOST_BOT_TOKEN (`client.configured()`). Started without the token it
would exit at once and take the web server and the worker with it (`wait -n`).

The script runs for real from a copy of `scripts/` beside a fake `.venv/bin`: the long-running
roles only write their name and sleep; everything else (the settings check) is the real
interpreter in this checkout.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FAKE_PYTHON = """#!/usr/bin/env bash
case "$1 $2" in
  "manage.py worker"|"manage.py mattermost_listen") echo "$2" >> "$ROLES"; exec sleep 60;;
  "manage.py migrate"|"manage.py collectstatic") exit 0;;
esac
cd {root} && exec {python} "$@"
"""
FAKE_GUNICORN = """#!/usr/bin/env bash
echo gunicorn >> "$ROLES"; exec sleep 60
"""


def _fake_checkout(tmp_path: Path) -> dict[str, str]:
    """scripts/ beside a fake .venv/bin; the environment to run them with."""
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = FAKE_PYTHON.format(root=ROOT, python=sys.executable)
    for name, text in (("python", python), ("gunicorn", FAKE_GUNICORN)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return {
        **os.environ,
        "SALESBOT_ENV_FILES": "none",
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": "sqlite:///unused.sqlite3",
        "ROLES": str(tmp_path / "roles"),
        # A port nobody uses, unless a test says otherwise.
        "HOST": "127.0.0.1",
        "PORT": str(_free_port()),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(tmp_path: Path, **mattermost: str) -> tuple[list[str], str]:
    """Start run.sh, wait until it has started everything, stop it; (roles started, stderr)."""
    env = {**_fake_checkout(tmp_path), **mattermost}
    roles, stderr = tmp_path / "roles", tmp_path / "stderr"
    with stderr.open("w") as err:
        process = subprocess.Popen(
            ["bash", "scripts/run.sh"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while "salesbot en http" not in stderr.read_text():
            assert process.poll() is None, f"run.sh ended early: {stderr.read_text()}"
            assert time.monotonic() < deadline, f"run.sh never got going: {stderr.read_text()}"
            time.sleep(0.1)
        time.sleep(0.3)  # the roles started in the background write their names
        assert process.poll() is None, f"run.sh stopped: {stderr.read_text()}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)
    return sorted(roles.read_text().split()), stderr.read_text()


def test_without_the_bot_token_the_listener_is_not_started_and_it_says_why(tmp_path):
    roles, stderr = _run(
        tmp_path, MATTERMOST_URL="https://chat.example.com", MATTERMOST_BOT_TOKEN=""
    )
    assert roles == ["gunicorn", "worker"]
    assert "El listener de Mattermost no se inicia: falta MATTERMOST_BOT_TOKEN" in stderr, stderr


def test_without_mattermost_it_says_both_settings_are_missing(tmp_path):
    roles, stderr = _run(tmp_path, MATTERMOST_URL="", MATTERMOST_BOT_TOKEN="")
    assert roles == ["gunicorn", "worker"]
    assert "faltan MATTERMOST_URL y MATTERMOST_BOT_TOKEN" in stderr, stderr


def test_with_the_url_and_the_token_the_listener_starts(tmp_path):
    roles, stderr = _run(
        tmp_path, MATTERMOST_URL="https://chat.example.com", MATTERMOST_BOT_TOKEN="a-token"
    )
    assert roles == ["gunicorn", "mattermost_listen", "worker"]
    assert "listener" not in stderr

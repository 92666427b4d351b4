"""`make run` with its port already taken says so in Spanish, and how to pick another, instead
of announcing a server that then dies with gunicorn's English errors."""

import socket
import subprocess

import pytest

from tests.listener.test_make_run_starts_the_listener import _fake_checkout, _free_port, _run


@pytest.fixture
def taken_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_a_taken_port_stops_it_with_a_spanish_explanation(tmp_path, taken_port):
    env = _fake_checkout(tmp_path)
    result = subprocess.run(
        ["bash", "scripts/run.sh"],
        cwd=tmp_path,
        env={**env, "HOST": "127.0.0.1", "PORT": str(taken_port)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"el puerto {taken_port} ya está en uso" in result.stderr
    assert f"PORT={taken_port + 1} make run" in result.stderr
    assert "salesbot en http" not in result.stderr
    assert not (tmp_path / "roles").exists()  # nothing was started


def test_the_port_it_announces_is_the_one_configured(tmp_path):
    free = _free_port()
    _, stderr = _run(tmp_path, HOST="127.0.0.1", PORT=str(free))
    assert f"salesbot en http://localhost:{free}" in stderr

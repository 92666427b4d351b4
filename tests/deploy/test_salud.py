"""`manage.py salud worker|listener`: the health check of the roles that serve no HTTP."""

import io
import os
import sys
import time

import pytest
from django.core.management import CommandError, call_command

from salesbot import heartbeat
from tests.deploy.support import database_url, manage, run


@pytest.fixture(autouse=True)
def latidos(settings, tmp_path):
    settings.LATIDOS_DIR = tmp_path / "latidos"
    heartbeat.forget()
    yield settings.LATIDOS_DIR
    heartbeat.forget()


def salud(rol: str) -> str:
    out = io.StringIO()
    call_command("salud", rol, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_worker_that_beat_recently_is_healthy():
    heartbeat.beat("worker")
    assert "worker: sano" in salud("worker")


@pytest.mark.django_db
def test_a_worker_that_never_beat_here_is_not_healthy():
    with pytest.raises(CommandError, match=r"no hay latido.*el worker no está procesando la cola"):
        salud("worker")


@pytest.mark.django_db
def test_a_heartbeat_older_than_the_limit_is_not_healthy():
    heartbeat.beat("listener")
    hace_un_rato = time.time() - 121
    os.utime(heartbeat.path_of("listener"), (hace_un_rato, hace_un_rato))
    with pytest.raises(CommandError, match=r"hace 121 s \(máximo 120 s\); el listener no está"):
        salud("listener")


def test_an_unreachable_database_is_not_healthy(latidos):
    latidos.mkdir()
    (latidos / "worker").touch()
    result = manage(
        "salud", "worker", DATABASE_URL="postgres://x@127.0.0.1:9/x", LATIDOS_DIR=str(latidos)
    )
    assert result.returncode == 1
    assert "worker: la base de datos no responde" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_loop_beats_and_the_container_check_sees_it(latidos):
    environ = {"DATABASE_URL": database_url(), "LATIDOS_DIR": str(latidos)}
    worker = manage("worker", "--batch", "--no-reload", "--no-startup-delay", **environ)
    assert worker.returncode == 0, worker.stderr
    check = run(sys.executable, "docker/healthcheck.py", SALESBOT_ROL="worker", **environ)
    assert check.returncode == 0, check.stderr
    assert "worker: sano" in check.stdout


@pytest.mark.django_db(transaction=True)
def test_the_listener_beats_while_it_is_connected(listen):
    listen()
    assert "listener: sano" in salud("listener")

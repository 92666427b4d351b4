"""docker/healthcheck.py for the web role: /health through the port gunicorn listens on."""

import sys
from urllib.parse import urlsplit

import pytest

from tests.deploy.support import run


@pytest.mark.django_db(transaction=True)
def test_the_web_role_is_healthy_when_health_answers(live_server):
    port = str(urlsplit(live_server.url).port)
    result = run(sys.executable, "docker/healthcheck.py", SALESBOT_ROL="web", PORT=port)
    assert result.returncode == 0, result.stderr


def test_the_web_role_is_not_healthy_when_nothing_listens():
    result = run(sys.executable, "docker/healthcheck.py", SALESBOT_ROL="web", PORT="9")
    assert result.returncode == 1
    assert "web: /health no responde" in result.stderr

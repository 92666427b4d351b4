"""Shared fixtures: settings for tests, the task worker, and the skip guard for CI."""

from __future__ import annotations

import os

import pytest

from tests.helpers import ocr as ocr_helper
from tests.helpers.worker import run_worker

pytest_plugins = ["tests.mattermost_standin.fixtures"]

# A skip in CI hides untested code: with SALESBOT_FORBID_SKIPS=1 (set by .ci/run) any skipped
# test fails the run.
_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and os.environ.get("SALESBOT_FORBID_SKIPS") == "1":
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped:
        session.config.get_terminal_writer().line(
            f"\nSALESBOT_FORBID_SKIPS=1 and {len(_skipped)} tests were skipped: "
            + ", ".join(_skipped),
            red=True,
        )
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast retry schedules, a private media folder, and no Mattermost unless a test sets one.

    With DEBUG=false the admin's `{% static %}` needs collectstatic's manifest, which the tests
    do not build: plain storage names the files, and the live server serves them from the apps
    (pytest-django's static handler)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MATTERMOST_URL = ""
    settings.MATTERMOST_BOT_TOKEN = ""
    settings.MATTERMOST_WEBHOOK_TOKENS = ["hooktokenhooktokenhooktoke"]
    settings.MATTERMOST_REINTENTOS = (0, 0, 0)
    settings.EVENTO_REINTENTOS = (0, 0, 0)
    settings.MATTERMOST_PENDING_TTL = 25
    settings.VENTA_REQUIERE_COMPROBANTE = True
    settings.COMISION_POR_TUBO = __import__("decimal").Decimal("10")
    settings.COMISION_UMBRAL_TUBOS = 3
    settings.OCR_LECTOR = ocr_helper.PATH
    # Every pass runs however loaded the machine is: a test's answer must not depend on it.
    settings.OCR_PRESUPUESTO = 0
    ocr_helper.leer.returns()
    from integrations.mattermost import bot

    bot.forget()
    yield
    bot.forget()


@pytest.fixture
def ocr():
    """The fake receipt reader: `ocr.returns(fake_reading(...))` sets what photos read as."""
    return ocr_helper.leer


@pytest.fixture
def reading_server(monkeypatch):
    """A fresh reading server behind `ocr.isolated.read_receipt` (the service's reader), stopped
    at the test's end: no server outlives its test, whatever another test left running."""
    from ocr import isolated

    fresh = isolated.ReadingServer()
    monkeypatch.setattr(isolated, "_SERVER", fresh)
    yield fresh
    fresh.stop()


@pytest.fixture
def worker():
    """Runs the real db_worker loop until no task is ready; returns how many tasks ran."""
    return run_worker


@pytest.fixture
def mm(mattermost_world, settings):
    """The stand-in's typical world, with salesbot configured to talk to it as the bot."""
    settings.MATTERMOST_URL = mattermost_world.mm.url
    settings.MATTERMOST_BOT_TOKEN = mattermost_world.bot.token
    return mattermost_world


@pytest.fixture
def hook(mm, live_server, settings):
    """A channel-only outgoing webhook on `ventas` that calls this test's live salesbot."""
    webhook = mm.add_webhook(f"{live_server.url}/mattermost/webhook")
    settings.MATTERMOST_WEBHOOK_TOKENS = [webhook.token]
    return webhook


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))

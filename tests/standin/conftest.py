"""Loads the stand-in's pytest plugin unless tests/conftest.py already lists it."""

import pytest

from tests.standin.helpers import Receiver

PLUGIN = "tests.mattermost_standin.fixtures"


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin(PLUGIN):
        config.pluginmanager.import_plugin(PLUGIN)


@pytest.fixture(scope="session")
def receiver_server():
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def receiver(receiver_server: Receiver) -> Receiver:
    """A local HTTP server that records what Mattermost sends and answers as told."""
    receiver_server.reset()
    return receiver_server

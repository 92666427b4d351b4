"""pytest plugin: `pytest_plugins = ["tests.mattermost_standin.fixtures"]`.

- `mattermost_server` (session): one started stand-in for the whole run.
- `mattermost` (function): the same server, reset to empty before the test.
- `mattermost_world` (function): `mattermost` with the typical salesbot world built in it.
"""

from collections.abc import Iterator

import pytest

from .models import Config
from .server import MattermostStandIn
from .world import World, build_world

# Real defaults everywhere except the integration timeout, so a silent receiver costs 2 s.
TEST_CONFIG = Config(outgoing_integration_requests_timeout=2.0)


@pytest.fixture(scope="session")
def mattermost_server() -> Iterator[MattermostStandIn]:
    server = MattermostStandIn(TEST_CONFIG).start()
    yield server
    server.stop()


@pytest.fixture
def mattermost(mattermost_server: MattermostStandIn) -> Iterator[MattermostStandIn]:
    mattermost_server.reset()
    yield mattermost_server
    mattermost_server.reset()  # no sockets or webhook calls leak into the next test


@pytest.fixture
def mattermost_world(mattermost: MattermostStandIn) -> World:
    return build_world(mattermost)

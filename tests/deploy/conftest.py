from tests.listener.support import listen  # noqa: F401 - the fixture

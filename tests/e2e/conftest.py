"""Fixtures of the end-to-end tests."""

from tests.listener.support import listen  # noqa: F401 - the fixture

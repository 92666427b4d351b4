"""Test-run defaults, loaded before Django settings (`-p tests.entorno` in pyproject.toml).

A conftest.py would be too late: pytest-django imports the settings before any conftest runs.

The settings refuse to start without SECRET_KEY outside DEBUG (as production must); the suite
runs with DEBUG=false like production, so it brings a throwaway key of its own.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

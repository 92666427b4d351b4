"""Run the project's own commands and tools in a subprocess, as a container would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database, for a subprocess."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{db['USER']}{password}@{host}/{db['NAME']}"


def run(*args: str, env: dict[str, str] | None = None, **extra: str):
    """`args` from the checkout root; no .env file is read (SALESBOT_ENV_FILES=none)."""
    environment = {**(os.environ if env is None else env), "SALESBOT_ENV_FILES": "none", **extra}
    return subprocess.run(
        list(args), cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def manage(*args: str, **extra: str):
    return run(sys.executable, "manage.py", *args, **extra)

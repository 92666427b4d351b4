"""Container health: the web role answers /health; the worker and listener roles report through
`manage.py salud` (they serve no HTTP)."""

import os
import subprocess
import sys
import urllib.request

role = os.environ.get("SALESBOT_ROL", "web")
if role == "web":
    try:
        with urllib.request.urlopen("http://127.0.0.1:5000/health", timeout=4) as response:
            sys.exit(0 if response.status == 200 else 1)
    except OSError:
        sys.exit(1)
sys.exit(subprocess.call([sys.executable, "/app/manage.py", "salud", role]))  # noqa: S603

"""Container health: the web role answers /health; the worker and listener roles report through
`manage.py salud` (they serve no HTTP). The role comes from SALESBOT_ROL (docker-compose.yml
sets it; `docker run -e SALESBOT_ROL=worker salesbot worker` for a single container)."""

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"

role = os.environ.get("SALESBOT_ROL", "web")
if role == "web":
    # `localhost` is in the default ALLOWED_HOSTS and in docker-compose.yml's: Django answers
    # 400 to a Host it does not know, /health included.
    request = urllib.request.Request(
        f"http://127.0.0.1:{os.environ.get('PORT', '5000')}/health", headers={"Host": "localhost"}
    )
    try:
        with urllib.request.urlopen(request, timeout=8) as response:  # noqa: S310
            sys.exit(0 if response.status == 200 else 1)
    except OSError as exc:
        print(f"web: /health no responde ({exc})", file=sys.stderr)
        sys.exit(1)
sys.exit(subprocess.call([sys.executable, str(MANAGE), "salud", role]))  # noqa: S603

#!/usr/bin/env bash
# `make run`: first-run configuration, migrations, then the web server (gunicorn, port 5000),
# the task worker and, when Mattermost is configured, the WebSocket listener, together.
# Ctrl-C (or any of them stopping) stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var

if [ ! -f var/.env ] && [ -z "${SECRET_KEY:-}" ]; then
  key=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
  printf '# Written by `make run` on first start. Development settings: edit or replace.\nDEBUG=true\nSECRET_KEY=%s\n' "$key" > var/.env
  cat >&2 <<'MSG'
==> Primera ejecución: escribí var/.env con DEBUG=true y una SECRET_KEY nueva.
    La base de datos es SQLite en var/salesbot.sqlite3.
    Para conectar con Mattermost agregue a var/.env (vea README.md, "Configuración"):
      MATTERMOST_URL=https://mattermost.example.com
      MATTERMOST_BOT_TOKEN=<token del bot>
      MATTERMOST_WEBHOOK_TOKENS=<token del webhook saliente>
      SALESBOT_PUBLIC_URL=http://<esta máquina>:5000
    Y cree un usuario para el panel: .venv/bin/python manage.py createsuperuser
MSG
fi

.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput -v0

pids=()
stop() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop INT TERM EXIT

.venv/bin/gunicorn -c salesbot/gunicorn.conf.py salesbot.wsgi & pids+=($!)
.venv/bin/python manage.py worker --no-reload & pids+=($!)
if .venv/bin/python manage.py shell -c 'from django.conf import settings; raise SystemExit(0 if settings.MATTERMOST_URL else 1)' 2>/dev/null \
   && .venv/bin/python manage.py help mattermost_listen >/dev/null 2>&1; then
  .venv/bin/python manage.py mattermost_listen & pids+=($!)
fi
echo "==> salesbot en http://localhost:${PORT:-5000} (panel en /admin/). Ctrl-C para detener." >&2
# When any of them stops, stop the rest: a half-running service is worse than a stopped one.
wait -n

#!/usr/bin/env bash
# `make run`: first-run configuration, migrations, then the web server (gunicorn, PORT, 5000),
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

# One look at the settings (.env and var/.env included): where to listen, whether that port is
# free, and whether the listener can start (its command's own test, client.configured(): URL
# and bot token; started without both it would exit at once, and `wait -n` below would take the
# web server and the worker with it).
{ read -r HOST; read -r PORT; read -r ocupado; read -r motivo; } < <(.venv/bin/python manage.py shell -v0 -c '
import socket
from django.conf import settings
from integrations.mattermost import client
print(settings.HOST); print(settings.PORT)
with socket.socket() as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind((settings.HOST, settings.PORT)); print("libre")
    except OSError:
        print("ocupado")
faltan = [n for n in ("MATTERMOST_URL", "MATTERMOST_BOT_TOKEN") if not getattr(settings, n)]
print((("falta " if len(faltan) == 1 else "faltan ") + " y ".join(faltan)) if not client.configured() else "")
')
export HOST PORT
if [ "$ocupado" = ocupado ]; then
  siguiente=$((PORT + 1))
  cat >&2 <<MSG
==> No puedo iniciar salesbot: el puerto $PORT ya está en uso (otro programa, o salesbot ya
    está corriendo en otra terminal). Elige otro puerto, por ejemplo:
      PORT=$siguiente make run
    o agrega PORT=$siguiente a var/.env para usarlo siempre.
MSG
  exit 1
fi

pids=()
stop() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop INT TERM EXIT

.venv/bin/gunicorn -c salesbot/gunicorn.conf.py salesbot.wsgi & pids+=($!)
.venv/bin/python manage.py worker --no-reload & pids+=($!)
if [ -z "$motivo" ]; then
  .venv/bin/python manage.py mattermost_listen & pids+=($!)
else
  echo "==> El listener de Mattermost no se inicia: $motivo (vea README.md)." >&2
fi
echo "==> salesbot en http://localhost:$PORT (panel en /admin/). Ctrl-C para detener." >&2
# When any of them stops, stop the rest: a half-running service is worse than a stopped one.
wait -n

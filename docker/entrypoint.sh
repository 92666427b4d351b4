#!/bin/sh
# The container's roles. `web` applies migrations first (safe to run in every replica: Django
# takes a lock per migration and skips applied ones), then serves with gunicorn.
set -eu
role=${1:-web}
[ $# -gt 0 ] && shift
case "$role" in
  web)
    python manage.py migrate --noinput
    exec gunicorn -c salesbot/gunicorn.conf.py salesbot.wsgi "$@" ;;
  worker)
    exec python manage.py worker --no-reload "$@" ;;
  listener)
    exec python manage.py mattermost_listen "$@" ;;
  migrate)
    exec python manage.py migrate --noinput "$@" ;;
  manage)
    exec python manage.py "$@" ;;
  *)
    echo "Rol desconocido: $role (use web, worker, listener, migrate o manage)" >&2
    exit 64 ;;
esac

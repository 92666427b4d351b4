#!/bin/sh
# The container's roles. Migrations are a role of their own (`migrate`, run once before the
# others: docker-compose.yml's salesbot-migrate): Django takes no lock, so replicas migrating
# side by side at start could collide.
set -eu
role=${1:-web}
[ $# -gt 0 ] && shift
case "$role" in
  web)
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

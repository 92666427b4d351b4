"""WSGI entry point (gunicorn salesbot.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salesbot.settings")

application = get_wsgi_application()

"""WSGI entry point (gunicorn salesbot.wsgi): Django, with the outgoing webhook answered first
(salesbot/fastpath.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salesbot.settings")

django_application = get_wsgi_application()

from salesbot.fastpath import webhook_first  # noqa: E402 - needs the settings configured above

application = webhook_first(django_application)

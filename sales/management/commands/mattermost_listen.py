"""`python manage.py mattermost_listen`: the Mattermost WebSocket listener, until SIGINT/SIGTERM.

`make run` starts it beside the web server and the worker when MATTERMOST_URL and
MATTERMOST_BOT_TOKEN are set (the same `client.configured()` this command checks).
"""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from integrations.mattermost import client
from integrations.mattermost.listener import Listener


class Command(BaseCommand):
    help = (
        "Escucha Mattermost por WebSocket: ventas en canales privados y mensajes directos, "
        "ediciones y borrados. Termina limpio con Ctrl-C o SIGTERM."
    )

    def handle(self, *args, **options) -> None:
        if not client.configured():
            raise CommandError(
                "Configure MATTERMOST_URL y MATTERMOST_BOT_TOKEN para escuchar Mattermost."
            )
        listener = Listener()
        # The listener runs in a thread and the signal handlers only ask it to stop: a handler
        # that ran inside the listener's own waits could deadlock on their locks.
        hilo = threading.Thread(target=listener.run, name="mattermost-listener")
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda signum, frame: listener.stop())
        self.stderr.write("Escuchando Mattermost (Ctrl-C para terminar).")
        hilo.start()
        while hilo.is_alive():
            hilo.join(0.5)
        self.stderr.write("Listener de Mattermost detenido.")

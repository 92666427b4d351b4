"""The real listener in a background thread of the test, against the stand-in Mattermost."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from integrations.mattermost.listener import Listener
from integrations.mattermost.models import CursorCanal
from sales.models import EventoEntrante


class RunningListener:
    def __init__(self) -> None:
        self.listener = Listener()
        self.thread = threading.Thread(target=self.listener.run, name="test-listener", daemon=True)

    @property
    def outcomes(self) -> list[str]:
        return list(self.listener.outcomes)

    def start(self) -> RunningListener:
        self.thread.start()
        assert self.listener.ready.wait(10), f"the listener never got ready: {self.outcomes}"
        return self

    def stop(self) -> None:
        self.listener.stop()
        self.thread.join(10)
        assert not self.thread.is_alive(), "the listener did not stop"


@pytest.fixture
def listen(mm, settings):
    """`listen()` starts a listener (connected and caught up); all are stopped at the end."""
    settings.MATTERMOST_WS_PING = Decimal("0.2")
    settings.MATTERMOST_WS_TIMEOUT = Decimal("1")
    settings.MATTERMOST_WS_REINTENTO_MIN = Decimal("0.02")
    settings.MATTERMOST_WS_REINTENTO_MAX = Decimal("0.1")
    running: list[RunningListener] = []

    def start() -> RunningListener:
        running.append(RunningListener())
        return running[-1].start()

    yield start
    for listener in running:
        listener.stop()


def heard(mm, post: dict) -> None:
    """Wait until the listener has handed `post` over (its channel's cursor passed it)."""
    mm.mm.wait_for(
        lambda: CursorCanal.objects.filter(
            channel_id=post["channel_id"], ultimo_create_at__gte=post["create_at"]
        ).exists(),
        message=f"the listener never heard post {post['id']}",
    )


def stored(mm, post: dict, tipo: str = EventoEntrante.Tipo.PUBLICADO) -> EventoEntrante:
    return mm.mm.wait_for(
        lambda: EventoEntrante.objects.filter(post_id=post["id"], tipo=tipo).first(),
        message=f"no {tipo} event for post {post['id']}",
    )


def bot_replies(mm, post: dict) -> list:
    root = post.get("root_id") or post["id"]
    return [p for p in mm.mm.thread_posts(root) if p.user_id == mm.bot.id and p.id != root]


def emojis(mm, post: dict) -> list[str]:
    return sorted(r.emoji_name for r in mm.mm.reactions(post["id"]) if r.user_id == mm.bot.id)


SALE = "@monto 1500 @cliente Juan @tubos 5"

"""The stand-in's server-side core: state, hub, dispatchers and controls, owned by one loop."""

import asyncio
from collections.abc import Coroutine
from dataclasses import fields
from typing import Any

import aiohttp
from aiohttp import web

from .actions import Interactive
from .commands import SlashCommands
from .faults import Faults
from .models import Config
from .posts import Posts
from .ratelimit import RateLimiter
from .state import Store
from .webhooks import OutgoingWebhooks
from .ws_hub import Hub


class Core:
    def __init__(self, base_config: Config) -> None:
        self.base_config = base_config
        self.config = Config(**{f.name: getattr(base_config, f.name) for f in fields(Config)})
        self.store = Store()
        self.hub = Hub(self.store, self.get_config)
        self.posts = Posts(self.store, self.get_config)
        self.posts.publish = self.hub.publish
        self.webhooks = OutgoingWebhooks(self)
        self.posts.on_posted = self.webhooks.post_created
        self.commands = SlashCommands(self)
        self.interactive = Interactive(self)
        self.faults = Faults()
        self.rate_limiter = RateLimiter()
        self.url = ""
        self.http: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    def get_config(self) -> Config:
        return self.config

    def site_url(self) -> str:
        return self.url if self.config.site_url is None else self.config.site_url

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Background work (webhook calls) that reset() and stop() must be able to cancel."""
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def startup(self) -> None:
        connector = aiohttp.TCPConnector(force_close=True, limit=0)
        # trust_env=False: integration calls never go through a proxy, only to the URL given.
        self.http = aiohttp.ClientSession(
            connector=connector, trust_env=False, skip_auto_headers=("User-Agent",)
        )

    async def cancel_tasks(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def reset(self) -> None:
        await self.cancel_tasks()
        self.hub.restart()
        self.hub.paused = False
        self.store.clear()
        for spec in fields(Config):
            setattr(self.config, spec.name, getattr(self.base_config, spec.name))
        self.faults.clear()
        self.rate_limiter.clear()
        self.interactive.clear()

    async def shutdown(self) -> None:
        await self.cancel_tasks()
        self.hub.restart()
        if self.http is not None:
            await self.http.close()


CORE = web.AppKey("core", Core)

"""MattermostStandIn: the server in a background thread, and its Python-side API."""

import asyncio
import copy
import inspect
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from aiohttp import web

from .app import build_app
from .client import SellerClient
from .controls import Controls
from .core import Core
from .models import Config
from .python_api import ControlsMixin, ReadbackMixin, SetupMixin

T = TypeVar("T")
log = logging.getLogger(__name__)


class WaitTimeout(AssertionError):
    """wait_for gave up; an AssertionError so pytest shows it as a failed expectation."""


class MattermostStandIn(SetupMixin, ReadbackMixin, ControlsMixin):
    """A Mattermost server on 127.0.0.1:<free port>, run by its own event loop thread."""

    def __init__(self, config: Config | None = None) -> None:
        self._core = Core(config or Config())
        self._controls = Controls(self._core)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> "MattermostStandIn":
        ready: Future[str] = Future()
        self._thread = threading.Thread(
            target=self._serve, args=(ready,), name="mattermost-standin", daemon=True
        )
        self._thread.start()
        self.url = ready.result(timeout=10)
        return self

    def _serve(self, ready: Future[str]) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._startup(ready))
        except BaseException as exc:  # report start failures to start() instead of hanging
            ready.set_exception(exc)
            loop.close()
            return
        loop.run_forever()
        # Handlers still running (a client that never read its answer) end here, not in GC.
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()

    async def _startup(self, ready: Future[str]) -> None:
        await self._core.startup()
        self._runner = web.AppRunner(build_app(self._core), access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self._core.url = f"http://{host}:{port}"
        ready.set_result(self._core.url)

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return
        self._call(self._shutdown)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop = None
        self._thread = None

    async def _shutdown(self) -> None:
        await self._core.shutdown()
        if self._runner is not None:
            await self._runner.cleanup()

    def __enter__(self) -> "MattermostStandIn":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget everything: state, sockets, records, faults; config back to the base one."""
        self._call(self._core.reset)

    # -- running code on the server's loop -----------------------------------------------

    def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run fn on the server loop (the only thread that touches state) and return a copy."""
        if self._loop is None:
            raise RuntimeError("the stand-in is not started")

        async def run() -> Any:
            result = fn(*args, **kwargs)
            if inspect.isawaitable(result):
                result = await result
            return result

        if threading.current_thread() is self._thread:
            raise RuntimeError("_call from the server thread would deadlock")
        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=30)

    def _snapshot(self, fn: Callable[[], T]) -> T:
        return self._call(lambda: copy.deepcopy(fn()))

    # -- configuration, clients and waiting ----------------------------------------------

    @property
    def config(self) -> Config:
        """The live config: `mm.config.enable_commands = False` takes effect at once."""
        return self._core.config

    def configure(self, **changes: Any) -> None:
        self._call(self._controls.configure, **changes)

    def client_for(self, user: Any) -> SellerClient:
        """A REST client acting as `user` over real HTTP (a seller, the bot, an admin)."""
        return SellerClient(self.url, user.token)

    @staticmethod
    def wait_for(
        predicate: Callable[[], T],
        timeout: float = 5.0,
        interval: float = 0.01,
        message: str = "",
    ) -> T:
        """Poll until predicate() is truthy and return its value, or raise WaitTimeout."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise WaitTimeout(message or f"condition not met within {timeout}s")
            time.sleep(interval)

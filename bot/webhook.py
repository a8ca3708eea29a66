"""The Zalo webhook endpoint, served by tornado (the server python-telegram-bot's own webhook,
used by the Telegram bot, runs on).

One path accepts POSTs of a JSON object; the platform's secret header is checked in constant
time (403 otherwise); the body is answered 200 at once and handed to a coroutine in a task.
Meant to sit behind a reverse proxy that terminates HTTPS.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable

import tornado.web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000


class _Endpoint(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, server: WebhookServer) -> None:
        self.server = server

    def post(self) -> None:
        given = self.request.headers.get(self.server.secret_header, "").encode()
        if not hmac.compare_digest(given, self.server.secret):
            log.warning("webhook request with a wrong or missing secret token refused")
            raise tornado.web.HTTPError(403)
        try:
            data = json.loads(self.request.body)
        except ValueError:
            log.warning("webhook body is not JSON: %r", self.request.body[:200])
            raise tornado.web.HTTPError(400) from None
        if not isinstance(data, dict):
            raise tornado.web.HTTPError(400)
        self.server.dispatch(data)
        self.write({"ok": True})


def _access_log(handler: tornado.web.RequestHandler) -> None:
    if handler.get_status() >= 400:
        log.info("webhook %s %s -> %d", handler.request.method, handler.request.path, handler.get_status())


class WebhookServer:
    def __init__(self, host: str, port: int, path: str, secret: str, secret_header: str,
                 on_update: Callable[[dict], Awaitable[None]]) -> None:
        if not secret:
            raise ValueError("webhook mode needs a secret token")
        self.host, self.port, self.path = host, port, (path or "/").rstrip("/") or "/"
        self.secret, self.secret_header = secret.encode(), secret_header
        self._on_update = on_update
        self._server: HTTPServer | None = None
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        app = tornado.web.Application([(re.escape(self.path.rstrip("/")) + "/?", _Endpoint, {"server": self})],
                                      log_function=_access_log)
        self._server = HTTPServer(app, max_body_size=MAX_BODY)
        sockets = bind_sockets(self.port, address=self.host)
        self._server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        log.info("webhook listening on http://%s:%d%s", self.host, self.port, self.path)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def dispatch(self, data: dict) -> None:
        task = asyncio.create_task(self._handle(data))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, data: dict) -> None:
        try:
            await self._on_update(data)
        except Exception:
            log.exception("webhook update could not be processed: %s", str(data)[:500])

"""A minimal asyncio HTTP server for bot webhooks (Telegram and Zalo), standard library only.

It accepts POSTs of JSON on one path, checks the platform's secret header in constant time
(403 otherwise), answers 200 at once and hands the parsed body to a coroutine in a task.
Meant to sit behind a reverse proxy that terminates HTTPS.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000
_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            413: "Payload Too Large"}


class WebhookServer:
    def __init__(self, host: str, port: int, path: str, secret: str, secret_header: str,
                 on_update: Callable[[dict], Awaitable[None]]) -> None:
        if not secret:
            raise ValueError("webhook mode needs a secret token")
        self.host, self.port, self.path = host, port, path or "/"
        self._secret = secret.encode()
        self._header = secret_header.lower()
        self._on_update = on_update
        self._server: asyncio.base_events.Server | None = None
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("webhook listening on http://%s:%d%s", self.host, self.port, self.path)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            status = await self._handle(reader)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError, asyncio.LimitOverrunError):
            status = 400
        body = json.dumps({"ok": status == 200}).encode()
        writer.write(f"HTTP/1.1 {status} {_REASONS.get(status, '')}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        try:
            await writer.drain()
        finally:
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader) -> int:
        request_line = (await reader.readline()).decode("latin-1").split()
        headers: dict[str, str] = {}
        while True:
            line = (await reader.readline()).decode("latin-1")
            if line in ("\r\n", "\n", ""):
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if len(request_line) < 2:
            return 400
        method, target = request_line[0], request_line[1].split("?")[0]
        if target.rstrip("/") != self.path.rstrip("/"):
            return 404
        if method != "POST":
            return 405
        if not hmac.compare_digest(headers.get(self._header, "").encode(), self._secret):
            log.warning("webhook request with a wrong or missing secret token refused")
            return 403
        length = int(headers.get("content-length") or 0)
        if length > MAX_BODY:
            return 413
        raw = await reader.readexactly(length)
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            log.warning("webhook body is not JSON: %r", raw[:200])
            return 400
        if not isinstance(data, dict):
            return 400
        task = asyncio.create_task(self._dispatch(data))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return 200

    async def _dispatch(self, data: dict) -> None:
        try:
            await self._on_update(data)
        except Exception:
            log.exception("webhook update could not be processed: %s", str(data)[:500])

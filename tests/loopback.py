"""A stdlib HTTP server on 127.0.0.1 (a free port, or the one given), for the fake chat APIs; tests stop it.

`go_down(seconds)` plays a network outage: for that long every API call, a long poll in progress
included, is dropped without an answer (the client sees the connection closed)."""
from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Awaitable, Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handle = Callable[[BaseHTTPRequestHandler], None]


class LoopbackServer:
    def __init__(self) -> None:
        self._server: ThreadingHTTPServer | None = None
        self._cond = threading.Condition()  # guards what the fake records; notified on each change
        self._down_until = 0.0
        self.dropped = 0  # calls dropped during outages

    def go_down(self, seconds: float) -> None:
        with self._cond:
            self._down_until = time.monotonic() + seconds
            self._cond.notify_all()

    @property
    def down(self) -> bool:
        return time.monotonic() < self._down_until

    def drop(self, handler: BaseHTTPRequestHandler) -> None:
        """Close the connection without an answer (during an outage)."""
        with self._cond:
            self.dropped += 1
            self._cond.notify_all()
        handler.close_connection = True

    def wait_for(self, predicate, timeout: float = 30.0) -> bool:
        """Wait until `predicate()` (called under the lock) holds; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def serve(self, on_post: Handle, on_get: Handle | None = None, port: int = 0) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                if fake.down:
                    fake.drop(self)
                else:
                    on_post(self)

            def do_GET(self):
                if on_get is None:
                    self.send_error(501)
                else:
                    on_get(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @staticmethod
    def reply_json(handler: BaseHTTPRequestHandler, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        try:
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a cancelled long poll)
            pass

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """Where a bot library sends API calls (`/bot<token>/<method>`, Telegram's shape, which Zalo copies)."""
        return f"http://127.0.0.1:{self.port}/bot"

    def answered_through_outage(self, serve: Callable[[asyncio.Event], Awaitable[None]], push: Callable[[], None],
                                answered: Callable[[], bool], seconds: float = 3.0) -> bool:
        """Run a bot (`serve(stop)`) until it polls, take the network down for `seconds`, `push()` a
        message once calls are being dropped; True when `answered()` holds once the network is back."""
        async def main() -> bool:
            stop = asyncio.Event()
            bot = asyncio.create_task(serve(stop))
            try:
                polling = lambda: any(m == "getUpdates" for m, _ in self.calls)  # noqa: E731
                assert await asyncio.to_thread(self.wait_for, polling, 20)
                self.go_down(seconds)
                assert await asyncio.to_thread(self.wait_for, lambda: self.dropped >= 2, 20)
                push()
                return await asyncio.to_thread(self.wait_for, answered, 60)
            finally:
                stop.set()
                await bot

        return asyncio.run(main())

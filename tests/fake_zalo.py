"""A fake Zalo Bot Platform API server for end-to-end tests of bot/zalo.py.

Standard library only: a ThreadingHTTPServer on 127.0.0.1 (random port), JSON POSTs to
`/bot{token}/{method}` answered `{ok, result}`: getMe, getUpdates (long polling, one event per
call, 408 on timeout), setWebhook, deleteWebhook, sendMessage (1-2,000 characters, else 400),
sendChatAction; the image event carries a caption. `deliver()` plays the platform's side of webhook mode: it POSTs an event to the
registered URL with the secret in X-Bot-Api-Secret-Token.
"""
from __future__ import annotations

import itertools
import json
import select
import socket
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler

from tests.loopback import LoopbackServer

TOKEN = "2468013579:zalo-test-token"
MAX_TEXT = 2000

_ids = itertools.count(1)


class FakeZalo(LoopbackServer):
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[tuple[str, dict]] = []
        self.sent: list[dict] = []
        self.rejected: list[tuple[str, dict, str]] = []
        self.webhook: dict | None = None
        self._events: list[dict] = []
        super().__init__()

    def start(self, port: int = 0) -> "FakeZalo":
        self.serve(self._handle, port=port)
        return self

    def reset(self) -> None:
        with self._cond:
            self.dropped, self._down_until = 0, 0.0
            self.calls.clear()
            self.sent.clear()
            self.rejected.clear()
            self._events.clear()
            self.webhook = None

    # ---------------------------------------------------------------- test helpers

    def push_event(self, event: dict) -> None:
        with self._cond:
            self._events.append(event)
            self._cond.notify_all()

    def texts(self, chat_id: str) -> list[str]:
        with self._cond:
            return [m["text"] for m in self.sent if m["chat_id"] == chat_id]

    def deliver(self, event: dict, secret: str | None = None, url: str | None = None) -> int:
        """POST an event to the bot's webhook like the platform does; returns the HTTP status."""
        assert self.webhook or url, "no webhook registered"
        target = url or self.webhook["url"]
        headers = {"Content-Type": "application/json"}
        token = self.webhook["secret_token"] if secret is None else secret
        if token:
            headers["X-Bot-Api-Secret-Token"] = token
        body = json.dumps({"ok": True, "result": event}, ensure_ascii=False).encode()
        request = urllib.request.Request(target, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code

    # ---------------------------------------------------------------- HTTP

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        prefix = f"/bot{self.token}/"
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        if not handler.path.startswith(prefix):
            return self.reply_json(handler, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = handler.path[len(prefix):]
        try:
            params = json.loads(raw or b"{}")
        except ValueError:
            return self.reply_json(handler, 400, {"ok": False, "error_code": 400, "description": "Invalid JSON"})
        with self._cond:
            self.calls.append((method, params))
        if method == "getUpdates":
            status, body = self.api_getUpdates(params, handler.connection)
        else:
            status, body = getattr(self, f"api_{method}", self.api_unknown)(params)
        if status is None:  # the client hung up while waiting, or the network went down
            if self.down:
                self.drop(handler)
            return None
        with self._cond:
            if not body.get("ok"):
                self.rejected.append((method, params, body.get("description", "")))
            self._cond.notify_all()
        self.reply_json(handler, status, body)

    # ---------------------------------------------------------------- API methods

    def api_unknown(self, params):
        return 404, {"ok": False, "error_code": 404, "description": "Method not found"}

    def api_getMe(self, params):
        return 200, {"ok": True, "result": {"id": "8800", "account_name": "bot.trolyxa", "account_type": "BASIC",
                                            "can_join_groups": False}}

    def api_setWebhook(self, params):
        secret = params.get("secret_token") or ""
        if not params.get("url") or not 8 <= len(secret) <= 256:
            return 400, {"ok": False, "error_code": 400, "description": "Invalid url or secret_token"}
        self.webhook = {"url": params["url"], "secret_token": secret}
        return 200, {"ok": True, "result": {"url": params["url"], "updated_at": int(time.time() * 1000)}}

    def api_deleteWebhook(self, params):
        self.webhook = None
        return 200, {"ok": True, "result": {"url": "", "updated_at": int(time.time() * 1000)}}

    def api_getUpdates(self, params, connection=None):
        if self.webhook:
            return 400, {"ok": False, "error_code": 400, "description": "Webhook is set: getUpdates is unavailable"}
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._cond:
            while not self._events:
                left = deadline - time.monotonic()
                if left <= 0:
                    return 408, {"ok": False, "error_code": 408, "description": "Request timeout"}
                self._cond.wait(min(left, 0.1))
                if self.down or (connection is not None and _hung_up(connection)):
                    return None, {}
            return 200, {"ok": True, "result": self._events.pop(0)}

    def api_sendChatAction(self, params):
        return 200, {"ok": True, "result": True}

    def api_sendMessage(self, params):
        text = params.get("text")
        if not params.get("chat_id"):
            return 400, {"ok": False, "error_code": 400, "description": "chat_id is required"}
        if not isinstance(text, str) or not 1 <= len(text) <= MAX_TEXT:
            return 400, {"ok": False, "error_code": 400, "description": "text must be 1-2000 characters"}
        with self._cond:
            self.sent.append({"chat_id": params["chat_id"], "text": text})
            self._cond.notify_all()
        return 200, {"ok": True, "result": {"message_id": f"m{next(_ids)}", "date": int(time.time() * 1000)}}


def _hung_up(connection: socket.socket) -> bool:
    """True when the client closed its side (so an event must not be handed to it)."""
    readable, _, _ = select.select([connection], [], [], 0)
    if not readable:
        return False
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def text_event(user_id: str | int, text: str, event: str = "message.text.received") -> dict:
    """A Zalo event as getUpdates or the webhook carry it (the chat of a private message is the user)."""
    uid = str(user_id)
    message = {"message_id": f"in{next(_ids)}", "date": int(time.time() * 1000),
               "from": {"id": uid, "display_name": f"Cán bộ {uid}", "is_bot": False},
               "chat": {"id": uid, "chat_type": "PRIVATE"}}
    if event == "message.text.received":
        message["text"] = text
    elif event == "message.image.received":
        message.update(photo_url="https://zalo.example/anh.jpg", caption=text)
    return {"event_name": event, "message": message}

"""A fake Telegram Bot API server for end-to-end tests of the real python-telegram-bot library.

Standard library only: a ThreadingHTTPServer on 127.0.0.1 (random port) implementing what the
bot uses: getMe, getUpdates (long polling), set/deleteWebhook, setMyCommands, sendMessage,
editMessageText, sendChatAction, answerCallbackQuery, sendDocument, getFile and the file
download path. Like the real API it refuses a message over 4,096 UTF-16 code units
("message is too long"), HTML it cannot parse, and an edit that changes nothing ("message is
not modified"). Everything the bot sends is recorded; an edited message shows its last text,
and every edit is kept in `edits`.
"""
from __future__ import annotations

import html.parser
import itertools
import json
import re
import time
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, unquote, urlsplit

from tests.loopback import LoopbackServer

TOKEN = "123456:TEST-token_for-fake"
BOT_USER = {"id": 777000, "is_bot": True, "first_name": "Trợ lý Xã (thử)", "username": "troly_test_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
MAX_TEXT = 4096
_STRING_FIELDS = {"text", "caption", "parse_mode", "callback_query_id", "file_id", "secret_token", "url",
                  "action", "filename", "description"}
_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote",
                 "tg-spoiler", "span"}
_ENTITY_OK = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class HTMLRejected(ValueError):
    pass


class _Visible(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _ALLOWED_TAGS:
            raise HTMLRejected(f"Unsupported start tag \"{tag}\"")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            raise HTMLRejected(f"Unmatched end tag \"{tag}\"")
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_html(markup: str) -> str:
    """The visible text of a Telegram HTML message, or HTMLRejected as the real API would."""
    for i, ch in enumerate(markup):
        if ch == "&" and not _ENTITY_OK.match(markup, i):
            raise HTMLRejected("Unsupported entity or bare '&'")
        if ch == "<" and not re.match(r"</?[a-z-]+(\s[^<>]*)?>", markup[i:]):
            raise HTMLRejected("Unexpected '<'")
    parser = _Visible()
    parser.feed(markup)
    parser.close()
    if parser.stack:
        raise HTMLRejected(f"Can't find end tag corresponding to start tag \"{parser.stack[-1]}\"")
    return "".join(parser.text)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class Outage(Exception):
    """The network went down while a call was waiting."""


class ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        self.code, self.description = code, description


class FakeTelegram(LoopbackServer):
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[tuple[str, dict]] = []  # every API call: (method, params)
        self.sent: list[dict] = []  # messages and documents the bot sent, in order (messages as last edited)
        self.edits: list[dict] = []  # every editMessageText: chat_id, message_id, visible
        self.rejected: list[tuple[str, dict, str]] = []  # calls answered with an error
        self.downloads: list[str] = []
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self.webhook: dict | None = None
        self._updates: list[dict] = []
        self._ids = itertools.count(1)
        super().__init__()

    # ---------------------------------------------------------------- lifecycle

    def start(self, port: int = 0) -> "FakeTelegram":
        self.serve(self._handle_api, self._route_get, port)
        return self

    def _route_get(self, handler: BaseHTTPRequestHandler) -> None:
        if handler.path.startswith("/file/"):
            self._handle_file(handler)
        else:
            self._handle_api(handler)

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def reset(self) -> None:
        with self._cond:
            self.dropped, self._down_until = 0, 0.0
            self.calls.clear()
            self.sent.clear()
            self.edits.clear()
            self.rejected.clear()
            self.downloads.clear()
            self._updates.clear()

    # ---------------------------------------------------------------- test helpers

    def add_file(self, file_id: str, data: bytes, name: str) -> None:
        self.files[file_id] = (f"documents/{name}", data)

    def push_update(self, update: dict) -> None:
        with self._cond:
            self._updates.append(update)
            self._cond.notify_all()

    def texts(self, chat_id: int) -> list[str]:
        """Visible text of every message sent to a chat, in order."""
        with self._cond:
            return [m["visible"] for m in self.sent if m["chat_id"] == chat_id and "visible" in m]

    def states(self, chat_id: int, index: int) -> list[str]:
        """Every visible text the chat's `index`-th message had: as sent, then each edit."""
        with self._cond:
            message = [m for m in self.sent if m["chat_id"] == chat_id and "visible" in m][index]
            return [message["first"], *(e["visible"] for e in self.edits
                                        if e["chat_id"] == chat_id and e["message_id"] == message["message_id"])]

    def documents(self, chat_id: int) -> list[dict]:
        with self._cond:
            return [m for m in self.sent if m["chat_id"] == chat_id and "document" in m]

    # ---------------------------------------------------------------- HTTP

    def _params(self, handler: BaseHTTPRequestHandler) -> dict:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        ctype = handler.headers.get("Content-Type", "")
        if ctype.startswith("multipart/form-data"):
            message = BytesParser(policy=email_policy).parsebytes(
                f"Content-Type: {ctype}\r\n\r\n".encode() + raw)
            params = {}
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                filename = part.get_filename()
                payload = part.get_payload(decode=True)
                if filename:
                    params[name] = {"filename": filename, "data": payload}
                else:
                    params[name] = _decode(name, payload.decode("utf-8"))
            return params
        if ctype.startswith("application/json"):
            return json.loads(raw or b"{}")
        query = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
        query.update(parse_qs(urlsplit(handler.path).query, keep_blank_values=True))
        return {k: _decode(k, v[-1]) for k, v in query.items()}

    def _handle_api(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path).path.split("/")
        if len(parts) != 3 or parts[1] != f"bot{self.token}":
            self.reply_json(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = parts[2]
        params = self._params(handler)
        with self._cond:
            self.calls.append((method, params))
        try:
            result = getattr(self, f"api_{method}", self.api_unknown)(params)
        except Outage:
            self.drop(handler)
            return
        except ApiError as err:
            with self._cond:
                self.rejected.append((method, params, err.description))
                self._cond.notify_all()
            self.reply_json(handler, err.code, {"ok": False, "error_code": err.code, "description": err.description})
            return
        with self._cond:
            self._cond.notify_all()
        self.reply_json(handler, 200, {"ok": True, "result": result})

    def _handle_file(self, handler: BaseHTTPRequestHandler) -> None:
        path = unquote(urlsplit(handler.path).path)
        prefix = f"/file/bot{self.token}/"
        found = next((data for fp, data in self.files.values() if path == prefix + fp), None)
        if found is None:
            handler.send_response(404)
            handler.end_headers()
            return
        with self._cond:
            self.downloads.append(path[len(prefix):])
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(found)))
        handler.end_headers()
        handler.wfile.write(found)

    # ---------------------------------------------------------------- API methods

    def api_unknown(self, params: dict):
        raise ApiError(404, "Not Found: method not found")

    def api_getMe(self, params):
        return BOT_USER

    def api_deleteWebhook(self, params):
        self.webhook = None
        return True

    def api_setWebhook(self, params):
        self.webhook = params
        return True

    def api_setMyCommands(self, params):
        return True

    def api_sendChatAction(self, params):
        return True

    def api_answerCallbackQuery(self, params):
        return True

    def api_getUpdates(self, params):
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                if self.down:
                    raise Outage()
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                if self._updates or time.monotonic() >= deadline:
                    return list(self._updates[: int(params.get("limit") or 100)])
                self._cond.wait(min(0.1, deadline - time.monotonic()))

    def _message(self, chat_id, **extra) -> dict:
        return {"message_id": next(self._ids), "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"}, "from": BOT_USER, **extra}

    def _check_text(self, params) -> str:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        visible = text
        if str(params.get("parse_mode", "")).upper() == "HTML":
            try:
                visible = parse_html(text)
            except HTMLRejected as err:
                raise ApiError(400, f"Bad Request: can't parse entities: {err}") from None
        if utf16_units(visible) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        return visible

    def api_sendMessage(self, params):
        visible = self._check_text(params)
        message = self._message(params["chat_id"], text=visible)
        with self._cond:
            self.sent.append({"chat_id": params["chat_id"], "message_id": message["message_id"], "text": params["text"],
                              "visible": visible, "first": visible, "reply_markup": params.get("reply_markup"),
                              "parse_mode": params.get("parse_mode")})
            self._cond.notify_all()
        return message

    def api_editMessageText(self, params):
        visible = self._check_text(params)
        chat_id, message_id = params.get("chat_id"), params.get("message_id")
        with self._cond:
            sent = next((m for m in self.sent if m["chat_id"] == chat_id and m.get("message_id") == message_id), None)
            if sent is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            markup = params.get("reply_markup")
            if sent["text"] == params["text"] and sent["reply_markup"] == markup:
                raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                                    "markup are exactly the same as a current content and reply markup of the message")
            sent.update(text=params["text"], visible=visible, reply_markup=markup)
            self.edits.append({"chat_id": chat_id, "message_id": message_id, "visible": visible})
            self._cond.notify_all()
        return self._message(chat_id, message_id=message_id, text=visible)

    def api_sendDocument(self, params):
        doc = params.get("document")
        if not isinstance(doc, dict):
            raise ApiError(400, "Bad Request: there is no document in the request")
        file_id = f"sent-{next(self._ids)}"
        with self._cond:
            self.sent.append({"chat_id": params["chat_id"], "document": doc["data"], "filename": doc["filename"]})
            self._cond.notify_all()
        return self._message(params["chat_id"], document={"file_id": file_id, "file_unique_id": file_id,
                                                          "file_name": doc["filename"], "file_size": len(doc["data"])})

    def api_getFile(self, params):
        file_id = params.get("file_id")
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, data = self.files[file_id]
        if len(data) > 20_000_000:
            raise ApiError(400, "Bad Request: file is too big")
        return {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(data), "file_path": path}


def _decode(name: str, value: str):
    if name in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


# ---------------------------------------------------------------- update builders

_update_ids = itertools.count(1)


def _user(user_id: int) -> dict:
    return {"id": user_id, "is_bot": False, "first_name": f"Cán bộ {user_id}", "language_code": "vi"}


def message_update(user_id: int, text: str | None = None, **extra) -> dict:
    message = {"message_id": next(_update_ids), "date": int(time.time()),
               "chat": {"id": user_id, "type": "private"}, "from": _user(user_id), **extra}
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": next(_update_ids), "message": message}


def document_update(user_id: int, file_id: str, file_name: str, size: int, mime: str = "") -> dict:
    return message_update(user_id, document={"file_id": file_id, "file_unique_id": f"u-{file_id}",
                                             "file_name": file_name, "file_size": size,
                                             "mime_type": mime or "application/octet-stream"})


def button_update(user_id: int, data: str) -> dict:
    return {"update_id": next(_update_ids), "callback_query": {
        "id": str(next(_update_ids)), "from": _user(user_id), "chat_instance": "ci", "data": data,
        "message": {"message_id": 1, "date": int(time.time()), "chat": {"id": user_id, "type": "private"},
                    "from": BOT_USER, "text": "…"}}}

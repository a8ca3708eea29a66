"""What both bots share to start and stop: their settings checked before any request, the API
retried with backoff while it is unreachable, Ctrl+C / SIGTERM, and the bot token kept out of
every log line and traceback (the token is part of every Bot API URL)."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar
from urllib.parse import quote, urlsplit

log = logging.getLogger(__name__)

T = TypeVar("T")
MASK = "<token>"
RETRY_FIRST, RETRY_MOST = 1.0, 60.0  # seconds between two attempts: doubled each time, up to the most


class BotStartError(ValueError):
    """A start that cannot succeed as configured (no token, a refused token, a bad setting): the
    message is one Vietnamese line for whoever runs the bot."""


def check_token(token: str | None, setting: str, hint: str) -> str:
    if not token:
        raise BotStartError(f"Chưa có {setting}: {hint}")
    if not re.fullmatch(r"[A-Za-z0-9:_-]+", token):
        raise BotStartError(f"{setting} có ký tự không hợp lệ (khoảng trắng, dấu ngoặc kép, /…): hãy chép lại mã bot.")
    return token


def check_api_base(url: str, setting: str) -> str:
    """A Bot API base URL the token is appended to: http(s), a host, and a path ending with "/bot"."""
    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number
        valid = False
    if not valid or not parts.path.endswith("/bot") or parts.query or parts.fragment:
        raise BotStartError(f"{setting} không hợp lệ: cần dạng https://máy-chủ/bot (mã bot được nối ngay sau «/bot»).")
    return url


async def until_reachable(call: Callable[[], Awaitable[T]], stop: asyncio.Event, what: str,
                          unreachable: Callable[[BaseException], bool]) -> T | None:
    """`await call()`, tried again with backoff while `unreachable(error)` (a one-line warning each
    time); None when `stop` is set first. Any other error is raised."""
    delay = RETRY_FIRST
    while not stop.is_set():
        try:
            return await call()
        except Exception as err:
            if not unreachable(err):
                raise
            log.warning("%s unreachable (%s: %s); retrying in %.0f s", what, type(err).__name__, err, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        delay = min(delay * 2, RETRY_MOST)
    return None


def stop_on_signals() -> asyncio.Event:
    """An event set by Ctrl+C or SIGTERM (in the running loop)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    return stop


class Redact(logging.Filter):
    """Masks the secrets in every record that passes (message, traceback and stack), as written
    and as percent-encoded in a URL."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        forms = {form for s in secrets if s for form in (s, quote(s, safe=""))}
        self.secrets = sorted(forms, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self.redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def guard_logs(*secrets: str | None) -> Redact:
    """Put a `Redact` filter on every handler of the root logger (where all records end up)."""
    guard = Redact(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(guard)
    return guard


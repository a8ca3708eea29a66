"""The Zalo front end: a Zalo Bot Platform client and a bot over the conversation (bot/conversation.py).

The Zalo Bot API mirrors Telegram's: POST JSON to `{ZALO_API_BASE_URL}{token}/{method}`,
answers `{ok, result}`; `getUpdates` (long polling, one event per call) and `setWebhook`
(events POSTed to an https URL with the secret in `X-Bot-Api-Secret-Token`) are exclusive.
Zalo bots are text only: no files either way, plain-text messages of 1-2,000 characters (a long
reply, a draft included, goes in parts), no inline buttons (commands are suggested in the
text instead); a photo's caption is answered as a question. At start the API is retried with
backoff while unreachable; a refused token stops the bot with one clear line.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any
from urllib.parse import urlsplit

import httpx

from bot import format as fmt
from bot.conversation import Conversation, keep_typing, run_until_stopped
from bot.lifecycle import (
    BotStartError,
    check_api_base,
    check_token,
    until_reachable,
)
from bot.replies import APOLOGY, PRIVATE_ONLY, Reply
from bot.webhook import WebhookServer
from knowledge.settings import Settings

log = logging.getLogger(__name__)

PLATFORM = "zalo"
SECRET_HEADER = "X-Bot-Api-Secret-Token"
TEXT_EVENT = "message.text.received"
NOT_UNDERSTOOD = "Trợ lý chỉ đọc được tin nhắn chữ (Zalo không gửi tệp cho bot). Gõ /help để xem hướng dẫn."


class ZaloError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.code, self.description = code, description


class ZaloApi:
    """A thin async client of the Zalo Bot API."""

    def __init__(self, token: str, base_url: str, client: httpx.AsyncClient | None = None) -> None:
        """Checked before any URL is built: an invalid one would show the token in its error."""
        token = check_token(token, "ZALO_BOT_TOKEN", "tạo bot trong Zalo Bot Manager rồi ghi mã vào tệp .env.")
        self._url = f"{check_api_base(base_url, 'ZALO_API_BASE_URL')}{token}/"
        self._client = client or httpx.AsyncClient(timeout=httpx.Timeout(10.0))

    async def call(self, method: str, payload: dict | None = None, timeout: float | None = None) -> Any:
        extra = {"timeout": timeout} if timeout is not None else {}
        response = await self._client.post(self._url + method, json=payload or {}, **extra)
        try:
            data = response.json()
        except ValueError:
            raise ZaloError(response.status_code, response.text[:200]) from None
        if not isinstance(data, dict) or not data.get("ok"):
            data = data if isinstance(data, dict) else {}
            raise ZaloError(int(data.get("error_code") or response.status_code), str(data.get("description", "")))
        return data.get("result")

    async def get_me(self) -> dict:
        return await self.call("getMe")

    async def get_updates(self, timeout: int = 30) -> list[dict]:
        """Waits up to `timeout` seconds; returns the events received (Zalo sends one at a time)."""
        try:
            result = await self.call("getUpdates", {"timeout": timeout}, timeout=timeout + 10)
        except ZaloError as err:
            if err.code == 408:  # no event within the timeout
                return []
            raise
        if isinstance(result, list):
            return [r for r in result if isinstance(r, dict)]
        return [result] if isinstance(result, dict) else []

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def send_message(self, chat_id: str, text: str) -> Any:
        return await self.call("sendMessage", {"chat_id": chat_id, "text": text})

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> Any:
        return await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def close(self) -> None:
        await self._client.aclose()


def _event(update: dict) -> tuple[str | None, dict]:
    """(event name, message) of a webhook body or getUpdates result, wrapped (`{ok, result}`) or not."""
    if "event_name" not in update and isinstance(update.get("result"), dict):
        update = update["result"]
    message = update.get("message")
    return update.get("event_name"), message if isinstance(message, dict) else {}


class ZaloBot:
    def __init__(self, api: ZaloApi, conversation: Conversation, limit: int = fmt.ZALO_LIMIT) -> None:
        self.api, self.conversation, self.limit = api, conversation, limit
        self._tasks: set[asyncio.Task] = set()

    async def handle_update(self, update: dict) -> None:
        """Answer one event; never raises: failures are logged and the user gets an apology."""
        event, message = _event(update)
        chat_id = (message.get("chat") or {}).get("id")
        user_id = (message.get("from") or {}).get("id")
        if not chat_id or not user_id:
            log.warning("Zalo update without chat or sender ignored: %s", str(update)[:300])
            return
        text = message.get("text") if event == TEXT_EVENT else message.get("caption")
        try:
            if (message.get("chat") or {}).get("chat_type", "PRIVATE") != "PRIVATE":
                # in a group, other members would see the user's documents: a note, nothing more
                if isinstance(text, str):
                    await self.send_reply(chat_id, Reply(PRIVATE_ONLY))
                return
            if isinstance(text, str) and (text.strip() or event == TEXT_EVENT):
                async with self.typing(chat_id):
                    reply = await self.conversation.text(PLATFORM, str(user_id), text)
            elif isinstance(event, str) and event.startswith("message."):
                reply = Reply(NOT_UNDERSTOOD)
            else:
                log.info("Zalo event %r ignored", event)
                return
            await self.send_reply(chat_id, reply)
        except Exception:
            log.exception("error while handling Zalo update %s", str(update)[:300])
            with contextlib.suppress(Exception):
                await self.api.send_message(chat_id, APOLOGY)

    async def send_reply(self, chat_id: str, reply: Reply) -> None:
        text = reply.text
        if any(cmd == "/nguon" for _, cmd in reply.buttons):
            text += "\n\n(Gõ /nguon để xem đầy đủ nguồn.)"
        elif reply.buttons:
            text += "\n\n" + "\n".join(f"• {label}: {cmd}" for label, cmd in reply.buttons)
        for chunk in fmt.plain_messages(text, self.limit):
            await self.api.send_message(chat_id, chunk)

    def typing(self, chat_id: str):
        """Show 'typing…' while the block runs."""
        return keep_typing(lambda: self.api.send_chat_action(chat_id), (ZaloError, httpx.HTTPError))

    def submit(self, update: dict) -> asyncio.Task:
        """Handle an event concurrently with the others."""
        task = asyncio.create_task(self.handle_update(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def poll(self, stop: asyncio.Event, timeout: int = 30) -> None:
        """Long polling until `stop` is set (the webhook, if any, is removed first)."""
        with contextlib.suppress(ZaloError, httpx.HTTPError):
            await self.api.delete_webhook()
        backoff = 1.0
        stopping = asyncio.create_task(stop.wait())
        try:
            while not stop.is_set():
                fetch = asyncio.create_task(self.api.get_updates(timeout))
                await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not fetch.done():
                    fetch.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await fetch
                    break
                try:
                    updates = fetch.result()
                    backoff = 1.0
                except (ZaloError, httpx.HTTPError) as err:
                    log.warning("Zalo getUpdates failed (%s); retrying in %.0f s", err, backoff)
                    await asyncio.wait({stopping}, timeout=backoff)
                    backoff = min(backoff * 2, 60.0)
                    continue
                for update in updates:
                    self.submit(update)
        finally:
            stopping.cancel()
            await self.drain()

    def webhook(self, settings: Settings, port: int | None = None) -> WebhookServer:
        url, secret = webhook_settings(settings)
        return WebhookServer(settings.zalo_webhook_listen, settings.zalo_webhook_port if port is None else port,
                             urlsplit(url).path or "/", secret, SECRET_HEADER, self.handle_update)


def webhook_settings(settings: Settings) -> tuple[str, str]:
    url, secret = settings.zalo_webhook_url, settings.zalo_webhook_secret
    if not url or not secret or not 8 <= len(secret) <= 256:
        raise BotStartError("Chế độ webhook cần ZALO_WEBHOOK_URL và ZALO_WEBHOOK_SECRET (8–256 ký tự).")
    if urlsplit(url).scheme != "https":
        raise BotStartError("ZALO_WEBHOOK_URL phải là địa chỉ https:// (Zalo chỉ gửi sự kiện tới https).")
    return url, secret


def unreachable(err: BaseException) -> bool:
    """A network failure or a server-side error (retried), as opposed to a refusal."""
    return isinstance(err, httpx.TransportError) or (isinstance(err, ZaloError) and (err.code >= 500 or err.code == 429))


async def serve(settings: Settings, conversation: Conversation, stop: asyncio.Event) -> None:
    """Run the Zalo bot (webhook when ZALO_WEBHOOK_URL is set, else long polling) until `stop`."""
    hook = webhook_settings(settings) if settings.zalo_webhook_url else None
    bot = ZaloBot(ZaloApi(settings.zalo_bot_token, settings.zalo_api_base_url), conversation)
    try:
        try:
            me = await until_reachable(bot.api.get_me, stop, "Zalo Bot API", unreachable)
        except ZaloError as err:
            if err.code in (401, 403, 404):
                raise BotStartError(f"Zalo từ chối ZALO_BOT_TOKEN (mã lỗi {err.code}): hãy kiểm tra lại mã bot "
                                    "trong Zalo Bot Manager.") from None
            raise
        if stop.is_set():
            return
        log.info("Zalo bot %s running", (me or {}).get("account_name") or (me or {}).get("id"))
        if hook:
            server = bot.webhook(settings)
            await server.start()
            try:
                await bot.api.set_webhook(*hook)
                await stop.wait()
            finally:
                await server.stop()
        else:
            await bot.poll(stop)
    finally:
        await bot.api.close()


def run(settings: Settings) -> None:
    """`troly bot zalo`: run until Ctrl+C."""
    run_until_stopped(settings, serve)

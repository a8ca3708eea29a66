"""The Telegram front end: a python-telegram-bot Application over bot/chat.py.

Text messages and commands go to `Conversation.text`; documents from admins are downloaded
and ingested (`Conversation.ingest_upload`); replies are HTML, split to Telegram's limit, with
quick-reply buttons (sources, commune choice) answered by a callback handler. One error
handler logs every failure with its traceback and sends the user a short apology.
Long polling by default; webhook mode when TELEGRAM_WEBHOOK_URL is set (secret token checked).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import tempfile
from concurrent.futures import Future
from pathlib import Path
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ChatAction, FileSizeLimit, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import format as fmt
from bot.chat import APOLOGY, Conversation, Reply, keep_typing
from bot.webhook import WebhookServer
from knowledge.settings import Settings

log = logging.getLogger(__name__)

PLATFORM = "telegram"
ALLOWED_UPDATES = ["message", "callback_query"]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
COMMANDS = [
    ("start", "Bắt đầu"), ("help", "Hướng dẫn sử dụng"), ("tra", "Tra cứu văn bản: /tra 57-NQ/TW"),
    ("soan", "Soạn dự thảo một mục báo cáo"), ("nguon", "Nguồn của câu trả lời gần nhất"),
    ("xa", "Chọn xã làm việc"), ("tailieu", "Danh sách tài liệu"),
]
PRIVATE_ONLY = "Trợ lý Xã chỉ trả lời trong tin nhắn riêng: hãy nhắn trực tiếp cho bot."
NOT_UNDERSTOOD = "Trợ lý chỉ đọc được tin nhắn chữ và tệp .docx, .pdf, .txt. Gõ /help để xem hướng dẫn."


def _conversation(context: ContextTypes.DEFAULT_TYPE) -> Conversation:
    return context.application.bot_data["conversation"]


def _settings(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    return context.application.bot_data["settings"]


def self_hosted(settings: Settings) -> bool:
    """A self-hosted Bot API server has no 20 MB download limit."""
    if settings.telegram_self_hosted is not None:
        return settings.telegram_self_hosted
    return bool(settings.telegram_api_base_url)


def download_limit(settings: Settings) -> tuple[int, str]:
    """The largest upload the bot accepts, and why (appended to the refusal)."""
    configured = int(settings.max_file_mb * 1e6)
    if not self_hosted(settings) and FileSizeLimit.FILESIZE_DOWNLOAD < configured:
        return int(FileSizeLimit.FILESIZE_DOWNLOAD), " mà Telegram cho phép bot tải về"
    return configured, " của hệ thống"


def _keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    buttons = [InlineKeyboardButton(label, callback_data=command) for label, command in reply.buttons]
    return InlineKeyboardMarkup([buttons[i:i + 2] for i in range(0, len(buttons), 2)])


async def send_reply(bot, chat_id: int, reply: Reply) -> None:
    """Send a reply as HTML messages within Telegram's limit (buttons on the last one), then its file."""
    messages = fmt.telegram_messages(reply.text)
    for i, text in enumerate(messages):
        await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML,
                               reply_markup=_keyboard(reply) if i == len(messages) - 1 else None,
                               link_preview_options=LinkPreviewOptions(is_disabled=True))
    if reply.document is not None:
        try:
            with reply.document.open("rb") as fh:
                await bot.send_document(chat_id, document=fh, filename=reply.document_name or reply.document.name)
        finally:
            reply.document.unlink(missing_ok=True)


def typing(bot, chat_id: int):
    """Show 'typing…' while the block runs."""
    return keep_typing(lambda: bot.send_chat_action(chat_id, ChatAction.TYPING), (TelegramError,))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    async with typing(context.bot, message.chat_id):
        reply = await _conversation(context).text(PLATFORM, user.id, message.text)
    await send_reply(context.bot, message.chat_id, reply)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    chat_id = query.message.chat.id if query.message else query.from_user.id
    data = query.data if isinstance(query.data, str) else ""
    if query.message is not None and query.message.chat.type != "private":
        await send_reply(context.bot, chat_id, Reply(PRIVATE_ONLY))
        return
    if not data.startswith("/"):
        log.warning("unknown button data from %s: %r", query.from_user.id, data)
        await send_reply(context.bot, chat_id, Reply("Nút này không còn dùng được. Gõ /help để xem hướng dẫn."))
        return
    async with typing(context.bot, chat_id):
        reply = await _conversation(context).text(PLATFORM, query.from_user.id, data)
    await send_reply(context.bot, chat_id, reply)


def _safe_name(name: str) -> str:
    name = Path(name.replace("\\", "/")).name
    return re.sub(r"[\x00-\x1f]", "", name)[-120:] or "tep"


class _Notifier:
    """Progress messages sent from a worker thread, in order, before the final report."""

    def __init__(self, bot, chat_id: int, loop: asyncio.AbstractEventLoop) -> None:
        self.bot, self.chat_id, self.loop = bot, chat_id, loop
        self._pending: list[Future] = []

    def __call__(self, text: str) -> None:
        previous = self._pending[-1] if self._pending else None

        async def send() -> None:
            if previous is not None:
                await asyncio.wrap_future(previous)
            await self.bot.send_message(self.chat_id, fmt.escape(text), parse_mode=ParseMode.HTML)

        self._pending.append(asyncio.run_coroutine_threadsafe(send(), self.loop))

    async def flush(self) -> None:
        for future in self._pending:
            with contextlib.suppress(Exception):
                await asyncio.wrap_future(future)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.document is None:
        return
    doc = message.document
    name = _safe_name(doc.file_name or "tep")
    conversation = _conversation(context)
    limit, reason = download_limit(_settings(context))
    allowed, refusal = await conversation.upload_check(PLATFORM, user.id, name, doc.file_size, limit, reason)
    if refusal is not None:
        await send_reply(context.bot, message.chat_id, refusal)
        return
    notify = _Notifier(context.bot, message.chat_id, asyncio.get_running_loop())
    async with typing(context.bot, message.chat_id):
        await context.bot.send_message(message.chat_id, f"Đang tải tệp «{fmt.escape(name)}» về…",
                                       parse_mode=ParseMode.HTML)
        with tempfile.TemporaryDirectory(prefix="troly-upload-") as tmp:
            path = Path(tmp) / name
            try:
                remote = await context.bot.get_file(doc.file_id)
                await remote.download_to_drive(path)
            except TelegramError as err:
                log.warning("download of %s failed: %s", name, err)
                reply = Reply(f"Không tải được tệp «{name}» từ Telegram ({err.message}). Hãy gửi lại tệp.")
            else:
                reply = await conversation.ingest_upload(allowed, path, name, notify)
    await notify.flush()
    await send_reply(context.bot, message.chat_id, reply)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Photos, stickers, voice...: say what the bot understands instead of staying silent."""
    message = update.effective_message
    if message is not None and update.effective_user is not None:
        await send_reply(context.bot, message.chat_id, Reply(NOT_UNDERSTOOD))


async def on_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command in a group: answer privately only (nothing from the documents in the group)."""
    await send_reply(context.bot, update.effective_message.chat_id, Reply(PRIVATE_ONLY))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: log with the traceback, apologise to the user when there is one."""
    log.error("error while handling update %s", _describe(update), exc_info=context.error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None:
        return
    try:
        await context.bot.send_message(chat.id, APOLOGY)
    except Exception:
        log.exception("could not send the apology to chat %s", chat.id)


def _describe(update: object) -> str:
    if isinstance(update, Update):
        user = update.effective_user
        return f"{update.update_id} from user {user.id if user else '?'}"
    return repr(update)[:200]


def build_application(settings: Settings, conversation: Conversation, token: str | None = None) -> Application:
    """The Application with every handler, pointed at the configured Bot API server."""
    token = token or settings.telegram_bot_token
    if not token:
        raise ValueError("Chưa có TELEGRAM_BOT_TOKEN: lấy mã từ @BotFather rồi ghi vào tệp .env.")
    builder = Application.builder().token(token).concurrent_updates(True)
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    if settings.telegram_file_base_url:
        builder = builder.base_file_url(settings.telegram_file_base_url)
    app = builder.build()
    app.bot_data["conversation"] = conversation
    app.bot_data["settings"] = settings
    # private chats only: in a group, other members would see the user's documents
    new = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(new & filters.TEXT, on_text))
    app.add_handler(MessageHandler(new & filters.Document.ALL, on_document))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(new & ~filters.TEXT & ~filters.Document.ALL, on_other))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.ChatType.GROUPS & filters.COMMAND, on_group))
    app.add_error_handler(on_error)
    return app


async def set_commands(app: Application) -> None:
    await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])


class TelegramWebhook:
    """Webhook mode: register the URL (with its secret) and feed posted updates to the app."""

    def __init__(self, app: Application, settings: Settings, port: int | None = None) -> None:
        url, secret = settings.telegram_webhook_url, settings.telegram_webhook_secret
        if not url or not secret or not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ValueError("Chế độ webhook cần TELEGRAM_WEBHOOK_URL và TELEGRAM_WEBHOOK_SECRET "
                             "(1–256 ký tự A-Z, a-z, 0-9, _ hoặc -).")
        self.app, self.url, self.secret = app, url, secret
        self.server = WebhookServer(settings.telegram_webhook_listen,
                                    settings.telegram_webhook_port if port is None else port,
                                    urlsplit(url).path or "/", secret, SECRET_HEADER, self._on_update)

    async def _on_update(self, data: dict) -> None:
        await self.app.update_queue.put(Update.de_json(data, self.app.bot))

    async def start(self) -> None:
        await self.server.start()
        await self.app.bot.set_webhook(self.url, secret_token=self.secret, allowed_updates=ALLOWED_UPDATES)
        await self.app.start()

    async def stop(self) -> None:
        await self.server.stop()
        if self.app.running:
            await self.app.stop()


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    return stop


async def _serve_webhook(app: Application, settings: Settings) -> None:
    async with app:
        await set_commands(app)
        hook = TelegramWebhook(app, settings)
        await hook.start()
        log.info("Telegram bot running (webhook %s)", settings.telegram_webhook_url)
        try:
            await _stop_event().wait()
        finally:
            await hook.stop()


def run(settings: Settings) -> None:
    """`troly bot telegram`: run until Ctrl+C."""
    conversation = Conversation(settings)
    try:
        app = build_application(settings, conversation)
        if settings.telegram_webhook_url:
            asyncio.run(_serve_webhook(app, settings))
        else:
            app.post_init = set_commands
            log.info("Telegram bot running (long polling)")
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    finally:
        conversation.close()

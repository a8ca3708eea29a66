"""The Telegram front end: a python-telegram-bot Application over the conversation (bot/conversation.py).

Text messages, commands and photo captions go to `Conversation.text`; documents from admins are
downloaded and ingested, reported in one message edited as the ingest goes; replies are HTML,
split to Telegram's limit, with quick-reply buttons answered by a callback handler. Errors:
an unreachable API is a one-line warning and is retried; anything else is logged with its
traceback and the user gets a short apology. Long polling by default; python-telegram-bot's own
webhook server when TELEGRAM_WEBHOOK_URL is set (its secret checked on every request).
"""
from __future__ import annotations

import asyncio
import logging
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatAction, FileSizeLimit, ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import format as fmt
from bot.conversation import Conversation, keep_typing, run_until_stopped
from bot.lifecycle import (
    BotStartError,
    check_api_base,
    check_token,
    until_reachable,
)
from bot.replies import APOLOGY, PRIVATE_ONLY, Reply
from knowledge.settings import Settings

log = logging.getLogger(__name__)

PLATFORM = "telegram"
ALLOWED_UPDATES = ["message", "callback_query"]
COMMANDS = [
    ("start", "Bắt đầu"), ("help", "Hướng dẫn sử dụng"), ("tra", "Tra cứu văn bản: /tra 57-NQ/TW"),
    ("soan", "Soạn dự thảo một mục báo cáo"), ("nguon", "Nguồn của câu trả lời gần nhất"),
    ("xa", "Chọn xã làm việc"), ("tailieu", "Danh sách tài liệu"),
]
NOT_UNDERSTOOD = "Trợ lý chỉ đọc được tin nhắn chữ và tệp .docx, .pdf, .txt. Gõ /help để xem hướng dẫn."


def unreachable(err: BaseException) -> bool:
    """A network failure (retried), as opposed to a refusal by the API (BadRequest is a NetworkError)."""
    return isinstance(err, NetworkError) and not isinstance(err, BadRequest)


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


async def send_reply(bot, chat_id: int, reply: Reply, messages: list[str] | None = None) -> None:
    """Send a reply as HTML messages within Telegram's limit (buttons on the last one), then its file."""
    messages = fmt.telegram_messages(reply.text) if messages is None else messages
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


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    chat_id = update.effective_message.chat_id
    async with typing(context.bot, chat_id):
        reply = await _conversation(context).text(PLATFORM, update.effective_user.id, text)
    await send_reply(context.bot, chat_id, reply)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and update.effective_user is not None and message.text is not None:
        await answer(update, context, message.text)


async def on_caption(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo (or video...) with a caption: the caption is the question."""
    if update.effective_user is not None:
        await answer(update, context, update.effective_message.caption)


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


class UploadMessage:
    """The one message an upload is reported in, edited as the ingest goes: the latest text wins,
    edits go out one at a time and never repeat the text already shown."""

    def __init__(self, bot, chat_id: int) -> None:
        self.bot, self.chat_id = bot, chat_id
        self._message: Message | None = None
        self._shown = self._wanted = ""
        self._task: asyncio.Task | None = None

    async def open(self, text: str) -> None:
        self._message = await self.bot.send_message(self.chat_id, fmt.telegram_messages(text)[0],
                                                    parse_mode=ParseMode.HTML)
        self._shown = self._wanted = text

    def show(self, text: str) -> None:
        """Called on the event loop at each step; the edit is sent in the background."""
        self._wanted = text
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._catch_up())

    async def _catch_up(self) -> None:
        while self._wanted != self._shown:
            text = self._wanted
            await self._edit(fmt.telegram_messages(text)[0])
            self._shown = text

    async def _edit(self, markup: str, reply: Reply | None = None) -> None:
        try:
            await self._message.edit_text(markup, parse_mode=ParseMode.HTML,
                                          reply_markup=_keyboard(reply) if reply else None)
        except TelegramError as err:  # an edit that failed leaves the previous step shown
            log.warning("could not update the upload message in chat %s: %s", self.chat_id, err)

    async def finish(self, reply: Reply) -> None:
        """The final text: the message holds its first part, further parts follow as new messages."""
        if self._task is not None:
            await self._task
        first, *rest = fmt.telegram_messages(reply.text)
        await self._edit(first, None if rest else reply)
        if rest:
            await send_reply(self.bot, self.chat_id, reply, rest)


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
    upload = UploadMessage(context.bot, message.chat_id)
    async with typing(context.bot, message.chat_id):
        await upload.open(f"Đang tải tệp «{name}» về…")
        with tempfile.TemporaryDirectory(prefix="troly-upload-") as tmp:
            path = Path(tmp) / name
            try:
                remote = await context.bot.get_file(doc.file_id)
                await remote.download_to_drive(path)
            except TelegramError as err:
                log.warning("download of %s failed: %s", name, err)
                reply = Reply(f"Không tải được tệp «{name}» từ Telegram ({err.message}). Hãy gửi lại tệp.")
            else:
                reply = await conversation.ingest_upload(allowed, path, name, upload.show)
    await upload.finish(reply)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice, photos without a caption...: say what the bot understands instead of staying silent."""
    message = update.effective_message
    if message is not None and update.effective_user is not None:
        await send_reply(context.bot, message.chat_id, Reply(NOT_UNDERSTOOD))


async def on_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message in a group: the private-chats-only note (nothing from the documents in the group)."""
    await send_reply(context.bot, update.effective_message.chat_id, Reply(PRIVATE_ONLY))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: an unreachable API is a one-line warning; anything else is logged with
    its traceback, and the user, when there is one, gets an apology."""
    if unreachable(context.error):
        log.warning("Telegram API unreachable while handling update %s: %s", _describe(update), context.error)
        return
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


def on_polling_error(err: TelegramError) -> None:
    """getUpdates failed: python-telegram-bot retries it with backoff; one line, no traceback."""
    log.warning("Telegram getUpdates failed (%s: %s); retrying", type(err).__name__, err)


def build_application(settings: Settings, conversation: Conversation) -> Application:
    """The Application with every handler, pointed at the configured Bot API server."""
    token = check_token(settings.telegram_bot_token, "TELEGRAM_BOT_TOKEN",
                        "lấy mã từ @BotFather rồi ghi vào tệp .env.")
    builder = Application.builder().token(token).concurrent_updates(True)
    if settings.telegram_api_base_url:
        builder = builder.base_url(check_api_base(settings.telegram_api_base_url, "TELEGRAM_API_BASE_URL"))
    if settings.telegram_file_base_url:
        builder = builder.base_file_url(check_api_base(settings.telegram_file_base_url, "TELEGRAM_FILE_BASE_URL"))
    app = builder.build()
    app.bot_data["conversation"] = conversation
    app.bot_data["settings"] = settings
    # private chats only: in a group, other members would see the user's documents
    new = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(new & filters.TEXT, on_text))
    app.add_handler(MessageHandler(new & filters.Document.ALL, on_document))
    app.add_handler(MessageHandler(new & filters.CAPTION, on_caption))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(new, on_other))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.ChatType.GROUPS
                                   & (filters.TEXT | filters.CAPTION), on_group))
    app.add_error_handler(on_error)
    return app


def webhook_settings(settings: Settings) -> tuple[str, str]:
    url, secret = settings.telegram_webhook_url, settings.telegram_webhook_secret
    if not url or not secret or not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise BotStartError("Chế độ webhook cần TELEGRAM_WEBHOOK_URL và TELEGRAM_WEBHOOK_SECRET "
                            "(1–256 ký tự A-Z, a-z, 0-9, _ hoặc -).")
    if urlsplit(url).scheme != "https":
        raise BotStartError("TELEGRAM_WEBHOOK_URL phải là địa chỉ https:// (Telegram chỉ gửi tới https).")
    return url, secret


async def serve(settings: Settings, conversation: Conversation, stop: asyncio.Event) -> None:
    """Run the bot until `stop`: connect (retried while Telegram is unreachable), then long polling,
    or the webhook when TELEGRAM_WEBHOOK_URL is set."""
    hook = webhook_settings(settings) if settings.telegram_webhook_url else None
    app = build_application(settings, conversation)

    async def connect() -> bool:
        await app.initialize()
        return True

    try:
        if not await until_reachable(connect, stop, "Telegram Bot API", unreachable):
            return
    except InvalidToken:
        raise BotStartError("Telegram từ chối TELEGRAM_BOT_TOKEN: hãy kiểm tra lại mã bot lấy từ @BotFather.") from None
    try:
        try:
            await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        except TelegramError as err:  # the command menu is a convenience
            log.warning("could not set the command menu: %s", err)
        if hook:
            await app.updater.start_webhook(
                listen=settings.telegram_webhook_listen, port=settings.telegram_webhook_port,
                url_path=urlsplit(hook[0]).path or "/", webhook_url=hook[0], secret_token=hook[1],
                allowed_updates=ALLOWED_UPDATES)
        else:
            await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES, error_callback=on_polling_error)
        await app.start()
        log.info("Telegram bot @%s running (%s)", app.bot.username, "webhook" if hook else "long polling")
        await stop.wait()
    finally:
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


def run(settings: Settings) -> None:
    """`troly bot telegram`: run until Ctrl+C."""
    run_until_stopped(settings, serve)

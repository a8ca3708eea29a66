"""The async face of the conversation core for the bots: every call runs in a worker pool.

Questions, lookups and listings go to a small pool fair between users (bot/workers.py); the
slow jobs (drafting, storing an upload) to a pool of their own, so chats keep getting answers
during an upload; embedding the passages of a stored upload to the background indexer, so the
document is answerable from its figures and BM25 while its passages are embedded behind it.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from bot.chat import ChatCore
from bot.lifecycle import stop_on_signals
from bot.replies import Reply, parse_command
from bot.uploads import (
    index_failed,
    indexed,
    indexing,
    received,
    store_upload,
    upload_check,
)
from bot.workers import FairPool
from knowledge.search.indexer import Indexer
from knowledge.services import Services
from knowledge.settings import Settings
from knowledge.store.users import ChatUser

log = logging.getLogger(__name__)

ASK_WORKERS = 3  # threads answering questions; each holds its own SQLite connection and BM25 copy
PROGRESS_EVERY = 3.0  # seconds between two updates of an upload message's indexing progress


class Conversation:
    def __init__(self, settings: Settings, *, open_services: Callable[[], Any] | None = None,
                 core: ChatCore | None = None, ask_workers: int = ASK_WORKERS) -> None:
        if open_services is None:
            def open_services() -> Services:
                return Services.open(settings)

        self.settings = settings
        self.core = core or ChatCore(settings.rate_limit_per_minute, drafts_dir=settings.data_dir / "drafts")
        self._ask = FairPool("troly-ask", ask_workers, open_services)
        self._work = FairPool("troly-work", 1, open_services)
        self.indexer = Indexer(open_services)

    async def text(self, platform: str, user_id: str | int, text: str) -> Reply:
        command, _ = parse_command((text or "").strip())
        pool = self._work if command == "soan" else self._ask
        return await pool.run((platform, str(user_id)), self.core.handle_text, platform, str(user_id), text)

    async def upload_check(self, platform: str, user_id: str | int, file_name: str, size: int | None,
                           max_bytes: int, limit_reason: str = "") -> tuple[ChatUser | None, Reply | None]:
        return await self._ask.run((platform, str(user_id)), lambda s: upload_check(
            self.core, s.db, platform, str(user_id), file_name, size, max_bytes, limit_reason))

    async def ingest_upload(self, user: ChatUser, path: Path, file_name: str, show: Callable[[str], None]) -> Reply:
        """Store an admin's file in their commune, then embed its passages; `show(text)` (called on
        the event loop) updates the upload message at each step; the final text is returned."""
        show(received(file_name))
        report, refusal = await self._work.run((user.platform, user.user_id), store_upload, user, path, file_name)
        if refusal is not None:
            return refusal
        show(indexing(report))
        loop, last = asyncio.get_running_loop(), [time.monotonic()]

        def progress(done: int, total: int) -> None:  # in the indexer's thread
            if done < total and time.monotonic() - last[0] >= PROGRESS_EVERY:
                last[0] = time.monotonic()
                with contextlib.suppress(RuntimeError):  # the loop is closing
                    loop.call_soon_threadsafe(show, indexing(report, done, total))

        try:
            sync = await asyncio.wrap_future(self.indexer.request(progress))
        except Exception:  # noqa: BLE001 - the document is stored; only the dense side is missing
            log.warning("indexing after the upload of %s did not finish", file_name, exc_info=True)
            return Reply(index_failed(report))
        return Reply(indexed(report, sync))

    def close(self) -> None:
        self._ask.close()
        self._work.close()
        self.indexer.close()


@contextlib.asynccontextmanager
async def keep_typing(send_action: Callable[[], Awaitable[object]], errors: tuple[type[BaseException], ...],
                      every: float = 4.5) -> AsyncIterator[None]:
    """Show 'typing…' until the block ends: chat apps clear it after ~5 s, so it is repeated.
    A failure to send it (`errors`) is cosmetic and never fails a reply."""
    async def keep() -> None:
        while True:
            try:
                await send_action()
            except errors as err:
                log.debug("chat action failed: %s", err)
            await asyncio.sleep(every)

    task = asyncio.create_task(keep())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def run_until_stopped(settings: Settings,
                      serve: Callable[[Settings, Conversation, asyncio.Event], Awaitable[None]]) -> None:
    """`troly bot …`: a bot's `serve` until Ctrl+C or SIGTERM, then its conversation closed."""
    conversation = Conversation(settings)

    async def main() -> None:
        await serve(settings, conversation, stop_on_signals())

    try:
        asyncio.run(main())
    finally:
        conversation.close()

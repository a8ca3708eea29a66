"""The conversation behind every chat front end: a user's message -> services -> a reply.

Telegram (bot/telegram.py), Zalo (bot/zalo.py) and `troly chat` are thin adapters over this:
they turn platform updates into `ChatCore` calls and `Reply` objects into messages.

- `ChatCore` (synchronous) owns the rules: the allowlist and rate limit, the commands
  (/start /help /tra /soan /nguon /xa /tailieu), commune scoping (a user only ever sees the
  documents of their own communes), uploads by admins, and the Vietnamese wording.
- `Conversation` (asyncio) runs the core off the event loop in two worker lanes, each a single
  thread that owns its own `Services` (SQLite connections are per thread; WAL lets the lanes
  read while the other writes): "ask" for questions, lookups and listings, "work" for the
  slow jobs (ingest + embedding, drafting), so chats keep getting answers during an upload.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ingest.text.normal import fold, squash
from knowledge.qa.render import format_date, format_number
from knowledge.search.retrieval import document_ids
from knowledge.settings import Settings
from knowledge.store import users as userdb
from knowledge.store.catalog import list_documents, show_document
from knowledge.store.users import ChatUser, RateLimiter

log = logging.getLogger(__name__)

APOLOGY = "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Vui lòng thử lại sau ít phút."
UPLOAD_SUFFIXES = (".docx", ".pdf", ".txt")
SOURCES_BUTTON = ("📄 Xem nguồn", "/nguon")
_ALL = {"tat ca", "tatca", "all", "*"}
MAX_DRAFT_CHARS = 6000  # longer drafts: the start in chat, the whole in the Word file

HELP = """Trợ lý Xã trả lời câu hỏi từ các báo cáo của xã, luôn kèm nguồn: tài liệu, mục và câu trích.

Cách dùng:
• Gõ câu hỏi, ví dụ: Diện tích tự nhiên của xã là bao nhiêu?
• /tra <số hiệu hoặc tên văn bản>: tra cứu văn bản được trích dẫn, ví dụ /tra 57-NQ/TW
• /soan <mục báo cáo>: soạn dự thảo một mục kèm tệp Word, ví dụ /soan đặc điểm tình hình (thêm «| kỳ báo cáo» nếu cần)
• /nguon: xem đầy đủ nguồn của câu trả lời gần nhất
• /xa: chọn xã đang làm việc (khi bạn được xem nhiều xã)
• /tailieu: danh sách tài liệu đã nạp
• /help: xem lại hướng dẫn này"""

HELP_ADMIN = "Cán bộ quản trị: gửi tệp .docx, .pdf hoặc .txt vào cuộc trò chuyện để nạp vào kho tài liệu của xã."


@dataclass(frozen=True)
class Reply:
    """What the bot says: plain text (paragraphs separated by blank lines), quick-reply buttons
    as (label, command) pairs, and optionally a file to send along."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()
    document: Path | None = None
    document_name: str | None = None


@dataclass
class _Last:
    title: str
    sources: list[dict] = field(default_factory=list)


def _doc_label(title: str | None, number: str | None, date: str | None, file: str | None) -> str:
    label = f"«{title}»" if title else (file or "")
    if number:
        label += f" số {number}"
    if date:
        label += f" ngày {format_date(date)}"
    return label


def _slug(text: str, limit: int = 40) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")[:limit] or "muc"


def _join(items: Sequence[str]) -> str:
    return ", ".join(items)


class ChatCore:
    """The conversation rules; every method that touches the knowledge base takes the
    calling thread's `services` (or its `db`)."""

    def __init__(self, rate_limit: int = 20, drafts_dir: Path | None = None, window: float = 60.0) -> None:
        self.limiter = RateLimiter(rate_limit, window)
        self.drafts_dir = drafts_dir
        self._last: dict[tuple[str, str], _Last] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ access

    def gate(self, db, platform: str, user_id: str) -> tuple[ChatUser | None, Reply | None]:
        """The allowed user, or a refusal (unknown user, too many messages)."""
        key = (platform, str(user_id))
        if not self.limiter.allow(key):
            wait = max(1, round(self.limiter.retry_after(key)))
            return None, Reply(f"Bạn gửi tin nhắn quá nhanh. Vui lòng đợi khoảng {wait} giây rồi thử lại.")
        user = userdb.get_user(db, platform, str(user_id))
        if user is None:
            log.info("refused unknown %s user %s", platform, user_id)
            return None, Reply(
                "Xin lỗi, bạn chưa có quyền sử dụng Trợ lý Xã.\n"
                f"Hãy gửi mã người dùng của bạn ({platform}: {user_id}) cho cán bộ quản trị để được cấp quyền.")
        return user, None

    def handle_text(self, services, platform: str, user_id: str, text: str, out_dir: Path | None = None) -> Reply:
        """One text message (a question or a command) from a chat user."""
        user, refusal = self.gate(services.db, platform, user_id)
        if refusal:
            return refusal
        return self.dispatch(services, user, text, out_dir)

    def dispatch(self, services, user: ChatUser, text: str, out_dir: Path | None = None) -> Reply:
        """Route an allowed user's message to its command, or answer it as a question."""
        text = (text or "").strip()
        command, arg = parse_command(text)
        log.info("%s user %s: %s", user.platform, user.user_id, f"/{command}" if command else "question")
        if command is None:
            if not squash(text):
                return Reply("Bạn hãy gõ câu hỏi, hoặc /help để xem hướng dẫn.")
            return self.ask(services, user, squash(text))
        if command in ("start", "batdau"):
            return self.start(user)
        if command in ("help", "trogiup", "huongdan"):
            return self.help(user)
        if command == "tra":
            return self.lookup(services, user, arg)
        if command == "soan":
            return self.draft(services, user, arg, out_dir)
        if command == "nguon":
            return self.sources(user)
        if command == "xa":
            return self.choose_commune(services.db, user, arg)
        if command == "tailieu":
            return self.documents(services.db, user)
        return Reply(f"Không có lệnh /{command}. Gõ /help để xem các lệnh.")

    # ------------------------------------------------------------------ simple commands

    def help(self, user: ChatUser) -> Reply:
        admin = any(user.is_admin(c) for c in user.communes)
        return Reply(HELP + (f"\n\n{HELP_ADMIN}" if admin else ""))

    def start(self, user: ChatUser) -> Reply:
        where = user.commune or _join(user.scope)
        return Reply(f"Xin chào! Trợ lý Xã đang làm việc với tài liệu của xã {where}.\n\n" + self.help(user).text)

    def choose_commune(self, db, user: ChatUser, arg: str) -> Reply:
        communes = user.communes
        arg = squash(arg)
        if len(communes) == 1:
            return Reply(f"Bạn làm việc với tài liệu của xã {communes[0]}.")
        if arg:
            wanted = fold(arg)
            if wanted in _ALL:
                userdb.choose_commune(db, user, None)
                return Reply(f"Đã chọn: tất cả các xã của bạn ({_join(communes)}).")
            pick = None
            if arg.isdigit() and 1 <= int(arg) <= len(communes):
                pick = communes[int(arg) - 1]
            else:
                pick = next((c for c in communes if fold(c) == wanted or fold(c) == f"xa {wanted}"
                             or f"xa {fold(c)}" == wanted), None)
            if pick is None:
                return Reply(f"Bạn không được xem tài liệu của «{arg}». Các xã của bạn: {_join(communes)}.")
            userdb.choose_commune(db, user, pick)
            return Reply(f"Đã chọn xã {pick}. Câu hỏi, tra cứu, soạn thảo và tệp nạp lên từ giờ thuộc xã này.")
        now = user.chosen or f"tất cả ({_join(communes)})"
        roles = {"admin": "quản trị", "member": "thành viên"}
        lines = [f"{i}. {c} ({roles[user.roles[c]]})" for i, c in enumerate(communes, 1)]
        buttons = tuple((c, f"/xa {i}") for i, c in enumerate(communes, 1)) + (("Tất cả", "/xa tatca"),)
        return Reply(f"Đang làm việc với: {now}.\n\nCác xã của bạn:\n" + "\n".join(lines)
                     + "\n\nChọn bằng /xa <số hoặc tên xã>, hoặc /xa tatca để xem tất cả.", buttons=buttons)

    def documents(self, db, user: ChatUser) -> Reply:
        rows = list_documents(db, communes=user.scope)
        if not rows:
            return Reply(f"Chưa có tài liệu nào của xã {_join(user.scope)}.")
        blocks = []
        for commune in user.scope:
            mine = [r for r in rows if r["scope"] == commune]
            if not mine:
                continue
            lines = [f"Tài liệu của xã {commune} ({len(mine)}):"]
            for i, r in enumerate(mine, 1):
                lines.append(f"{i}. {_doc_label(r['title'], r['number'], r['date'], None)} ({r['file']}): "
                             f"{r['figures']} số liệu, {r['citations']} trích dẫn")
            blocks.append("\n".join(lines))
        return Reply("\n\n".join(blocks))

    # ------------------------------------------------------------------ answers and sources

    def _remember(self, user: ChatUser, title: str, sources: list[dict]) -> None:
        with self._lock:
            self._last[(user.platform, user.user_id)] = _Last(title, sources)

    def ask(self, services, user: ChatUser, question: str) -> Reply:
        answer = services.answerer.ask(question, allowed_communes=user.scope)
        allowed = set(document_ids(services.db, communes=user.scope) or [])
        leaked = [s.doc_id for s in answer.sources if s.doc_id not in allowed]
        if leaked:  # defence in depth: never show another commune's documents
            log.error("answer for %s:%s cited documents outside its communes: %s", user.platform, user.user_id, leaked)
            return Reply(APOLOGY)
        sources = [{"title": s.title, "number": s.number, "date": s.date, "file": s.file, "section": s.section,
                    "quote": s.quote} for s in answer.sources]
        self._remember(user, f"Nguồn của câu trả lời «{question}»", sources)
        return Reply(answer.text, buttons=(SOURCES_BUTTON,) if sources else ())

    def sources(self, user: ChatUser) -> Reply:
        with self._lock:
            last = self._last.get((user.platform, user.user_id))
        if last is None or not last.sources:
            return Reply("Chưa có câu trả lời nào để xem nguồn. Hãy đặt một câu hỏi trước.")
        blocks = [f"{last.title}:"]
        for i, s in enumerate(last.sources, 1):
            lines = [f"{i}. {_doc_label(s.get('title'), s.get('number'), s.get('date'), s.get('file'))}"]
            if s.get("file") and s.get("title"):
                lines.append(f"Tệp: {s['file']}")
            if s.get("section"):
                lines.append(f"Mục: {s['section']}")
            if s.get("quote"):
                lines.append(f"Trích: “{s['quote']}”")
            blocks.append("\n".join(lines))
        return Reply("\n\n".join(blocks))

    # ------------------------------------------------------------------ directive lookup

    def lookup(self, services, user: ChatUser, fragment: str) -> Reply:
        fragment = squash(fragment)
        if not fragment:
            return Reply("Hãy ghi số hiệu hoặc tên văn bản cần tra, ví dụ: /tra 57-NQ/TW")
        try:
            from knowledge.directives.lookup import describe, lookup
        except ImportError:
            log.exception("directive lookup is not available")
            return Reply("Chức năng tra cứu văn bản chưa sẵn sàng trên máy này.")
        allowed = set(document_ids(services.db, communes=user.scope) or [])
        results = []
        for r in lookup(services.db, fragment, communes=user.scope):
            cites = [c for c in r.get("citations") or [] if c.get("doc_id") in allowed]
            if cites or (r.get("doc_id") in allowed):
                results.append({**r, "citations": cites})
        if not results:
            self._remember(user, f"Tra cứu «{fragment}»", [])
            return Reply(f"Không tìm thấy văn bản nào khớp «{fragment}» trong tài liệu của xã "
                         f"{_join(user.scope)}.")
        blocks = [f"Kết quả tra cứu «{fragment}» ({len(results)} văn bản):"]
        sources = []
        for i, r in enumerate(results[:5], 1):
            lines = [f"{i}. {describe(r).rstrip('.')}."]
            if r.get("file") and r.get("doc_id") in allowed:
                lines.append(f"Toàn văn đã nạp: {r['file']}")
            cites = r["citations"]
            if cites:
                where = "; ".join(f"{c.get('file')}" + (f" (mục {c['section']})" if c.get("section") else "")
                                  for c in cites[:3])
                more = f" và {len(cites) - 3} chỗ khác" if len(cites) > 3 else ""
                lines.append(f"Nguồn: được trích dẫn trong {where}{more}")
            lines += [f"Lưu ý: {note}" for note in r.get("notes") or []]
            sources += [{"file": c.get("file"), "section": c.get("section"), "quote": c.get("text")} for c in cites]
            blocks.append("\n".join(lines))
        if len(results) > 5:
            blocks.append(f"… và {len(results) - 5} văn bản khác: hãy ghi rõ hơn số hiệu.")
        self._remember(user, f"Nguồn của tra cứu «{fragment}»", sources)
        return Reply("\n\n".join(blocks), buttons=(SOURCES_BUTTON,) if sources else ())

    # ------------------------------------------------------------------ drafting

    def draft(self, services, user: ChatUser, arg: str, out_dir: Path | None = None) -> Reply:
        section, _, period = (squash(x) for x in (arg or "").partition("|"))
        if not section:
            return Reply("Hãy ghi mục cần soạn, ví dụ: /soan đặc điểm tình hình")
        commune = user.commune
        if commune is None:
            return Reply("Bạn được xem nhiều xã: hãy chọn xã cần soạn bằng /xa trước.")
        try:
            from knowledge.drafting.draft import DraftError, draft_section
        except ImportError:
            log.exception("drafting is not available")
            return Reply("Chức năng soạn thảo chưa sẵn sàng trên máy này.")
        try:
            draft = draft_section(services.db, services.retriever, section, commune, period=period or None)
        except DraftError as err:
            return Reply(str(err))
        data = draft.as_dict()
        sources, seen = [], set()
        for sentence in data.get("sentences") or []:
            for src in sentence.get("sources") or []:
                if (src.get("file"), src.get("quote")) not in seen:
                    seen.add((src.get("file"), src.get("quote")))
                    sources.append({"file": src.get("file"), "section": src.get("section"), "quote": src.get("quote")})
        self._remember(user, f"Nguồn của dự thảo «{section}»", sources)
        lines = [line for line in (data.get("text") or "").splitlines() if line.strip()]
        if not data.get("sentences"):
            return Reply("\n".join(lines) or f"Không đủ tư liệu để soạn mục «{section}» cho xã {commune}.")
        body, shown = [], 0
        for line in lines:
            if shown + len(line) > MAX_DRAFT_CHARS:
                body.append("… (xem toàn văn trong tệp Word)")
                break
            body.append(line)
            shown += len(line)
        name = f"du_thao_{_slug(section)}.docx"
        document, note = None, f"Tệp Word: {name}"
        try:
            from knowledge.drafting import docx as docx_export
        except ImportError:
            docx_export = None
        write = getattr(docx_export, "export_docx", None) or getattr(docx_export, "write_docx", None)
        if write is None:
            log.warning("knowledge.drafting.docx is missing: the draft is sent as text only")
            note = "(Chưa tạo được tệp Word trên máy này.)"
        else:
            folder = out_dir or self.drafts_dir or Path.cwd()
            folder.mkdir(parents=True, exist_ok=True)
            document = folder / (name if out_dir else f"{uuid.uuid4().hex[:8]}_{name}")
            write(draft, document)
        head = f"Dự thảo mục «{section}» (xã {commune}{', ' + period if period else ''}):"
        return Reply("\n\n".join([head, *body, note]), buttons=(SOURCES_BUTTON,) if sources else (),
                     document=document, document_name=name if document else None)

    # ------------------------------------------------------------------ uploads

    def upload_check(self, db, platform: str, user_id: str, file_name: str, size: int | None,
                     max_bytes: int, limit_reason: str = "") -> tuple[ChatUser | None, Reply | None]:
        """May this user upload this file? (before anything is downloaded)"""
        user, refusal = self.gate(db, platform, user_id)
        if refusal:
            return None, refusal
        if not any(user.is_admin(c) for c in user.communes):
            return None, Reply("Xin lỗi, chỉ cán bộ quản trị của xã mới được nạp tài liệu. "
                               "Bạn vẫn có thể hỏi, tra cứu và xem danh sách tài liệu.")
        commune = user.commune
        if commune is None:
            return None, Reply("Bạn quản lý nhiều xã: hãy chọn xã nhận tài liệu bằng /xa rồi gửi lại tệp.")
        if not user.is_admin(commune):
            return None, Reply(f"Xin lỗi, bạn không phải cán bộ quản trị của xã {commune} nên không nạp được "
                               "tài liệu vào kho của xã này.")
        suffix = Path(file_name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            hint = " Hãy mở tệp bằng Word và lưu lại dưới dạng .docx." if suffix == ".doc" else ""
            return None, Reply(f"Không nạp được tệp «{file_name}»: chỉ nhận tệp .docx, .pdf hoặc .txt.{hint}")
        if size is not None and size > max_bytes:
            return None, Reply(
                f"Không nạp được tệp «{file_name}»: tệp nặng {format_number(round(size / 1e6, 1))} MB, vượt giới hạn "
                f"{format_number(round(max_bytes / 1e6, 1))} MB{limit_reason}. Hãy tách tệp thành các phần nhỏ hơn "
                "hoặc nạp trực tiếp trên máy chủ bằng lệnh troly ingest.")
        return user, None

    def ingest_upload(self, services, user: ChatUser, path: Path, file_name: str,
                      notify: Callable[[str], Any] = lambda _: None) -> Reply:
        """Ingest an admin's uploaded file into their commune, index it, and report what was found."""
        commune = user.commune
        notify(f"Đã nhận tệp «{file_name}». Đang đọc và phân tích…")
        outcome = services.ingest(path, commune=commune, source=f"{commune}/{file_name}")
        if outcome.status == "failed":
            reason = outcome.message.replace(str(path), file_name)
            return Reply(f"{reason}\n\nKhông có gì được lưu. Hãy kiểm tra tệp rồi gửi lại.")
        if outcome.status == "unchanged":
            return Reply(f"Tệp «{file_name}» đã có trong kho tài liệu (nội dung không đổi), không cần nạp lại.")
        view = show_document(services.db, outcome.doc_id)
        notify(f"Đã đọc xong «{file_name}»: {len(view['figures'])} số liệu, {len(view['citations'])} trích dẫn "
               "văn bản. Đang lập chỉ mục để tìm kiếm…")
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.monotonic() - last[0] >= 5 and done < total:
                last[0] = time.monotonic()
                notify(f"Đang lập chỉ mục: {done}/{total} đoạn…")

        try:
            report = services.sync(progress=progress)
            indexed = f"Đã lập chỉ mục {report.added} đoạn mới; có thể hỏi về tài liệu này ngay."
        except Exception:
            log.exception("indexing failed after ingesting %s", file_name)
            indexed = ("Lỗi: chưa lập chỉ mục được nên tài liệu chưa tìm được bằng câu hỏi; "
                       "hãy báo cán bộ kỹ thuật chạy lại lệnh troly ingest.")
        return Reply(_ingest_report(view, file_name, commune, outcome.status) + "\n\n" + indexed)


def _ingest_report(view: dict, file_name: str, commune: str, status: str) -> str:
    m = view["metadata"]
    head = f"Đã nạp «{file_name}» vào kho tài liệu của xã {commune}"
    head += " (thay bản cũ cùng tên)." if status == "replaced" else "."
    lines = [head]
    facts = [f"loại: {m['type']}" if m["type"] else "", f"số {m['number']}" if m["number"] else "",
             f"ngày {format_date(m['date'])}" if m["date"] else ""]
    if any(facts):
        lines.append("Văn bản: " + ", ".join(f for f in facts if f) + ".")
    if m["title"]:
        lines.append(f"Trích yếu: {m['title']}")
    lines.append(f"Tìm thấy: {len(view['sections'])} mục, {len(view['tables'])} bảng, {len(view['figures'])} số liệu, "
                 f"{len(view['citations'])} trích dẫn văn bản.")
    missing = [label for key, label in (("number", "số văn bản"), ("date", "ngày ban hành"), ("title", "trích yếu"))
               if not m[key]]
    if missing:
        lines.append("Không xác định được: " + ", ".join(missing) + " (không thấy ở phần đầu văn bản).")
    if m["commune"] and fold(m["commune"]) != fold(commune):
        lines.append(f"Lưu ý: văn bản ghi tên xã {m['commune']} nhưng được nạp vào kho của xã {commune}.")
    lines += [f"Cảnh báo: {w}" for w in view["warnings"]]
    return "\n".join(lines)


def parse_command(text: str) -> tuple[str | None, str]:
    """'/tra@TrolyBot 57-NQ/TW' -> ('tra', '57-NQ/TW'); a non-command -> (None, text)."""
    if not text.startswith("/"):
        return None, text
    head, _, arg = text[1:].partition(" ")
    head = head.split("\n")[0]
    return fold(head.split("@")[0]), arg.strip()


# ---------------------------------------------------------------------- worker lanes


class _Lane:
    """One worker thread that owns its own Services, opened on first use in that thread."""

    def __init__(self, name: str, open_services: Callable[[], Any]) -> None:
        self._executor = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._open = open_services
        self._services = None  # touched only in the lane's thread

    def _call(self, fn: Callable, args: tuple) -> Any:
        if self._services is None:
            self._services = self._open()
        return fn(self._services, *args)

    async def run(self, fn: Callable, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._call, fn, args)

    def call(self, fn: Callable, *args: Any) -> Any:
        return self._executor.submit(self._call, fn, args).result()

    def close(self) -> None:
        def close_services() -> None:
            if self._services is not None:
                self._services.close()
                self._services = None

        self._executor.submit(close_services).result()
        self._executor.shutdown()


class Conversation:
    """The async face of ChatCore for the bots: every call runs in a worker lane."""

    def __init__(self, settings: Settings, *, open_services: Callable[[], Any] | None = None,
                 core: ChatCore | None = None) -> None:
        if open_services is None:
            from knowledge.services import Services

            def open_services() -> Any:
                return Services.open(settings)

        self.settings = settings
        self.core = core or ChatCore(settings.rate_limit_per_minute, drafts_dir=settings.data_dir / "drafts")
        self._ask = _Lane("troly-ask", open_services)
        self._work = _Lane("troly-work", open_services)

    async def text(self, platform: str, user_id: str | int, text: str) -> Reply:
        command, _ = parse_command((text or "").strip())
        lane = self._work if command == "soan" else self._ask
        return await lane.run(self.core.handle_text, platform, str(user_id), text)

    async def upload_check(self, platform: str, user_id: str | int, file_name: str, size: int | None,
                           max_bytes: int, limit_reason: str = "") -> tuple[ChatUser | None, Reply | None]:
        return await self._ask.run(lambda s, *a: self.core.upload_check(s.db, *a), platform, str(user_id),
                                   file_name, size, max_bytes, limit_reason)

    async def ingest_upload(self, user: ChatUser, path: Path, file_name: str,
                            notify: Callable[[str], Any]) -> Reply:
        return await self._work.run(self.core.ingest_upload, user, path, file_name, notify)

    def close(self) -> None:
        self._ask.close()
        self._work.close()


# ---------------------------------------------------------------------- terminal chat

CLI_BYE = {"/thoat", "/exit", "/quit", "thoat", "exit", "quit"}


def local_user(db, communes: Sequence[str] | None = None) -> ChatUser:
    """The person at the terminal: admin of the given communes (default: every commune in the store)."""
    names = [userdb.canonical_commune(db, c) for c in communes] if communes else userdb.known_communes(db)
    return ChatUser("cli", "local", {c: "admin" for c in names})


def terminal_chat(services, stdin: TextIO, stdout: TextIO, *, communes: Sequence[str] | None = None,
                  out_dir: Path | None = None, core: ChatCore | None = None) -> int:
    """`troly chat`: read questions and commands from stdin, print plain-text replies; returns the turn count."""
    core = core or ChatCore(rate_limit=0)
    user = local_user(services.db, communes)

    def say(text: str) -> None:
        stdout.write(text.rstrip() + "\n")
        stdout.flush()

    if not user.communes:
        say("Kho tài liệu đang trống. Nạp tài liệu trước: troly ingest <tệp hoặc thư mục>")
        return 0
    say(f"Trợ lý Xã: hỏi về tài liệu của xã {_join(user.scope)}. "
        "Gõ /help để xem hướng dẫn, /thoat để kết thúc.")
    turns = 0
    while True:
        stdout.write("\nBạn: ")
        stdout.flush()
        line = stdin.readline()
        if not line:
            say("")
            break
        line = line.strip()
        if not line:
            continue
        if line.lower() in CLI_BYE:
            break
        turns += 1
        try:
            reply = core.dispatch(services, user, line, out_dir=out_dir or Path.cwd())
            user = _refresh(services.db, user)
        except Exception:
            log.exception("chat turn failed: %s", line)
            reply = Reply(APOLOGY)
        say("Trợ lý: " + reply.text)
        if reply.document:
            say(f"(Đã lưu tệp: {reply.document})")
        if reply.buttons and any(cmd == "/nguon" for _, cmd in reply.buttons):
            say("(Gõ /nguon để xem đầy đủ nguồn.)")
    say("Tạm biệt!")
    return turns


def _refresh(db, user: ChatUser) -> ChatUser:
    """The terminal user is not on the allowlist: keep its /xa choice from the prefs table."""
    row = db.execute("SELECT commune FROM chat_user_prefs WHERE platform = ? AND user_id = ?",
                     [user.platform, user.user_id]).fetchone()
    return ChatUser(user.platform, user.user_id, user.roles, row[0] if row else None)


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

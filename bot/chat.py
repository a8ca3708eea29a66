"""The conversation core behind every chat front end: a user's message -> services -> a `Reply`.

`ChatCore` is synchronous and owns the rules: the allowlist and rate limit, the length cap, the
commands (/start /help /tra /soan /nguon /xa /tailieu), commune scoping (a user only ever sees
the documents of their own communes) and the wording. Every method that touches the knowledge
base takes the calling thread's `services` (or its `db`). Who runs it: `bot/conversation.py`
(worker pools, for the bots) and `bot/terminal.py` (`troly chat`); uploads are `bot/uploads.py`.
"""
from __future__ import annotations

import logging
import re
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bot.replies import (
    APOLOGY,
    MAX_MESSAGE_CHARS,
    NO_FILES,
    SOURCES_BUTTON,
    Reply,
    help_text,
    join,
    parse_command,
    too_long,
)
from ingest.text.normal import fold, squash
from knowledge.directives.lookup import describe, lookup
from knowledge.drafting.draft import DraftError, draft_section
from knowledge.search.retrieval import document_ids
from knowledge.store import users as userdb
from knowledge.store.catalog import list_documents
from knowledge.store.records import document_label
from knowledge.store.users import ChatUser, RateLimiter

log = logging.getLogger(__name__)

_ALL = {"tat ca", "tatca", "all", "*"}
MAX_DRAFT_CHARS = 6000  # where a Word file goes along: the start in chat, the whole in the file


@dataclass
class _Last:
    title: str
    sources: list[dict] = field(default_factory=list)


def _slug(text: str, limit: int = 40) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")[:limit] or "muc"


class ChatCore:
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
        if len(text) > MAX_MESSAGE_CHARS:
            log.info("%s user %s: a message of %d characters refused", user.platform, user.user_id, len(text))
            return too_long(len(text))
        command, arg = parse_command(text)
        log.info("%s user %s: %s", user.platform, user.user_id, f"/{command}" if command else "question")
        if command is None:
            if not squash(text):
                return Reply("Bạn hãy gõ câu hỏi, hoặc /help để xem hướng dẫn.")
            return self.ask(services, user, squash(text))
        if not command:
            return Reply("Bạn hãy gõ tên lệnh ngay sau dấu /, ví dụ /help hoặc /tra 57-NQ/TW, "
                         "hoặc gõ câu hỏi không cần dấu /.")
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
        return Reply(help_text(user.platform, any(user.is_admin(c) for c in user.communes)))

    def start(self, user: ChatUser) -> Reply:
        where = user.commune or join(user.scope)
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
                return Reply(f"Đã chọn: tất cả các xã của bạn ({join(communes)}).")
            pick = None
            if arg.isdigit() and 1 <= int(arg) <= len(communes):
                pick = communes[int(arg) - 1]
            else:
                pick = next((c for c in communes if fold(c) == wanted or fold(c) == f"xa {wanted}"
                             or f"xa {fold(c)}" == wanted), None)
            if pick is None:
                return Reply(f"Bạn không được xem tài liệu của «{arg}». Các xã của bạn: {join(communes)}.")
            userdb.choose_commune(db, user, pick)
            return Reply(f"Đã chọn xã {pick}. Câu hỏi, tra cứu, soạn thảo và tệp nạp lên từ giờ thuộc xã này.")
        now = user.chosen or f"tất cả ({join(communes)})"
        roles = {"admin": "quản trị", "member": "thành viên"}
        lines = [f"{i}. {c} ({roles[user.roles[c]]})" for i, c in enumerate(communes, 1)]
        buttons = tuple((c, f"/xa {i}") for i, c in enumerate(communes, 1)) + (("Tất cả", "/xa tatca"),)
        return Reply(f"Đang làm việc với: {now}.\n\nCác xã của bạn:\n" + "\n".join(lines)
                     + "\n\nChọn bằng /xa <số hoặc tên xã>, hoặc /xa tatca để xem tất cả.", buttons=buttons)

    def documents(self, db, user: ChatUser) -> Reply:
        rows = list_documents(db, communes=user.scope)
        if not rows:
            return Reply(f"Chưa có tài liệu nào của xã {join(user.scope)}.")
        blocks = []
        for commune in user.scope:
            mine = [r for r in rows if r["scope"] == commune]
            if not mine:
                continue
            lines = [f"Tài liệu của xã {commune} ({len(mine)}):"]
            for i, r in enumerate(mine, 1):
                lines.append(f"{i}. {document_label(r['title'], r['number'], r['date'], None)} ({r['file']}): "
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
            lines = [f"{i}. {document_label(s.get('title'), s.get('number'), s.get('date'), s.get('file'))}"]
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
        allowed = set(document_ids(services.db, communes=user.scope) or [])
        results = []
        for r in lookup(services.db, fragment, communes=user.scope):
            cites = [c for c in r.get("citations") or [] if c.get("doc_id") in allowed]
            if cites or (r.get("doc_id") in allowed):
                results.append({**r, "citations": cites})
        if not results:
            self._remember(user, f"Tra cứu «{fragment}»", [])
            return Reply(f"Không tìm thấy văn bản nào khớp «{fragment}» trong tài liệu của xã "
                         f"{join(user.scope)}.")
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
        """A drafted section: where files go along, its start in chat and the whole as a Word file;
        on a platform without files (Zalo), the whole text (the front end splits it into messages)."""
        section, _, period = (squash(x) for x in (arg or "").partition("|"))
        if not section:
            return Reply("Hãy ghi mục cần soạn, ví dụ: /soan đặc điểm tình hình")
        commune = user.commune
        if commune is None:
            return Reply("Bạn được xem nhiều xã: hãy chọn xã cần soạn bằng /xa trước.")
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
        head = f"Dự thảo mục «{section}» (xã {commune}{', ' + period if period else ''}):"
        buttons = (SOURCES_BUTTON,) if sources else ()
        if user.platform in NO_FILES:
            return Reply("\n\n".join([head, *lines]), buttons=buttons)
        from knowledge.drafting.docx import (
            export_docx,  # python-docx: loaded only when a draft is written
        )

        body, shown = [], 0
        for line in lines:
            if shown + len(line) > MAX_DRAFT_CHARS:
                body.append("… (xem toàn văn trong tệp Word)")
                break
            body.append(line)
            shown += len(line)
        name = f"du_thao_{_slug(section)}.docx"
        folder = out_dir or self.drafts_dir or Path.cwd()
        folder.mkdir(parents=True, exist_ok=True)
        document = export_docx(draft, folder / (name if out_dir else f"{uuid.uuid4().hex[:8]}_{name}"))
        return Reply("\n\n".join([head, *body, f"Tệp Word: {name}"]), buttons=buttons,
                     document=document, document_name=name)

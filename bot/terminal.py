"""`troly chat`: the conversation in the terminal, one turn at a time, as the bots have it."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.chat import ChatCore
from bot.replies import APOLOGY, Reply, join
from knowledge.store import users as userdb
from knowledge.store.users import ChatUser

log = logging.getLogger(__name__)

CLI_BYE = {"/thoat", "/exit", "/quit", "thoat", "exit", "quit"}


def local_user(db, communes: Sequence[str] | None = None) -> ChatUser:
    """The person at the terminal: admin of the given communes (default: every commune in the store)."""
    names = [userdb.canonical_commune(db, c) for c in communes] if communes else userdb.known_communes(db)
    return ChatUser("cli", "local", {c: "admin" for c in names})


def terminal_chat(services, stdin: TextIO, stdout: TextIO, *, communes: Sequence[str] | None = None,
                  out_dir: Path | None = None, core: ChatCore | None = None) -> int:
    """Read questions and commands from stdin, print plain-text replies; returns the turn count."""
    core = core or ChatCore(rate_limit=0)
    user = local_user(services.db, communes)

    def say(text: str) -> None:
        stdout.write(text.rstrip() + "\n")
        stdout.flush()

    if not user.communes:
        say("Kho tài liệu đang trống. Nạp tài liệu trước: troly ingest <tệp hoặc thư mục>")
        return 0
    say(f"Trợ lý Xã: hỏi về tài liệu của xã {join(user.scope)}. "
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
            log.exception("chat turn failed")
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

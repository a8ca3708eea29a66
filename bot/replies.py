"""What the assistant says, whatever the front end: the `Reply` shape, the command syntax and the
Vietnamese wording every chat shares, fitted to what each platform can do.

Platforms: "telegram" (files both ways), "zalo" (text only: no files either way) and "cli"
(the terminal chat: a draft is saved to a file, documents are ingested with `troly ingest`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.text.normal import fold
from ingest.text.numbers import vn_number

APOLOGY = "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Vui lòng thử lại sau ít phút."
PRIVATE_ONLY = "Trợ lý Xã chỉ trả lời trong tin nhắn riêng: hãy nhắn trực tiếp cho bot."
SOURCES_BUTTON = ("📄 Xem nguồn", "/nguon")
MAX_MESSAGE_CHARS = 1000  # officials' questions and commands are far shorter; longer ones are refused
NO_FILES = {"zalo"}  # platforms that carry no files, in either direction

_COMMANDS = """Cách dùng:
• Gõ câu hỏi, ví dụ: Diện tích tự nhiên của xã là bao nhiêu?
• /tra <số hiệu hoặc tên văn bản>: tra cứu văn bản được trích dẫn, ví dụ /tra 57-NQ/TW
• /soan <mục báo cáo>: soạn dự thảo một mục {draft}, ví dụ /soan đặc điểm tình hình (thêm «| kỳ báo cáo» nếu cần)
• /nguon: xem đầy đủ nguồn của câu trả lời gần nhất
• /xa: chọn xã đang làm việc (khi bạn được xem nhiều xã)
• /tailieu: danh sách tài liệu đã nạp
• /help: xem lại hướng dẫn này"""
_INTRO = "Trợ lý Xã trả lời câu hỏi từ các báo cáo của xã, luôn kèm nguồn: tài liệu, mục và câu trích."
_DRAFT = {"telegram": "kèm tệp Word", "cli": "và lưu thành tệp Word", "zalo": "(gửi dạng tin nhắn, dài thì chia nhiều phần)"}
_ADMIN = {
    "telegram": "Cán bộ quản trị: gửi tệp .docx, .pdf hoặc .txt vào cuộc trò chuyện để nạp vào kho tài liệu của xã.",
    "cli": "Nạp thêm tài liệu: thoát (/thoat) rồi chạy troly ingest <tệp hoặc thư mục>.",
    "zalo": "Cán bộ quản trị: Zalo không chuyển tệp giữa người dùng và bot. Tài liệu mới được nạp qua bot Telegram "
            "của xã hoặc bằng lệnh troly ingest trên máy chủ; bản Word của dự thảo lấy trên máy chủ bằng lệnh "
            "troly draft «mục» --commune «xã» --docx du_thao.docx.",
}


@dataclass(frozen=True)
class Reply:
    """What the bot says: plain text (paragraphs separated by blank lines), quick-reply buttons
    as (label, command) pairs, and optionally a file to send along."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()
    document: Path | None = None
    document_name: str | None = None


def help_text(platform: str, admin: bool) -> str:
    text = _INTRO + "\n\n" + _COMMANDS.format(draft=_DRAFT.get(platform, _DRAFT["telegram"]))
    return text + (f"\n\n{_ADMIN.get(platform, _ADMIN['telegram'])}" if admin else "")


def too_long(length: int) -> Reply:
    return Reply(f"Tin nhắn dài {vn_number(length)} ký tự, quá giới hạn {vn_number(MAX_MESSAGE_CHARS)} ký tự "
                 "nên trợ lý chưa đọc. Bạn hãy hỏi ngắn gọn từng ý một, ví dụ: Dân số của xã là bao nhiêu?")


def parse_command(text: str) -> tuple[str | None, str]:
    """'/tra@TrolyBot 57-NQ/TW' -> ('tra', '57-NQ/TW'); a bare '/' -> ('', ''); a non-command -> (None, text)."""
    if not text.startswith("/"):
        return None, text
    head, _, arg = text[1:].partition(" ")
    head = head.split("\n")[0]
    return fold(head.split("@")[0]), arg.strip()



def join(items: Sequence[str]) -> str:
    return ", ".join(items)

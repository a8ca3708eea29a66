"""Documents an admin sends into a chat: may they, storing the file, and the one upload message.

The upload message is one text the front end keeps editing: received -> reading -> what was
found (the report) with the indexing progress under it -> indexed. The document is answerable
from its figures and BM25 as soon as it is stored; its passages are embedded behind it
(knowledge.search.indexer), and the dense side of the search joins when they are.
"""
from __future__ import annotations

from pathlib import Path

from bot.chat import ChatCore
from bot.replies import Reply
from ingest.text.dates import vn_date
from ingest.text.normal import fold
from ingest.text.numbers import vn_number
from knowledge.search.retrieval import SyncReport
from knowledge.store.catalog import show_document
from knowledge.store.users import ChatUser

UPLOAD_SUFFIXES = (".docx", ".pdf", ".txt")


def upload_check(core: ChatCore, db, platform: str, user_id: str, file_name: str, size: int | None,
                 max_bytes: int, limit_reason: str = "") -> tuple[ChatUser | None, Reply | None]:
    """May this user upload this file? (before anything is downloaded)"""
    user, refusal = core.gate(db, platform, user_id)
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
            f"Không nạp được tệp «{file_name}»: tệp nặng {vn_number(round(size / 1e6, 1))} MB, vượt giới hạn "
            f"{vn_number(round(max_bytes / 1e6, 1))} MB{limit_reason}. Hãy tách tệp thành các phần nhỏ hơn "
            "hoặc nạp trực tiếp trên máy chủ bằng lệnh troly ingest.")
    return user, None


def received(file_name: str) -> str:
    return f"Đã nhận tệp «{file_name}». Đang đọc và phân tích…"


def store_upload(services, user: ChatUser, path: Path, file_name: str) -> tuple[str | None, Reply | None]:
    """Store the file in the user's commune: (the report of what was found, None) when it was
    stored, else (None, the reply: a failure or "already there")."""
    commune = user.commune
    outcome = services.ingest(path, commune=commune, source=f"{commune}/{file_name}")
    if outcome.status == "failed":
        reason = outcome.message.replace(str(path), file_name)
        return None, Reply(f"{reason}\n\nKhông có gì được lưu. Hãy kiểm tra tệp rồi gửi lại.")
    if outcome.status == "unchanged":
        return None, Reply(f"Tệp «{file_name}» đã có trong kho tài liệu (nội dung không đổi), không cần nạp lại.")
    return upload_report(show_document(services.db, outcome.doc_id), file_name, commune, outcome.status), None


def upload_report(view: dict, file_name: str, commune: str, status: str) -> str:
    m = view["metadata"]
    head = f"Đã nạp «{file_name}» vào kho tài liệu của xã {commune}"
    lines = [head + (" (thay bản cũ cùng tên)." if status == "replaced" else ".")]
    if m["type"] or m["number"] or m["date"]:
        what = (m["type"] or "Văn bản") + (f" số {m['number']}" if m["number"] else "")
        lines.append(what + (f" ngày {vn_date(m['date'])}" if m["date"] else "") + ".")
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


def indexing(report: str, done: int = 0, total: int = 0) -> str:
    """The upload message while the passages are being embedded."""
    count = f": {done}/{total} đoạn" if total else ""
    return (f"{report}\n\nĐã hỏi được về số liệu của tài liệu này. "
            f"Đang lập chỉ mục các đoạn văn để tìm kiếm theo nghĩa{count}…")


def indexed(report: str, sync: SyncReport) -> str:
    return f"{report}\n\nĐã lập chỉ mục {sync.added} đoạn mới; có thể hỏi về tài liệu này ngay."


def index_failed(report: str) -> str:
    return (f"{report}\n\nLỗi: chưa lập chỉ mục được các đoạn văn (số liệu vẫn hỏi được); "
            "hãy báo cán bộ kỹ thuật chạy lệnh troly reindex.")

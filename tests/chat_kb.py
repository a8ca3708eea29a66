"""The knowledge base the chat front-end tests share: examples/ (xã Tân Phong) plus a second
fictional commune (xã Phú An) written here, embedded once per session with the real embedder,
and an allowlist of test users.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document

from knowledge.settings import Settings
from knowledge.store.users import add_user
from tests.conftest import EXAMPLES

TAN_PHONG, PHU_AN, DONG_HOA = "Tân Phong", "Phú An", "Đông Hòa"  # Đông Hòa: documents only by upload

# what the knowledge base holds: the sample reports of Tân Phong and one report of Phú An
TP_FILES = tuple(sorted(p.name for p in EXAMPLES.glob("tan_phong_*")))
PA_FILE = "phu_an_bao_cao_quy_1_2026.txt"
TP_QUESTION = "Diện tích tự nhiên của xã là bao nhiêu?"

# Telegram / Zalo user ids of the test allowlist
TP_ADMIN, TP_MEMBER, PA_ADMIN, PA_MEMBER, BOTH_MEMBER, DH_ADMIN, STRANGER = 1001, 1002, 2001, 2002, 3001, 4001, 9999
CROWD = tuple(range(5000, 5020))  # 20 members for the concurrency tests: even ids Tân Phong, odd Phú An

PHU_AN_REPORT = """ỦY BAN NHÂN DÂN
XÃ PHÚ AN
Số: 17/BC-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phú An, ngày 10 tháng 4 năm 2026

BÁO CÁO
Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội quý I năm 2026

Thực hiện Nghị quyết số 06/NQ-HĐND ngày 20/12/2025 của Hội đồng nhân dân xã Phú An về kế hoạch phát triển kinh tế - xã hội năm 2026, Ủy ban nhân dân xã báo cáo kết quả quý I năm 2026 như sau:

I. ĐẶC ĐIỂM TÌNH HÌNH

Xã Phú An có diện tích tự nhiên 19,82 km², gồm 14 thôn; dân số 22.470 người với 6.105 hộ.

II. KẾT QUẢ THỰC HIỆN

1. Nông nghiệp

Thực hiện Chỉ thị số 09/CT-UBND ngày 03/02/2026 của Ủy ban nhân dân xã Phú An về phòng, chống dịch bệnh gia súc, gia cầm, xã đã tổ chức tiêm phòng vắc xin lở mồm long móng cho 3.215 con gia súc, đạt 96,2% tổng đàn.

Số hộ dân được sử dụng nước sạch theo quy chuẩn là 5.640 hộ, đạt 92,4%.

2. Cải cách hành chính và chuyển đổi số

Thực hiện Kế hoạch số 35/KH-UBND ngày 12/01/2026 của Ủy ban nhân dân tỉnh Hưng Yên về chuyển đổi số năm 2026, Bộ phận một cửa xã đã tiếp nhận 1.987 hồ sơ thủ tục hành chính, trong đó 1.702 hồ sơ nộp trực tuyến, đạt 85,7%.

III. NHIỆM VỤ QUÝ II NĂM 2026

Tiếp tục tiêm phòng đợt bổ sung cho đàn gia súc; nâng tỷ lệ hồ sơ trực tuyến lên trên 90%.

Nơi nhận:
- UBND tỉnh Hưng Yên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Bình
"""

# What the Đông Hòa admin uploads through the bot in the tests (a .docx: the upload path meets the Word
# reader); a commune of its own, so the upload changes no other test's answers
UPLOAD_PARAGRAPHS = [
    "ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA",
    "Số: 29/BC-UBND",
    "Đông Hòa, ngày 05 tháng 7 năm 2026",
    "BÁO CÁO",
    "Kết quả xây dựng nông thôn mới 6 tháng đầu năm 2026",
    "I. KẾT QUẢ",
    "Trong 6 tháng đầu năm, xã đã bê tông hóa 4,8 km đường giao thông nông thôn và xây mới 2 nhà văn hóa thôn.",
    "Toàn xã có 7 thôn đạt chuẩn khu dân cư nông thôn mới kiểu mẫu.",
]


def write_upload_docx(path: Path) -> Path:
    doc = Document()
    for text in UPLOAD_PARAGRAPHS:
        doc.add_paragraph(text)
    doc.save(path)
    return path


@dataclass(frozen=True)
class ChatKB:
    data_dir: Path

    def settings(self, **overrides) -> Settings:
        return Settings(data_dir=self.data_dir, rate_limit_per_minute=1000, **overrides)


def build_chat_kb(root: Path) -> ChatKB:
    from knowledge.services import Services

    kb = ChatKB(root / "data")
    services = Services.open(kb.settings())
    try:
        for path in sorted(EXAMPLES.glob("tan_phong_*")):
            outcome = services.ingest(path, commune=TAN_PHONG)
            assert outcome.status == "added", outcome.message
        report = root / PA_FILE
        report.write_text(PHU_AN_REPORT, encoding="utf-8")
        outcome = services.ingest(report, commune=PHU_AN)
        assert outcome.status == "added", outcome.message
        services.sync()
        db = services.db
        for platform in ("telegram", "zalo"):
            add_user(db, platform, str(TP_ADMIN), TAN_PHONG, "admin")
            add_user(db, platform, str(TP_MEMBER), TAN_PHONG, "member")
            add_user(db, platform, str(PA_ADMIN), PHU_AN, "admin")
            add_user(db, platform, str(PA_MEMBER), PHU_AN, "member")
            add_user(db, platform, str(BOTH_MEMBER), TAN_PHONG, "member")
            add_user(db, platform, str(BOTH_MEMBER), PHU_AN, "member")
            add_user(db, platform, str(DH_ADMIN), DONG_HOA, "admin")
            for uid in CROWD:
                add_user(db, platform, str(uid), TAN_PHONG if uid % 2 == 0 else PHU_AN, "member")
    finally:
        services.close()
    return kb

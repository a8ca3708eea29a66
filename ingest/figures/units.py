"""The counted nouns and units written after a number ("1.280 đảng viên", "27,35 km²", "98%")."""
from __future__ import annotations

import re

from ingest.text.numbers import DIGITS as _D

LETTER = r"A-Za-zÀ-ỹĐđ"  # a letter of a Vietnamese word, for lookarounds

# Counted nouns and units that may follow a number, longest first when matched.
UNITS = sorted(
    {
        "%", "km²", "km2", "m²", "m2", "m³", "m3", "ha", "km", "kg", "tấn", "tạ", "lít", "mét giá",
        "triệu đồng", "tỷ đồng", "nghìn đồng", "ngàn đồng", "đồng", "usd",
        "người", "lượt người", "lượt", "đảng viên", "đồng chí", "đ/c", "hồ sơ", "văn bản",
        "chi bộ", "đảng bộ", "chi, đảng bộ", "chi bộ, đảng bộ", "tổ chức cơ sở đảng", "tổ chức đảng",
        "tổ chức", "hội nghị", "cuộc họp", "cuộc giám sát", "cuộc kiểm tra", "cuộc", "buổi", "đơn", "đơn thư", "thư",
        "thôn", "xã", "phường", "thị trấn", "hộ", "hộ gia đình", "gia đình", "trẻ", "cặp",
        "thí sinh", "bài thi", "thủ tục hành chính", "thủ tục", "tthc", "lĩnh vực", "nội dung",
        "chương", "điều", "công chức", "cán bộ", "viên chức", "đại biểu", "biên chế", "phiếu",
        "trường hợp", "ban", "phòng", "mảng", "nhóm", "đề án", "kế hoạch", "kết luận", "chỉ thị",
        "thông tri", "quy chế", "quy định", "quyết định", "thông báo", "hướng dẫn",
        "chương trình", "nghị quyết", "tờ trình", "báo cáo", "công văn", "tháng", "năm", "ngày",
        "tuần", "giờ", "phút", "lớp", "học viên", "học sinh", "cơ sở", "doanh nghiệp",
        "hợp tác xã", "cơ quan", "đơn vị", "tổ", "bộ", "máy", "tin", "bài", "tin bài",
        "phóng sự", "cấp", "sáng kiến", "đoàn viên", "hội viên", "bí thư", "phó bí thư",
        "chủ tịch", "phó chủ tịch", "ủy viên", "uỷ viên", "thành viên", "vụ", "vụ việc", "đợt",
        "lần", "căn", "nhà", "công trình", "dự án", "tuyến", "điểm", "chỉ tiêu", "tiêu chí",
        "nhiệm vụ", "giải pháp", "ý kiến", "kiến nghị", "lao động", "suất", "phần quà", "sổ",
        "thẻ", "lượt bài thi", "cán bộ, công chức", "khu dân cư", "tổ dân phố", "xóm",
        "ấp", "làng", "trường", "trạm", "giường", "bệnh nhân", "mô hình", "bộ phận",
        "câu lạc bộ", "đội", "tài khoản", "phản ánh", "khiếu nại", "tố cáo", "tuổi", "giấy",
    },
    key=len,
    reverse=True,
)
UNIT_RE = re.compile(
    r"\s*(" + "|".join(re.escape(u) for u in UNITS) + rf")(?![{LETTER}{_D}])"
    r"((?:\s?/\s?[^\s/,;.:()]+)*)",
    re.IGNORECASE,
)
# Units that may be glued to the number ("847,9km2", "525tỷ", "98%").
GLUED = ("km2", "km²", "km", "m2", "m²", "m3", "m³", "ha", "kg", "tỷ", "triệu", "%", "đ/c")
# Measures, not counted nouns: "1,280" before a counted noun reads as thousands, before these not.
MEASURE_UNITS = {"%", "km²", "km2", "m²", "m2", "m³", "m3", "ha", "km", "kg", "tấn", "tạ", "lít",
                  "triệu đồng", "tỷ đồng", "nghìn đồng", "ngàn đồng", "đồng", "usd", "mét giá"}


def unit_at(text: str, pos: int) -> tuple[str | None, int]:
    """The unit written at text[pos:], as written, and where it ends."""
    m = UNIT_RE.match(text, pos)
    if m:
        unit = m.group(1) + re.sub(r"\s+", "", m.group(2))
        return unit, m.end()
    m = re.match(rf"\s*([A-ZĐ]{{2,}}[{LETTER}]*)(?![{LETTER}])", text[pos:])  # TTHC, CBCC
    if m:
        return m.group(1), pos + m.end()
    return None, pos

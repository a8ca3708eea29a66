"""Numbers in prose that are no figure: dates, periods, years, times, phone numbers, URLs,
document numbers and symbols, list labels, names ("chính quyền địa phương 2 cấp"), versions."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.figures.units import GLUED, LETTER, UNIT_RE
from ingest.text.numbers import DIGITS as _D
from ingest.text.numbers import plain_number

# Words right before a number that make it an identifier, not a measure.
_DOC_WORDS = (
    "quyết định|kế hoạch|báo cáo|nghị quyết|nghị định|thông tư|công văn|hướng dẫn|chỉ thị|"
    "kết luận|thông báo|chương trình|tờ trình|quy định|quy chế|đề án|biểu mẫu|mẫu|biểu|phụ lục|"
    "văn bản|luật|qđ|kh|bc|nq|cv|tb|hd|ct|ctr|tt|nđ|giấy phép|giấy chứng nhận|hợp đồng|tờ bản đồ|"
    "thửa|nhà|biển|hồ sơ"
)
_ID_BEFORE = re.compile(
    rf"(?:(?<![{LETTER}])(?:{_DOC_WORDS})\s+số\s*:?\s*|(?<![{LETTER}])số\s*:\s*"
    rf"|(?<![{LETTER}])(?:điều|khoản|điểm|mức độ|cấp độ|lần thứ|thứ|khóa|khoá|đề án|iso|tcvn|"
    rf"covid-?|tỉnh lộ|quốc lộ|đường|đại hội|phiên|kỳ họp|đợt|tổ|thôn|xóm|đội|khu|"
    rf"phòng|tầng|km|lô|mục|phần|chương|tiết|tập|quyển|trang|phiên bản|version)\s*)$",
    re.IGNORECASE,
)
_DATE_BEFORE = re.compile(
    rf"(?<![{LETTER}])(?:ngày|tháng|năm|quý|hôm|sáng|chiều|tối|đêm|từ|đến|tới|trước|sau)\s*$",
    re.IGNORECASE,
)
_DATE_WORD_BEFORE = re.compile(rf"(?<![{LETTER}])(ngày|tháng|năm|quý|hôm|sáng|chiều|tối|đêm)\s*$", re.IGNORECASE)
_MODEL_NAME = re.compile(rf"(?<![{LETTER}])(?:chính quyền|hành chính)(?:\s+địa phương)?\s*$", re.IGNORECASE)
_DATE_RANGES = {"ngày": 31, "hôm": 31, "tháng": 12, "quý": 4}  # others: hours of the day
_BLOCK_RES = [
    re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE),
    # 19-20/8/2025, 16/6/2025, 8/9/202 (typo kept), 16-6-2025, 16.6.2025
    re.compile(rf"(?<![{_D}])[{_D}]{{1,2}}\s*[-–]\s*[{_D}]{{1,2}}/[{_D}]{{1,2}}(?:/[{_D}]{{2,4}})?(?![{_D}])"),
    re.compile(rf"(?<![{_D}])[{_D}]{{1,2}}/[{_D}]{{1,2}}/[{_D}]{{2,4}}(?![{_D}])"),
    re.compile(rf"(?<![{_D}.,])[{_D}]{{1,2}}[-.][{_D}]{{1,2}}[-.](?:19|20)[{_D}]{{2}}(?![{_D}])"),
    # "tháng 9/2023", "quý III/2025", "tháng 9 năm 2023"
    re.compile(rf"(?<![{LETTER}])(?:tháng|quý)\s+[{_D}IVX]{{1,4}}\s*/\s*[{_D}]{{4}}", re.IGNORECASE),
    # year ranges and periods: 2025-2030, 2021 - 2025, 2021- 2026, 2020 -2025, 2023/2024
    re.compile(rf"(?<![{_D}])(?:19|20)[{_D}]{{2}}\s*[-–/]\s*(?:(?:19|20)[{_D}]{{2}}|[{_D}]{{2}})(?![{_D}])"),
    # times: 8 giờ 30, 14h00, 8h30', 7 giờ 30 phút
    re.compile(rf"(?<![{_D}])[{_D}]{{1,2}}\s*(?:giờ|h|g)\s*[{_D}]{{1,2}}(?:\s*phút|')?(?![{_D}])", re.IGNORECASE),
    re.compile(rf"(?<![{LETTER}])(?:lúc|vào)\s+[{_D}]{{1,2}}\s*giờ", re.IGNORECASE),
    # phone numbers
    re.compile(rf"(?:điện thoại|đt|sđt|tel|fax|hotline)\s*:?\s*[{_D}][{_D}\s.]{{6,}}", re.IGNORECASE),
    # ISO 9001:2015 and similar standards
    re.compile(rf"(?:iso|tcvn)\s*[{_D}]+(?::[{_D}]+)?", re.IGNORECASE),
]
# phone numbers: 0912.345.678, 0225 3846 123, +84 912 345 678 (9-12 digits in all)
_PHONE_RE = re.compile(rf"(?<![{_D}.,])(?:\+84|0)[{_D}]{{1,3}}(?:[ .]?[{_D}]{{2,4}}){{2,3}}(?![{_D}])")


def _in_date_range(word: str, core: str) -> bool:
    """Whether a number after a date word can be a day, month, quarter, hour or year."""
    value = plain_number(core)
    if value is None or value != int(value):
        return False
    if word == "năm":
        return 1900 <= value <= 2100  # "năm 2023" (but "mỗi năm 300 hồ sơ" is a figure)
    return 1 <= value <= _DATE_RANGES.get(word, 24)


def _overlaps(a: int, b: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < e and s < b for s, e in spans)


def _is_year(core: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)[0-9]{2}", core))


def skip_reason(text: str, start: int, end: int, core: str, blocked: Sequence[tuple[int, int]]) -> str | None:
    """Why the number text[start:end] is no figure ("date", "identifier", "label", ...), or None."""
    if _overlaps(start, end, blocked):
        return "blocked"
    before, after = text[max(0, start - 40):start], text[end:end + 12]
    if start and re.match(rf"[{LETTER}/]", text[start - 1]):
        return "glued-left"  # UBTVQH15, NQ/2025
    if start >= 2 and text[start - 1] in "-–" and re.match(rf"[{LETTER}]", text[start - 2]):
        return "glued-left"  # Covid-19
    if re.match(rf"\s?[/-]\s?[{LETTER}]", after) and not re.match(r"\s?/\s?(?:người|năm|tháng|km)", after):
        return "symbol"  # 1669/NQ-..., 59-KH/TU, 02 -BC/BCĐ
    if re.match(r"\s*-\s*[A-ZĐ]{2,}/", after):
        return "symbol"
    if re.match(rf"[{LETTER}]", after) and not any(after.lower().startswith(g) for g in GLUED):
        return "glued-right"  # 390E, f3b2
    if core.count("/") >= 2:
        return "date"
    if core.count("/") == 1:
        a, b = core.split("/")
        if _DATE_BEFORE.search(before) or re.match(r"\s*(?:đến|-|–)\s*[0-9]{1,2}/", after):
            return "date"
        if re.fullmatch(r"[0-9]{1,2}", a) and re.fullmatch(r"[0-9]{4}", b):
            return "date"  # 9/2023
    word = _DATE_WORD_BEFORE.search(before)
    if word and "/" not in core and _in_date_range(word.group(1).lower(), core):
        return "date"  # "ngày 09", "tháng 9", "năm 2023" (but "mỗi năm 300 hồ sơ" is a figure)
    if _ID_BEFORE.search(before):
        return "identifier"
    if _is_year(core) and not UNIT_RE.match(text, end):
        return "year"
    if _MODEL_NAME.search(before) and re.match(r"\s*cấp\b", after, re.IGNORECASE):
        return "name"  # "chính quyền địa phương 2 cấp": the model's name, not a count
    if re.fullmatch(r"[0-9]+\.0", core) and not UNIT_RE.match(text, end):
        return "version"  # "phần mềm 3.0", "công nghiệp 4.0"
    if "/" not in core and re.match(r"[.)](?:\s|$)", after):
        head = text[:start].rstrip()
        if not head or head[-1] in ".;!?" or re.search(r"(?:^|\s)[-+*•]$", head):
            return "label"  # "1.", "1.1.", "2)" at the start of a paragraph or sentence
        if head[-1] == ":" and (after[0] == ")" or "." in core):
            return "label"  # "gồm: 1) ...", "như sau: 2.1. ..." (but "Tổng số: 12." is a figure)
    if text[start - 1:start] == "(" and text[end:end + 1] == ")" and re.fullmatch(r"[0-9]{1,2}", core):
        return "label"  # (1) (2)
    return None


def blocked_spans(text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans no figure may overlap: `exclude` (the paragraph's citations), dates, times, URLs, phones."""
    blocked = list(exclude)
    for rx in _BLOCK_RES:
        blocked.extend(m.span() for m in rx.finditer(text))
    for m in _PHONE_RE.finditer(text):
        if 9 <= len(re.sub(r"[^0-9]", "", m.group())) <= 12:
            blocked.append(m.span())
    return blocked

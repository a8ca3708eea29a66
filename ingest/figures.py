"""Numbers in Vietnamese prose and tables: parse them, find what they measure.

Owns: the skip rules (dates, periods, years, document numbers and symbols, list labels,
times, phone numbers, URLs) and Figure extraction from a paragraph or a table.

Conventions:
- `.` groups thousands only when followed by exactly three digits ("1.280");
  otherwise it is a decimal mark ("1.77%", "98.23"). `,` is the decimal mark,
  except in "1,234,567" and in "1,280 người" (three digits before a counted noun).
- A ratio "53/53" has the value of its first number; raw keeps "53/53".
- Money written "525tỷ550 triệu đồng" is converted to triệu đồng (525550,
  unit "triệu đồng"); any other amount keeps its written unit ("57,5 triệu
  đồng/người/năm" -> 57.5, "2 tỷ đồng" -> 2 with unit "tỷ đồng").
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from ingest.model import Figure, Table
from ingest.tables import table_label
from ingest.text.normal import fold
from ingest.text.numbers import DIGITS as _D
from ingest.text.numbers import MONEY_RE, parse_number, plain_number
from ingest.text.numbers import NUMBER as _NUM
from ingest.text.sentences import sentence_spans

log = logging.getLogger(__name__)

# Number clusters in prose: "1.280", "26,64", "53/53", "16/6/2025".
_TOKEN_RE = re.compile(rf"(?<![{_D}]){_NUM}(?:/{_NUM})*")
_LETTER = r"A-Za-zÀ-ỹĐđ"

# ---------------------------------------------------------------- vocabulary

# Counted nouns and units that may follow a number, longest first when matched.
_UNITS = sorted(
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
        "câu lạc bộ", "đội", "tài khoản", "phản ánh", "khiếu nại", "tố cáo", "tuổi",
    },
    key=len,
    reverse=True,
)
_UNIT_RE = re.compile(
    r"\s*(" + "|".join(re.escape(u) for u in _UNITS) + rf")(?![{_LETTER}{_D}])"
    r"((?:\s?/\s?[^\s/,;.:()]+)*)",
    re.IGNORECASE,
)
# Units that may be glued to the number ("847,9km2", "525tỷ", "98%").
_GLUED = ("km2", "km²", "km", "m2", "m²", "m3", "m³", "ha", "kg", "tỷ", "triệu", "%", "đ/c")
# Counted nouns (not measures) for reading "1,280" as thousands.
_MEASURE_UNITS = {"%", "km²", "km2", "m²", "m2", "m³", "m3", "ha", "km", "kg", "tấn", "tạ", "lít",
                  "triệu đồng", "tỷ đồng", "nghìn đồng", "ngàn đồng", "đồng", "usd", "mét giá"}

# Words that stop a noun phrase after a number.
_STOPS = {
    "và", "với", "của", "đến", "để", "trong", "tại", "ở", "trên", "theo", "do", "cho", "là",
    "được", "đã", "đang", "sẽ", "có", "không", "đạt", "bằng", "so", "từ", "khi", "thì",
    "nhưng", "hoặc", "hay", "về", "vào", "ra", "như", "gồm", "chiếm", "tham", "sinh",
    "hoàn", "trở", "tăng", "giảm", "cũng", "đều", "mà", "nên", "vì", "nhằm", "đi",
    "thực", "tiếp", "giải", "thuộc", "đối", "trước", "sau", "phải", "cần", "ngày", "năm",
    "tháng", "làm", "nay", "này", "đó", "kể", "bao", "qua", "các", "những", "một",
}
# Heads of measure phrases written before the number.
_HEADS = [
    "tổng số", "tổng", "số lượng", "dân số", "diện tích", "tỷ lệ", "tỉ lệ", "mật độ", "thu nhập",
    "giá trị", "tốc độ", "kinh phí", "ngân sách", "chỉ số", "mức độ", "mức", "sản lượng",
    "năng suất", "doanh thu", "quy mô", "số",
]
_HEAD_RE = re.compile(
    r"(?<![" + _LETTER + r"])(" + "|".join(re.escape(h) for h in _HEADS) + r")(?![" + _LETTER + r"])",
    re.IGNORECASE,
)
# Linkers between a measure and its number: strong ones mean "the left side is the measure".
_STRONG = re.compile(r"(?:\s*(?::|=|\blà\b|\bđạt\b|\bbằng\b|\bchiếm\b))+\s*$", re.IGNORECASE)
_WEAK = re.compile(
    r"(?:\s*\b(?:(?<!hiện )có|gồm|khoảng|hơn|gần|trên|dưới|được|với|tổng cộng|còn|lên|tới|xuống)\b)+\s*$",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^\s*(?:(?:và|với|trong đó|gồm|còn|các|những|của|là|có|\*|-|\+)\s+)+", re.IGNORECASE)

# Words right before a number that make it an identifier, not a measure.
_DOC_WORDS = (
    "quyết định|kế hoạch|báo cáo|nghị quyết|nghị định|thông tư|công văn|hướng dẫn|chỉ thị|"
    "kết luận|thông báo|chương trình|tờ trình|quy định|quy chế|đề án|biểu mẫu|mẫu|biểu|phụ lục|"
    "văn bản|luật|qđ|kh|bc|nq|cv|tb|hd|ct|ctr|tt|nđ|giấy phép|giấy chứng nhận|hợp đồng|tờ bản đồ|"
    "thửa|nhà|biển|hồ sơ"
)
_ID_BEFORE = re.compile(
    rf"(?:(?<![{_LETTER}])(?:{_DOC_WORDS})\s+số\s*:?\s*|(?<![{_LETTER}])số\s*:\s*"
    rf"|(?<![{_LETTER}])(?:điều|khoản|điểm|mức độ|cấp độ|lần thứ|thứ|khóa|khoá|đề án|iso|tcvn|"
    rf"covid-?|tỉnh lộ|quốc lộ|đường|đại hội|phiên|kỳ họp|đợt|tổ|thôn|xóm|đội|khu|"
    rf"phòng|tầng|km|lô|mục|phần|chương|tiết|tập|quyển|trang|phiên bản|version)\s*)$",
    re.IGNORECASE,
)
_DATE_BEFORE = re.compile(
    rf"(?<![{_LETTER}])(?:ngày|tháng|năm|quý|hôm|sáng|chiều|tối|đêm|từ|đến|tới|trước|sau)\s*$",
    re.IGNORECASE,
)
_DATE_WORD_BEFORE = re.compile(rf"(?<![{_LETTER}])(ngày|tháng|năm|quý|hôm|sáng|chiều|tối|đêm)\s*$", re.IGNORECASE)
_MODEL_NAME = re.compile(rf"(?<![{_LETTER}])(?:chính quyền|hành chính)(?:\s+địa phương)?\s*$", re.IGNORECASE)
_DATE_RANGES = {"ngày": 31, "hôm": 31, "tháng": 12, "quý": 4}  # others: hours of the day
_BLOCK_RES = [
    re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE),
    # 19-20/8/2025, 16/6/2025, 8/9/202 (typo kept), 16-6-2025, 16.6.2025
    re.compile(rf"(?<![{_D}])[{_D}]{{1,2}}\s*[-–]\s*[{_D}]{{1,2}}/[{_D}]{{1,2}}(?:/[{_D}]{{2,4}})?(?![{_D}])"),
    re.compile(rf"(?<![{_D}])[{_D}]{{1,2}}/[{_D}]{{1,2}}/[{_D}]{{2,4}}(?![{_D}])"),
    re.compile(rf"(?<![{_D}.,])[{_D}]{{1,2}}[-.][{_D}]{{1,2}}[-.](?:19|20)[{_D}]{{2}}(?![{_D}])"),
    # "tháng 9/2023", "quý III/2025", "tháng 9 năm 2023"
    re.compile(rf"(?<![{_LETTER}])(?:tháng|quý)\s+[{_D}IVX]{{1,4}}\s*/\s*[{_D}]{{4}}", re.IGNORECASE),
    # year ranges and periods: 2025-2030, 2021 - 2025, 2021- 2026, 2020 -2025, 2023/2024
    re.compile(rf"(?<![{_D}])(?:19|20)[{_D}]{{2}}\s*[-–/]\s*(?:(?:19|20)[{_D}]{{2}}|[{_D}]{{2}})(?![{_D}])"),
    # times: 8 giờ 30, 14h00, 8h30', 7 giờ 30 phút
    re.compile(rf"(?<![{_D}])[{_D}]{{1,2}}\s*(?:giờ|h|g)\s*[{_D}]{{1,2}}(?:\s*phút|')?(?![{_D}])", re.IGNORECASE),
    re.compile(rf"(?<![{_LETTER}])(?:lúc|vào)\s+[{_D}]{{1,2}}\s*giờ", re.IGNORECASE),
    # phone numbers
    re.compile(rf"(?:điện thoại|đt|sđt|tel|fax|hotline)\s*:?\s*[{_D}][{_D}\s.]{{6,}}", re.IGNORECASE),
    # ISO 9001:2015 and similar standards
    re.compile(rf"(?:iso|tcvn)\s*[{_D}]+(?::[{_D}]+)?", re.IGNORECASE),
]
# phone numbers: 0912.345.678, 0225 3846 123, +84 912 345 678 (9-12 digits in all)
_PHONE_RE = re.compile(rf"(?<![{_D}.,])(?:\+84|0)[{_D}]{{1,3}}(?:[ .]?[{_D}]{{2,4}}){{2,3}}(?![{_D}])")


# ---------------------------------------------------------------- helpers


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


def _unit_at(text: str, pos: int) -> tuple[str | None, int]:
    """The unit written at text[pos:], as written, and where it ends."""
    m = _UNIT_RE.match(text, pos)
    if m:
        unit = m.group(1) + re.sub(r"\s+", "", m.group(2))
        return unit, m.end()
    m = re.match(rf"\s*([A-ZĐ]{{2,}}[{_LETTER}]*)(?![{_LETTER}])", text[pos:])  # TTHC, CBCC
    if m:
        return m.group(1), pos + m.end()
    return None, pos


def _phrase_after(text: str, pos: int, limit: int, max_words: int = 2) -> str:
    """Up to max_words words after pos, stopping at punctuation, numbers or stop words."""
    out: list[str] = []
    for m in re.finditer(rf"\s*([{_LETTER}/]+|[^\s{_LETTER}])", text[pos:limit]):
        word = m.group(1)
        if len(out) >= max_words or not re.fullmatch(rf"[{_LETTER}/]+", word):
            break
        if word.lower() in _STOPS:
            if out or word.lower() not in {"các", "những"}:
                break
            continue
        out.append(word)
    return " ".join(out)


def _clause_before(text: str, lo: int, pos: int) -> tuple[str, str]:
    """(clause before pos with trailing linkers removed, kind of linker: 'strong'|'weak'|'')."""
    window = text[lo:pos]
    kind = ""
    while True:
        m = _STRONG.search(window)
        if m and m.start() < len(window) and window[m.start():].strip():
            window, kind = window[:m.start()], kind or "strong"
            continue
        m = _WEAK.search(window)
        if m and window[m.start():].strip():
            window, kind = window[:m.start()], "weak"  # "Gồm: 01 đề án": the owner, not the measure
            continue
        break
    cut = max(window.rfind(c) for c in ",;:()[]\t\n=–")
    if cut >= 0:
        window = window[cut + 1:]
    window = re.sub(r"^[\s\-+*•¹²³⁴⁵⁶⁷⁸⁹⁰]+", "", window)
    return window.strip(), kind


def _previous_clause(window: str) -> str:
    """The last clause of a window once linkers and trailing punctuation are gone."""
    window = _WEAK.sub("", _STRONG.sub("", window))
    window = re.sub(r"[\s,;:]+$", "", window)
    cut = max(window.rfind(c) for c in ",;:()[]\t\n=–")
    return window[cut + 1:].strip()


def _trim_lead(phrase: str, max_words: int = 12, keep_start: bool = False) -> str:
    phrase = _LEAD.sub("", phrase).strip(" .,;:-–")
    words = phrase.split()
    if len(words) <= max_words:
        return phrase
    return " ".join(words[:max_words] if keep_start else words[-max_words:])


def _head_phrase(clause: str) -> str | None:
    """The measure phrase in a clause: from its first measure head to the end."""
    for m in _HEAD_RE.finditer(clause):
        head, before, after = m.group(1).lower(), clause[:m.start()].lower(), clause[m.end():].lower()
        if head == "số" and (re.search(r"(?:một|các|những|vài)\s*$", before) or re.match(r"\s*:?\s*[0-9]", after)):
            continue  # "một số", "Kế hoạch số 59"
        if head == "tổng" and re.match(r"\s*(?:thể|kết|hợp|quát|quan|bí|cục|đài|công ty|giám|đội|liên)\b", after):
            continue  # "tổng thể", "tổng kết": not a measure
        return clause[m.start():].strip()
    return None


_TIME_ONLY = re.compile(r"^(?:nam|thang|quy|ngay|giai doan)\s+(?:[0-9]|[ivx]+\b)[\s0-9/ivx-]*$")


_MSTOPS = {
    "cũng", "được", "đã", "đang", "là", "đạt", "có", "năm", "tháng", "so", "với", "và", "trong", "tại", "cao", "thấp",
}


def _measure_in(text: str) -> str | None:
    """The last measure phrase of a text, cut at a stop word: "thu nhập bình quân dầu người"."""
    phrase = None
    for m in _HEAD_RE.finditer(text):
        found = _head_phrase(text[m.start():])
        if found and text[m.start():].startswith(found[: len(m.group(1))]):
            phrase = found
    if not phrase:
        return None
    words: list[str] = []
    for w in phrase.split():
        core = w.strip(",;:()[]\"“”")
        if not core or (words and core.lower() in _MSTOPS) or len(words) >= 6:
            break
        words.append(core)
        if core != w:
            break
    return " ".join(words) or None


# ---------------------------------------------------------------- extraction


def _skip_reason(text: str, start: int, end: int, core: str, blocked: Sequence[tuple[int, int]]) -> str | None:
    if _overlaps(start, end, blocked):
        return "blocked"
    before, after = text[max(0, start - 40):start], text[end:end + 12]
    if start and re.match(rf"[{_LETTER}/]", text[start - 1]):
        return "glued-left"  # UBTVQH15, NQ/2025
    if start >= 2 and text[start - 1] in "-–" and re.match(rf"[{_LETTER}]", text[start - 2]):
        return "glued-left"  # Covid-19
    if re.match(rf"\s?[/-]\s?[{_LETTER}]", after) and not re.match(r"\s?/\s?(?:người|năm|tháng|km)", after):
        return "symbol"  # 1669/NQ-..., 59-KH/TU, 02 -BC/BCĐ
    if re.match(r"\s*-\s*[A-ZĐ]{2,}/", after):
        return "symbol"
    if re.match(rf"[{_LETTER}]", after) and not any(after.lower().startswith(g) for g in _GLUED):
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
    if _is_year(core) and not _UNIT_RE.match(text, end):
        return "year"
    if _MODEL_NAME.search(before) and re.match(r"\s*cấp\b", after, re.IGNORECASE):
        return "name"  # "chính quyền địa phương 2 cấp": the model's name, not a count
    if re.fullmatch(r"[0-9]+\.0", core) and not _UNIT_RE.match(text, end):
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


def extract_figures(text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[Figure]:
    """Every number in one paragraph that measures something, in reading order."""
    blocked = list(exclude)
    for rx in _BLOCK_RES:
        blocked.extend(m.span() for m in rx.finditer(text))
    for m in _PHONE_RE.finditer(text):
        if 9 <= len(re.sub(r"[^0-9]", "", m.group())) <= 12:
            blocked.append(m.span())
    sentences = sentence_spans(text)
    figures: list[Figure] = []
    consumed_to = -1
    id_end = -1  # end of the last number skipped as an identifier
    prev: tuple[Figure, int] | None = None  # last figure and where its unit ends
    for m in _TOKEN_RE.finditer(text):
        start, end, core = m.start(), m.end(), m.group()
        if start < consumed_to:
            continue
        reason = _skip_reason(text, start, end, core, blocked)
        if reason is None and id_end >= 0 and re.fullmatch(r"\s*(?:,|;|và|,\s*và)\s*", text[id_end:start]):
            reason = "identifier"  # "số 57, 59, 66 và 72"
        if reason:
            if reason in ("identifier", "symbol"):
                id_end = end
            continue
        raw_end = end
        money = MONEY_RE.match(text, start)
        unit: str | None
        if money and money.group(2) and re.search("triệu", money.group(), re.IGNORECASE):
            raw_end = money.end()
            value = parse_number(text[start:raw_end])
            unit, unit_end = "triệu đồng", raw_end
        else:
            unit, unit_end = _unit_at(text, end)
            count = unit is not None and unit.lower() not in _MEASURE_UNITS
            if "/" in core:
                value = plain_number(core.split("/")[0], count)
            else:
                value = plain_number(core, count)
        if value is None:
            continue
        consumed_to = raw_end
        s_lo, s_hi = next(((a, b) for a, b in sentences if a <= start < b), (0, len(text)))
        lo = s_lo
        if prev is not None and prev[1] > s_lo:
            lo = max(lo, prev[1])
        label = _label(text, lo, start, unit, unit_end, (s_lo, s_hi), prev if prev and prev[1] > s_lo else None)
        if not label and prev is not None and prev[1] > s_lo:
            label = prev[0].label
        if not label:
            label = _trim_lead(_previous_clause(text[s_lo:start]), 10)
        fig = Figure(
            value=value,
            raw=text[start:raw_end],
            unit=unit,
            label=label,
            sentence=text[s_lo:s_hi],
            start=start,
            end=raw_end,
        )
        figures.append(fig)
        prev = (fig, unit_end)
    return figures


def _label(
    text: str,
    lo: int,
    start: int,
    unit: str | None,
    unit_end: int,
    sentence: tuple[int, int],
    prev: tuple[Figure, int] | None,
) -> str:
    s_lo, s_hi = sentence
    clause, kind = _clause_before(text, lo, start)
    # "28 hồ sơ đạt 1.77%", "14 đồng chí hoàn thành xuất sắc = 70%": a share of the previous figure
    if prev is not None and unit == "%" and kind == "strong":
        between = text[prev[0].end:start]
        if not re.search(r"[,;:()]", between):
            rest = _STRONG.sub("", between).strip(" ,")
            if prev[0].unit and rest.lower().startswith(prev[0].unit.lower()):
                rest = rest[len(prev[0].unit):].strip()
            if not rest:
                return prev[0].label
            return f"{prev[0].unit} {rest}".strip() if prev[0].unit and prev[0].unit != "%" else rest
    head = _head_phrase(clause)
    if head:
        return _trim_lead(head, keep_start=True)
    after = _phrase_after(text, unit_end, s_hi, max_words=3 if unit == "%" else 2)
    if unit == "%":
        unit_phrase = after
    else:
        unit_phrase = " ".join(x for x in (unit, after) if x) if unit else after
    if kind == "strong" and _TIME_ONLY.match(fold(clause)):
        # "năm 2020 là 57,5 triệu đồng": the period; the measure is earlier or after
        measure = _measure_in(text[s_lo:start]) or unit_phrase
        return f"{measure} ({clause})" if measure else clause
    if kind == "strong" and re.search(rf"[{_LETTER}]", clause):
        return _trim_lead(clause)
    if clause and unit and unit != "%" and fold(unit) in fold(clause) and not kind:
        return _trim_lead(clause)  # "Hồ sơ giải quyết quá hạn 9 hồ sơ"
    if unit_phrase:
        return unit_phrase
    return _trim_lead(clause)


# ---------------------------------------------------------------- tables

_TITLE_UNIT = re.compile(
    r"(?<![A-Za-zÀ-ỹĐđ])s[ốố]\s+(?:lượng|liệu)\s+(?:(?:các|những)\s+)?([^,;:()]+)", re.IGNORECASE
)


def _title_unit(title: str) -> str | None:
    """The counted noun a table's title names: "SỐ LƯỢNG CÁC HỘI NGHỊ, ..." -> "hội nghị"."""
    m = _TITLE_UNIT.search(title)
    if not m:
        return None
    words = m.group(1).lower().split()
    for n in (3, 2, 1):
        cand = " ".join(words[:n])
        if cand in _UNITS and cand != "%":
            return cand
    return None


def table_figures(table: Table) -> list[Figure]:
    """One Figure per numeric body cell; sentence is the whole row as tab-separated text."""
    unit = _title_unit(table.title)
    out: list[Figure] = []
    for cell in table.cells:
        text = cell.text.strip()
        value = parse_number(text)
        if value is None or not re.fullmatch(rf"{_NUM}(?:\s*/\s*{_NUM})?\s*%?", text):
            continue
        label = table_label(table, cell)
        if cell.row_header and cell.row_header not in label:
            label = f"{label} ({cell.row_header})"
        out.append(
            Figure(
                value=value,
                raw=text,
                unit="%" if text.endswith("%") else unit,
                label=label,
                sentence=table.row_text(cell.row),
                start=-1,
                end=-1,
            )
        )
    return out

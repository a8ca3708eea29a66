"""What a number in prose measures: its label, read from the clause before it, the measure head
("tổng số", "tỷ lệ"), the linker ("là", "đạt", ":") or the words after its unit."""
from __future__ import annotations

import re

from ingest.figures.units import LETTER
from ingest.model import Figure
from ingest.text.normal import fold

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
    r"(?<![" + LETTER + r"])(" + "|".join(re.escape(h) for h in _HEADS) + r")(?![" + LETTER + r"])",
    re.IGNORECASE,
)
# Linkers between a measure and its number: strong ones mean "the left side is the measure".
_STRONG = re.compile(r"(?:\s*(?::|=|\blà\b|\bđạt\b|\bbằng\b|\bchiếm\b))+\s*$", re.IGNORECASE)
_WEAK = re.compile(
    r"(?:\s*\b(?:(?<!hiện )có|gồm|khoảng|hơn|gần|trên|dưới|được|với|tổng cộng|còn|lên|tới|xuống)\b)+\s*$",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^\s*(?:(?:và|với|trong đó|gồm|còn|các|những|của|là|có|\*|-|\+)\s+)+", re.IGNORECASE)


def _phrase_after(text: str, pos: int, limit: int, max_words: int = 2) -> str:
    """Up to max_words words after pos, stopping at punctuation, numbers or stop words."""
    out: list[str] = []
    for m in re.finditer(rf"\s*([{LETTER}/]+|[^\s{LETTER}])", text[pos:limit]):
        word = m.group(1)
        if len(out) >= max_words or not re.fullmatch(rf"[{LETTER}/]+", word):
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


def previous_clause(window: str) -> str:
    """The last clause of a window once linkers and trailing punctuation are gone."""
    window = _WEAK.sub("", _STRONG.sub("", window))
    window = re.sub(r"[\s,;:]+$", "", window)
    cut = max(window.rfind(c) for c in ",;:()[]\t\n=–")
    return window[cut + 1:].strip()


def trim_lead(phrase: str, max_words: int = 12, keep_start: bool = False) -> str:
    """The phrase without leading linkers and bullets, cut to `max_words` words (its last, or its first)."""
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


def find_label(
    text: str,
    lo: int,
    start: int,
    unit: str | None,
    unit_end: int,
    sentence: tuple[int, int],
    prev: tuple[Figure, int] | None,
) -> str:
    """What the number at `start` measures: from the clause before it, the previous figure or
    the words after its unit."""
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
        return trim_lead(head, keep_start=True)
    after = _phrase_after(text, unit_end, s_hi, max_words=3 if unit == "%" else 2)
    if unit == "%":
        unit_phrase = after
    else:
        unit_phrase = " ".join(x for x in (unit, after) if x) if unit else after
    if kind == "strong" and _TIME_ONLY.match(fold(clause)):
        # "năm 2020 là 57,5 triệu đồng": the period; the measure is earlier or after
        measure = _measure_in(text[s_lo:start]) or unit_phrase
        return f"{measure} ({clause})" if measure else clause
    if kind == "strong" and re.search(rf"[{LETTER}]", clause):
        return trim_lead(clause)
    if clause and unit and unit != "%" and fold(unit) in fold(clause) and not kind:
        return trim_lead(clause)  # "Hồ sơ giải quyết quá hạn 9 hồ sơ"
    if unit_phrase:
        return unit_phrase
    return trim_lead(clause)

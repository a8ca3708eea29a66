"""Every mention of a numbered document in one paragraph, in reading order: its kind, number(s)
and symbol(s), then the date, issuer and subject written after them."""
from __future__ import annotations

import logging
import re
import unicodedata

from ingest.citations.governing import read_governing, share_issuer_forward
from ingest.citations.grammar import (
    DATE_BODY,
    KIND_BY_LOWER,
    MENTION_RE,
    parse_date,
    sentence_end,
    sentence_start,
)
from ingest.citations.keys import canonical_key
from ingest.citations.organs import ORG_HEAD, issued_by_commune, issuer_end
from ingest.model import Citation
from ingest.text.communes import UNITS
from ingest.text.normal import nfc, squash
from ingest.text.vocabulary import ABBREVIATIONS

log = logging.getLogger(__name__)

# A bare number followed by one of these counts things, it does not name a document.
_COUNT_NOUNS = {
    "người", "lượt", "đồng", "đ/c", "hồ", "cuộc", "lần", "trường", "đơn", "hộ", "thôn", "cán",
    "đảng", "chi", "tỷ", "triệu", "nghìn", "ngàn", "km", "ha", "cái", "buổi", "phiên", "điều",
    "khoản", "trang", "%",
}

_S = r"\s{0,3}"  # spaces a hard wrap leaves inside a symbol ("02/KH- UBND")
_PART = r"[A-ZĐ][A-Za-zĐđ0-9]*(?!\w)"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_SYMBOL_RE = re.compile(rf"\d{{1,5}}(?:{_S}[-/]{_S}(?:{_YEAR}|{_PART}))+")
_NUMBER_RE = re.compile(r"\d{1,5}(?![\w])(?![.,/\-]\d)(?!\s{0,3}[-/]\s{0,3}\d)")
_LIST_SEP_RE = re.compile(r"\s*,\s*(?:và\s+)?|\s+và\s+")
_DATE_RE = re.compile(rf"\s*[,.;]?\s*(?i:ban hành\s+)?(?i:ngày)\s*(?i:ngày\s*)?(?P<date>{DATE_BODY})")
_ISSUER_INTRO_RE = re.compile(r"\s*,?\s*(?i:của|do)\s+")
_SUBJECT_INTRO_RE = re.compile(r"\s*[,.;]?\s*(?P<q>[“\"(])?(?i:về\s+việc|v/v|về)(?!\w)\s*:?\s*")
_VERB_INTRO_RE = re.compile(
    r"\s*(?:,\s*(?=(?i:ban hành)))?(?=(?i:ban hành|quy định|hướng dẫn|chỉ đạo|kiện toàn|thành lập|"
    r"sửa đổi|phê duyệt|công bố|công khai|thuyết minh|báo cáo|xây dựng|phân công|chỉ định|"
    r"triển khai|tổ chức|thực hiện|tổng kết|sơ kết|đề nghị|điều chỉnh|bổ sung|công nhận)(?!\w))"
)
_COMMA_STOP_RE = re.compile(
    r",\s*(?i:do|nhằm|để|góp phần|đồng thời|qua đó|từ đó|theo đó|tuy nhiên|trong đó|nhưng|song|với)(?!\w)"
)
_AUDIENCE_RE = re.compile(r"\s+(?i:cho)\s+\d")  # "... về chuyển đổi số cho 1.094 đảng viên": a figure, not the subject
_PREAMBLE_RE = re.compile(
    r"^[\s\-+*•–]*(?i:thực hiện|căn cứ|theo|triển khai|thi hành|trên cơ sở|quán triệt|tiếp tục|để|nhằm|xét)(?!\w)"
)
_PREAMBLE_CUT_RE = re.compile(rf",\s*(?:{ORG_HEAD}|{'|'.join(u.capitalize() for u in UNITS)})(?!\w)")
# what follows ", <organ>" after a "Thực hiện ..." preamble: the report's own main clause
_MAIN_CLAUSE_RE = re.compile(r"(?<!\w)(?i:báo cáo|như sau|xây dựng|ban hành|triển khai|tổ chức|đã|tiến hành)(?!\w)")
_SPACES_RE = re.compile(r"\s*")
_JOIN_RE = re.compile(r"\s+(?:và|hoặc)\s+")
_ABBREVIATION_DOT_RE = re.compile(r"(?<!\w)(?:TP|Tp|TX|tp)$")  # "TP. Hải Phòng" does not end a sentence
_OPEN_QUOTES = {"“": "”", "«": "»", "‘": "’", '"': '"'}


def extract_citations(text: str, commune: str | None = None) -> list[Citation]:
    """Every mention of a numbered document in one paragraph, in reading order."""
    norm, to_orig = _nfc_with_offsets(text)
    heads = _find_heads(norm)
    starts = {h["start"] for h in heads}
    previous: dict | None = None
    for h in heads:
        _read_tail(norm, h, starts)
        read_governing(norm, h, previous)
        previous = h
    share_issuer_forward(norm, heads)
    citations: list[Citation] = []
    for h in heads:
        citations.extend(_build(text, to_orig, h, commune))
    return citations


def _nfc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFC text plus, for each of its positions (and the end), the position in `text`."""
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    log.debug("paragraph is not NFC; matching on its NFC form")
    pieces: list[str] = []
    mapping: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        cluster = nfc(text[i:j])
        pieces.append(cluster)
        mapping.extend([i] * len(cluster))
        i = j
    mapping.append(len(text))
    return "".join(pieces), mapping


def _find_heads(s: str) -> list[dict]:
    heads = []
    for m in MENTION_RE.finditer(s):
        kind = KIND_BY_LOWER[m.group("full").lower()] if m.group("full") else ABBREVIATIONS[m.group("abbr")]
        items = _read_items(s, m.end(), has_so="số" in m.group("so").lower())
        if not items:
            continue
        heads.append({"start": m.start(), "kind": kind, "items": items, "core_end": items[-1][3]})
    return heads


def _read_items(s: str, pos: int, has_so: bool) -> list[tuple[str, str | None, int, int]]:
    """(number, symbol, start, end) for the number or list of numbers at `pos`."""
    items: list[tuple[str, str | None, int, int]] = []
    while True:
        item = _read_item(s, pos, allow_bare=has_so and all(sym is None for _, sym, _, _ in items))
        if item is None:
            break
        items.append(item)
        if item[1] is not None and not _is_full_symbol(item[1]) and len(items) > 1:
            break
        sep = _LIST_SEP_RE.match(s, item[3])
        if not sep:
            break
        pos = sep.end()
    if not items:
        return []
    if not has_so and not _is_full_symbol(items[0][1]):
        return []
    tail_symbol = items[-1][1]
    if tail_symbol and len(items) > 1 and _is_full_symbol(tail_symbol):
        tail = re.sub(r"^\d+", "", tail_symbol)
        items = [(n, sym if sym else n + tail, a, b) for n, sym, a, b in items]
    return items


def _read_item(s: str, pos: int, allow_bare: bool):
    m = _SYMBOL_RE.match(s, pos)
    if m:
        symbol = re.sub(r"\s+", "", m.group())
        number = re.match(r"\d+", symbol).group()
        return number, symbol, m.start(), m.end()
    if not allow_bare:
        return None
    m = _NUMBER_RE.match(s, pos)
    if not m:
        return None
    after = s[m.end():m.end() + 20].split()
    if after and after[0].lower().rstrip(",.;:") in _COUNT_NOUNS or s[m.end():m.end() + 1] == "%":
        return None
    return m.group(), None, m.start(), m.end()


def _is_full_symbol(symbol: str | None) -> bool:
    return bool(symbol) and re.search(r"[A-Za-zĐđ]", symbol) is not None


def _read_tail(s: str, h: dict, starts: set[int]) -> None:
    """Date, issuer and subject written after the number(s)."""
    pos = h["core_end"]
    limit = min((st for st in starts if st > h["start"]), default=len(s))
    h.update(date_text=None, date=None, issuer=None, issuer_from_clause=False, subject=None,
             end=pos)
    for _ in range(3):
        m = _DATE_RE.match(s, pos)
        if m and h["date_text"] is None and m.end() <= limit:
            h["date_text"], h["date"] = parse_date(m)
            pos = m.end()
            continue
        m = _ISSUER_INTRO_RE.match(s, pos)
        if m and h["issuer"] is None:
            end = issuer_end(s, m.end(), limit)
            if end > m.end():
                h["issuer"] = squash(s[m.end():end])
                pos = end
                continue
        break
    h["end"] = pos
    subject = _read_subject(s, pos, h, starts)
    if subject:
        h["subject"], h["end"] = subject


def _read_subject(s: str, pos: int, h: dict, starts: set[int]) -> tuple[str, int] | None:
    m = _SUBJECT_INTRO_RE.match(s, pos)
    if m and m.group("q"):  # “V/v ...” or (V/v ...): the subject is what the brackets hold
        close = s.find({"“": "”", '"': '"', "(": ")"}[m.group("q")], m.end())
        if close != -1 and s[m.end():close].strip():
            return squash(s[m.end():close].rstrip(" ,;.:")), close + 1
    if m:
        start = m.end()
    else:
        m = _VERB_INTRO_RE.match(s, pos)
        if not m:
            return None
        start = m.end()
    preamble = bool(_PREAMBLE_RE.match(s[sentence_start(s, h["start"]):h["start"]] + " "))
    end = _subject_end(s, start, starts, preamble)
    raw = s[start:end]
    trimmed = raw.rstrip(" \t\u00a0,;.:-–")
    if not trimmed.strip():
        return None
    return squash(trimmed), start + len(trimmed)


def _subject_end(s: str, start: int, starts: set[int], preamble: bool) -> int:
    i = start
    n = len(s)
    depth = 0  # brackets opened inside the subject
    while i < n:
        c = s[i]
        if c == "(" and not (i > start and s[i - 1].isspace()):
            depth += 1
        elif c == ")":
            if depth == 0:  # the mention itself stood in brackets
                return i
            depth -= 1
        if c in _OPEN_QUOTES:
            close = s.find(_OPEN_QUOTES[c], i + 1)
            if close != -1:
                i = close + 1
                if s[i:i + 1] == "," or s[i:i + 2] == " (":  # a quoted title ends the subject
                    return i
                continue
        if c == ";":
            return i
        if c in ".:" and (i + 1 == n or s[i + 1].isspace()) and not _ABBREVIATION_DOT_RE.search(s[max(0, i - 4):i]):
            return i
        if c == "(" and i > start and s[i - 1].isspace():
            return i
        if c == ",":
            nxt = _SPACES_RE.match(s, i + 1).end()
            if nxt in starts or _COMMA_STOP_RE.match(s, i):
                return i
            if preamble and _PREAMBLE_CUT_RE.match(s, i) and _MAIN_CLAUSE_RE.search(s, i, sentence_end(s, i)):
                return i
        if c.isspace():
            if _AUDIENCE_RE.match(s, i):
                return i
            m = _JOIN_RE.match(s, i)
            if m and m.end() in starts:
                return i
        i += 1
    return n


def _build(text: str, to_orig: list[int], h: dict, commune: str | None) -> list[Citation]:
    out = []
    items = h["items"]
    for k, (number, symbol, a, b) in enumerate(items):
        start = h["start"] if k == 0 else a
        end = h["end"] if k == len(items) - 1 else b
        o_start, o_end = to_orig[start], to_orig[end]
        out.append(Citation(
            kind=h["kind"], number=number, symbol=symbol, date=h["date"], date_text=h["date_text"],
            issuer=h["issuer"], subject=h["subject"],
            issued_by_commune=issued_by_commune(h["issuer"], symbol, commune),
            text=text[o_start:o_end], start=o_start, end=o_end,
            key=canonical_key(h["kind"], number, symbol),
        ))
    return out

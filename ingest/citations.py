"""Mentions of numbered documents (directives) in one paragraph, and their keys.

Owns: finding "<Kind> số <symbol>, ngày <date> của <issuer> về <subject>" mentions
(state form 1669/NQ-UBTVQH15, party form 59-KH/TU, bare numbers, lists, abbreviated
kinds "QĐ số: 05/QĐ-UBND"), reading the issuer from the governing clause when the
mention has none ("Đảng ủy ra Quyết định số ..."), the canonical directive key and
symbol parsing for the directive registry.

Source errors are kept as written: a decree cited with a decision's symbol keeps
both, an impossible date ("26/6/223") keeps its text and gets no ISO date.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from itertools import islice

from ingest.model import Citation
from ingest.text.communes import UNITS
from ingest.text.dates import iso_date
from ingest.text.normal import fold, nfc, squash
from ingest.text.vocabulary import ABBREVIATIONS, KINDS, SYMBOL_TYPES

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- vocabulary

_KIND_BY_LOWER = {k.lower(): k for k in KINDS}

# Words that may stand between the kind and "số" without changing the kind.
_QUALIFIERS = ("hành động", "làm việc", "công tác", "liên tịch", "kết luận", "phối hợp",
               "chuyên đề", "toàn khóa", "toàn khoá")

# A bare number followed by one of these counts things, it does not name a document.
_COUNT_NOUNS = {
    "người", "lượt", "đồng", "đ/c", "hồ", "cuộc", "lần", "trường", "đơn", "hộ", "thôn", "cán",
    "đảng", "chi", "tỷ", "triệu", "nghìn", "ngàn", "km", "ha", "cái", "buổi", "phiên", "điều",
    "khoản", "trang", "%",
}

_ORG_HEAD = (
    r"Ban|BCĐ|BTV|BCH|Đảng ủy|Đảng uỷ|Đảng bộ|UBND|Ủy ban|Uỷ ban|HĐND|Hội đồng|Thường trực|"
    r"Chi bộ|Chi ủy|Chi uỷ|MTTQ|Mặt trận|Chủ tịch|Bộ Chính trị|Chính phủ|Thủ tướng|Quốc hội|"
    r"Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Công an|Văn phòng|Trung tâm|Sở|"
    r"Phòng|Cấp ủy|Cấp uỷ"
)
_HEAD_RE = re.compile(rf"(?<!\w)(?:{_ORG_HEAD})(?!\w)")

# Lower-case words allowed inside an issuer name; everything else ends it.
_ORG_SINGLE = {"xã", "phường", "tỉnh", "huyện", "quận", "ủy", "uỷ", "ban"}
_ORG_BIGRAMS = {
    ("thành", "phố"), ("thị", "xã"), ("thị", "trấn"), ("chấp", "hành"), ("thường", "vụ"),
    ("thường", "trực"), ("đề", "án"), ("chính", "phủ"), ("chính", "trị"), ("bí", "thư"),
    ("quốc", "hội"), ("chủ", "tịch"), ("văn", "phòng"), ("trung", "ương"), ("mặt", "trận"),
    ("tổ", "quốc"), ("cấp", "ủy"), ("cấp", "uỷ"), ("công", "an"), ("quân", "sự"),
    ("nhân", "dân"), ("hội", "đồng"), ("đảng", "ủy"), ("đảng", "uỷ"), ("đảng", "bộ"),
    ("chi", "bộ"), ("thủ", "tướng"), ("tuyên", "giáo"), ("dân", "vận"), ("liên", "ngành"),
}
# Bigrams that are an organ only right after "Ban" ("Ban chỉ đạo", "Ban tổ chức").
_AFTER_BAN = {("chỉ", "đạo"), ("tổ", "chức"), ("kiểm", "tra")}
_STOP_WORDS = {"về", "v/v", "ngày", "trên", "theo", "tại", "để", "nhằm", "đã", "được", "với",
               "cho", "trong", "kèm", "số", "là", "có", "từ", "đến", "sau", "khi", "nay", "năm",
               "tháng", "nhiệm", "lần", "gồm", "của"}
# First syllables of verbs and function words: never the second syllable of a capitalised word.
_NOT_SECOND = {"giao", "gửi", "yêu", "đề", "quy", "thực", "triển", "kiện", "phê", "sửa", "bổ", "xây",
               "báo", "thuyết", "phân", "đánh", "quyết", "tăng", "đẩy", "tiếp", "nâng", "phát", "bảo",
               "đảm", "tạo", "hỗ", "chỉ", "hướng", "tổ", "công", "ký", "ra", "và", "hoặc", "các",
               "những", "một", "này", "đó", "cùng", "như", "thì", "mà", "nên", "vì", "nhưng", "cũng",
               "sẽ", "vừa", "đang", "không", "chưa", "lãnh", "thông", "đối", "hết", "còn"}
_ROMAN = re.compile(r"^(?:[IVXLC]+|\d+)$")
_STOP_BIGRAMS = {("ban", "hành"), ("quy", "định"), ("hướng", "dẫn"), ("kiện", "toàn"),
                 ("thành", "lập"), ("sửa", "đổi"), ("phê", "duyệt"), ("công", "bố"),
                 ("công", "khai"), ("báo", "cáo"), ("xây", "dựng"), ("triển", "khai"),
                 ("thực", "hiện"), ("chỉ", "đạo"), ("tổ", "chức")}
_KIND_BIGRAMS = {tuple(k.lower().split()) for k in KINDS if " " in k}

_LOCAL_BODIES = ("dang uy", "ban chi dao", "bcd", "ban chap hanh dang bo", "ban chap hanh",
                 "ubnd", "uy ban nhan dan", "hdnd", "hoi dong nhan dan", "thuong truc",
                 "chi bo", "ban thuong vu", "btv")
_HIGHER_LEVEL = re.compile(
    r"\b(?:tinh|huyen|thanh pho|quan|thi xa|trung uong|tw|chinh phu|quoc hoi|thanh uy|"
    r"tinh uy|huyen uy|so|thu tuong|ban bi thu|cap tren|tp)\b|(?<!dang )(?<!chi )\bbo\b"
)

# ---------------------------------------------------------------- patterns

_S = r"\s{0,3}"  # spaces a hard wrap leaves inside a symbol ("02/KH- UBND")
_PART = r"[A-ZĐ][A-Za-zĐđ0-9]*(?!\w)"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_SYMBOL_RE = re.compile(rf"\d{{1,5}}(?:{_S}[-/]{_S}(?:{_YEAR}|{_PART}))+")
_NUMBER_RE = re.compile(r"\d{1,5}(?![\w])(?![.,/\-]\d)(?!\s{0,3}[-/]\s{0,3}\d)")
_LIST_SEP_RE = re.compile(r"\s*,\s*(?:và\s+)?|\s+và\s+")

_KIND_ALT = "|".join(sorted((re.escape(k) for k in _KIND_BY_LOWER), key=len, reverse=True))
_ABBR_ALT = "|".join(sorted(ABBREVIATIONS, key=len, reverse=True))
_QUAL_ALT = "|".join(_QUALIFIERS)
_MENTION_RE = re.compile(
    rf"(?<![\w/\-])(?:(?i:(?P<full>{_KIND_ALT}))(?i:\s+(?:{_QUAL_ALT}))?|(?P<abbr>{_ABBR_ALT}))"
    rf"(?P<so>\s*(?i:số)\s*:?\s*|\s+)(?=\d)"
)

_DATE_BODY = (
    r"(?P<d1>\d{1,2})\s*[/.\-]\s*(?P<m1>\d{1,2})\s*[/.\-]\s*(?P<y1>\d{2,4})(?!\d)"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*,?\s+năm\s+(?P<y2>\d{2,4})(?!\d)"
)
_DATE_RE = re.compile(rf"\s*[,.;]?\s*(?i:ban hành\s+)?(?i:ngày)\s*(?i:ngày\s*)?(?P<date>{_DATE_BODY})")
_ISSUER_INTRO_RE = re.compile(r"\s*,?\s*(?i:của|do)\s+")
_SUBJECT_INTRO_RE = re.compile(r"\s*[,.;]?\s*(?P<q>[“\"(])?(?i:về\s+việc|v/v|về)(?!\w)\s*:?\s*")
_VERB_INTRO_RE = re.compile(
    r"\s*(?:,\s*(?=(?i:ban hành)))?(?=(?i:ban hành|quy định|hướng dẫn|chỉ đạo|kiện toàn|thành lập|"
    r"sửa đổi|phê duyệt|công bố|công khai|thuyết minh|báo cáo|xây dựng|phân công|chỉ định|"
    r"triển khai|tổ chức|thực hiện|tổng kết|sơ kết|đề nghị|điều chỉnh|bổ sung|công nhận)(?!\w))"
)
_GOV_VERB_END_RE = re.compile(
    r"(?:,\s*)?(?:(?<!\w)(?i:đã|sẽ|vừa|tiếp tục|đồng thời)\s+)*"
    r"(?:(?<!\w)(?i:(?P<verb>ký ban hành|ban hành|đề ra|ra|xây dựng|ký|thông qua|phê duyệt)))?\s*$"
)
_GOV_VERB_KIND_RE = re.compile(
    rf"(?<!\w)(?i:(?:đã\s+)?(?:ký ban hành|ban hành|ra|xây dựng|ký)\s+(?:các\s+)?)(?=(?i:{_KIND_ALT})(?!\w))"
)
_GOV_DATE_RE = re.compile(rf"(?i:ngày)\s*(?i:ngày\s*)?(?P<date>{_DATE_BODY})\s*[,;]?\s*(?P<rest>[^.;:\d]*)$")
_DATE_ONLY_CLAUSE_RE = re.compile(
    rf"^[\s\-+*•–]*(?i:ngày)\s*(?i:ngày\s*)?(?P<date>{_DATE_BODY})\s*[,;]?\s*$")
_COMMA_STOP_RE = re.compile(
    r",\s*(?i:do|nhằm|để|góp phần|đồng thời|qua đó|từ đó|theo đó|tuy nhiên|trong đó|nhưng|song|với)(?!\w)"
)
_PREAMBLE_RE = re.compile(
    r"^[\s\-+*•–]*(?i:thực hiện|căn cứ|theo|triển khai|thi hành|trên cơ sở|quán triệt|tiếp tục|để|nhằm|xét)(?!\w)"
)
_PREAMBLE_CUT_RE = re.compile(rf",\s*(?:{_ORG_HEAD}|{'|'.join(u.capitalize() for u in UNITS)})(?!\w)")
# what follows ", <organ>" after a "Thực hiện ..." preamble: the report's own main clause
_MAIN_CLAUSE_RE = re.compile(r"(?<!\w)(?i:báo cáo|như sau|xây dựng|ban hành|triển khai|tổ chức|đã|tiến hành)(?!\w)")
_CLAUSE_BOUNDARY_RE = re.compile(r"[;]|(?<![sS]ố)[:]\s|\.\s|\.$")
_SENTENCE_BOUNDARY_RE = re.compile(r"(?<![sS]ố)[:]\s|\.\s")
_SPACES_RE = re.compile(r"\s*")
_JOIN_RE = re.compile(r"\s+(?:và|hoặc)\s+")
_ABBREVIATION_DOT_RE = re.compile(r"(?<!\w)(?:TP|Tp|TX|tp)$")  # "TP. Hải Phòng" does not end a sentence
_OPEN_QUOTES = {"“": "”", "«": "»", "‘": "’", '"': '"'}


# ---------------------------------------------------------------- public API

def extract_citations(text: str, commune: str | None = None) -> list[Citation]:
    """Every mention of a numbered document in one paragraph, in reading order."""
    norm, to_orig = _nfc_with_offsets(text)
    heads = _find_heads(norm)
    starts = {h["start"] for h in heads}
    previous: dict | None = None
    for h in heads:
        _read_tail(norm, h, starts)
        _read_governing(norm, h, previous)
        previous = h
    _share_issuer_forward(norm, heads)
    citations: list[Citation] = []
    for h in heads:
        citations.extend(_build(text, to_orig, h, commune))
    return citations


def canonical_key(kind: str, number: str | None, symbol: str | None) -> str:
    """One key per directive: folded symbol without spaces, party year and leading zeros dropped.

    With no usable symbol the key is the folded kind plus the number (a weak key).
    """
    parsed = parse_symbol(symbol) if symbol else None
    if parsed:
        num = parsed["number"].lstrip("0") or "0"
        if parsed["form"] == "party":
            body = f"{num}-{parsed['type']}/{parsed['issuer']}"
        else:
            tail = "-".join(p for p in (parsed["type"], parsed["issuer"]) if p)
            body = "/".join(p for p in (num, parsed["year"], tail) if p)
        return re.sub(r"\s+", "", fold(body))
    number = number or (re.match(r"\d+", symbol).group() if symbol and re.match(r"\d+", symbol) else None)
    key = fold(kind).strip()
    if number:
        key += " " + (number.lstrip("0") or "0")
        year = re.fullmatch(r"\d+/((?:19|20)\d{2})", re.sub(r"\s+", "", symbol or ""))
        if year:
            key += "/" + year.group(1)
    return key


def parse_symbol(symbol: str) -> dict | None:
    """Split a symbol into number, type, year, issuer and form ("state", "party", "letter").

    "57-NQ/2025/TW" -> party, type NQ, year 2025, issuer TW; "61/2018/NĐ-CP" -> state;
    "183/UBND-NV" -> letter (no type). None when there is no letter part ("61/2018").
    """
    s = re.sub(r"\s+", "", nfc(symbol or ""))
    m = re.fullmatch(r"(\d+)([-/])(.+)", s)
    if not m or not re.search(r"[A-Za-zĐđ]", m.group(3)):
        return None
    number, sep, rest = m.groups()
    parts = [p for p in re.split(r"[-/]", rest) if p]
    if not parts:
        return None
    if sep == "-":  # party form: number-TYPE[/year]/ISSUER
        kind = parts[0]
        others = parts[1:]
        year = others[0] if others and re.fullmatch(r"(?:19|20)\d{2}", others[0]) else None
        if year:
            others = others[1:]
        return {"number": number, "type": kind, "year": year,
                "issuer": "-".join(others) or None, "form": "party"}
    year = parts[0] if re.fullmatch(r"(?:19|20)\d{2}", parts[0]) else None
    others = parts[1:] if year else parts
    if not others:
        return None
    if others[0] in SYMBOL_TYPES:
        return {"number": number, "type": others[0], "year": year,
                "issuer": "-".join(others[1:]) or None, "form": "state"}
    return {"number": number, "type": None, "year": year, "issuer": "-".join(others),
            "form": "state" if year else "letter"}


# ---------------------------------------------------------------- offsets

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


# ---------------------------------------------------------------- heads and numbers

def _find_heads(s: str) -> list[dict]:
    heads = []
    for m in _MENTION_RE.finditer(s):
        kind = _KIND_BY_LOWER[m.group("full").lower()] if m.group("full") else ABBREVIATIONS[m.group("abbr")]
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


# ---------------------------------------------------------------- date, issuer, subject

def _read_tail(s: str, h: dict, starts: set[int]) -> None:
    """Date, issuer and subject written after the number(s)."""
    pos = h["core_end"]
    limit = min((st for st in starts if st > h["start"]), default=len(s))
    h.update(date_text=None, date=None, issuer=None, issuer_from_clause=False, subject=None,
             end=pos)
    for _ in range(3):
        m = _DATE_RE.match(s, pos)
        if m and h["date_text"] is None and m.end() <= limit:
            h["date_text"], h["date"] = _parse_date(m)
            pos = m.end()
            continue
        m = _ISSUER_INTRO_RE.match(s, pos)
        if m and h["issuer"] is None:
            end = _issuer_end(s, m.end(), limit)
            if end > m.end():
                h["issuer"] = squash(s[m.end():end])
                pos = end
                continue
        break
    h["end"] = pos
    subject = _read_subject(s, pos, h, starts)
    if subject:
        h["subject"], h["end"] = subject


def _parse_date(m: re.Match) -> tuple[str, str | None]:
    text = squash(m.group("date"))
    d, mo, y = (m.group("d1"), m.group("m1"), m.group("y1")) if m.group("d1") else (
        m.group("d2"), m.group("m2"), m.group("y2"))
    return text, iso_date(d, mo, y)


_TOKEN_RE = re.compile(r"\S+")


def _tokens(s: str, pos: int, limit: int, count: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in islice(_TOKEN_RE.finditer(s, pos, limit), count)]


def _core(tok: str) -> tuple[str, str]:
    core = tok.rstrip(",.;:-–)")
    return core, tok[len(core):]


def _issuer_end(s: str, pos: int, limit: int, max_tokens: int = 16) -> int:
    """End of the organisation name starting at `pos` (== pos when there is none)."""
    toks = _tokens(s, pos, limit, max_tokens + 1)
    words = [_core(t)[0].lower() for _, _, t in toks]
    end = pos
    second_half = False
    i = 0
    while i < min(len(toks), max_tokens):
        a, b, tok = toks[i]
        core, tail = _core(tok)
        if not core:
            if tok in ("-", "–") and i + 1 < len(toks) and _org_token(toks, words, i + 1):
                i += 1
                continue
            break
        if not (second_half or _org_token(toks, words, i)):
            break
        second_half = _pair_ok(words, i)
        end = a + len(core)
        if tail.startswith(".") and core in ("TP", "Tp", "TX"):  # "UBND TP. Hải Phòng"
            end = a + len(core) + 1
            i += 1
            continue
        if any(c in tail for c in ".;:)"):
            break
        if "," in tail and not (i + 1 < len(toks) and toks[i + 1][2][:1].isupper()
                                and _org_token(toks, words, i + 1)):
            break
        i += 1
    while True:  # a name never ends on a conjunction, a dash or "thực hiện" ("Ban chỉ đạo thực hiện <Đề án>")
        trimmed = re.sub(r"[\s,\-–]*(?:\bvà|(?<!\w)thực hiện)?[\s,\-–]*$", "", s[pos:end])
        if len(trimmed) == end - pos:
            break
        end = pos + len(trimmed)
    return end


def _pair_ok(words: list[str], i: int) -> bool:
    """Whether token i opens a two-word unit of an organisation name ("chấp hành", "chỉ đạo")."""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    prv = words[i - 1] if i > 0 else ""
    pair = (words[i], nxt)
    if pair in _ORG_BIGRAMS:
        return True
    if pair in _AFTER_BAN:
        return prv == "ban"
    if pair == ("thực", "hiện"):  # "Ban chỉ đạo thực hiện Đề án"
        return prv in ("đạo", "bcđ")
    if pair in _KIND_BIGRAMS:  # "BCĐ đề án", "Ban chỉ đạo thực hiện Đề án"
        return prv in ("đạo", "bcđ", "hiện")
    return False


def _org_token(toks, words: list[str], i: int) -> bool:
    """Whether token i can be part of an organisation name."""
    tok = toks[i][2]
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if not w or not w[0].isalpha() or tok[:1] in "(“\"'‘«":
        return False
    if w in _STOP_WORDS:
        return False
    if _pair_ok(words, i):
        return True
    if (w, nxt) in _STOP_BIGRAMS or (w, nxt) in _KIND_BIGRAMS or w == "luật":
        return False
    if tok[0].isupper():
        return True
    if w == "và":
        return i + 1 < len(toks) and toks[i + 1][2][:1].isupper()
    if w in _ORG_SINGLE:
        return True
    if w in ("khóa", "khoá"):  # "Ban Chấp hành Trung ương Đảng khóa XIII"
        return i + 1 < len(toks) and bool(_ROMAN.match(_core(toks[i + 1][2])[0]))
    prev_tok = toks[i - 1][2] if i > 0 else ""
    # the lower-case syllables of a capitalised word: "Sở Nội vụ", "Bộ Tài nguyên và Môi trường"
    return bool(prev_tok) and prev_tok[0].isupper() and _core(prev_tok)[1] == "" and w not in _NOT_SECOND


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
    preamble = bool(_PREAMBLE_RE.match(s[_sentence_start(s, h["start"]):h["start"]] + " "))
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
            if preamble and _PREAMBLE_CUT_RE.match(s, i) and _MAIN_CLAUSE_RE.search(s, i, _sentence_end(s, i)):
                return i
        if c.isspace():
            m = _JOIN_RE.match(s, i)
            if m and m.end() in starts:
                return i
        i += 1
    return n


def _sentence_start(s: str, pos: int) -> int:
    last = 0
    for m in _SENTENCE_BOUNDARY_RE.finditer(s, 0, pos):
        last = m.end()
    return last


def _sentence_end(s: str, pos: int) -> int:
    m = _SENTENCE_BOUNDARY_RE.search(s, pos)
    return m.end() if m else len(s)


def _clause_start(s: str, pos: int) -> int:
    last = 0
    for m in _CLAUSE_BOUNDARY_RE.finditer(s, 0, pos):
        last = m.end()
    return last


# ---------------------------------------------------------------- governing clause

def _read_governing(s: str, h: dict, previous: dict | None) -> None:
    """Issuer (and date) from the clause that governs a mention without its own issuer.

    "Đảng ủy ra Quyết định số ...", "Ngày 14/8/2023 UBND xã ban hành Kế hoạch số ...",
    and list continuations "X ban hành Quyết định số A ...; Quyết định số B ...".
    """
    if h["issuer"] is not None:
        return
    start = _clause_start(s, h["start"])
    if previous and start <= previous["end"] <= h["start"]:
        start = previous["end"]
    clause = s[start:h["start"]]
    if h["date_text"] is None:
        _read_governing_date(s, start, clause, h)
    issuer = _issuer_before(clause)
    if issuer:
        h["issuer"], h["issuer_from_clause"] = issuer, True
        return
    if not clause.strip(" \t\u00a0;,") or clause.strip() in ("và", "; và"):
        if previous and previous["end"] <= h["start"] and not s[previous["end"]:h["start"]].strip(
                " \t\u00a0;,và") and previous.get("issuer_from_clause"):
            h["issuer"], h["issuer_from_clause"] = previous["issuer"], True
            return
        h["issuer"] = _issuer_from_earlier_segments(s, h["start"])
        h["issuer_from_clause"] = h["issuer"] is not None


def _read_governing_date(s: str, start: int, clause: str, h: dict) -> None:
    """"Ngày 14/8/2023[;] UBND xã ban hành Kế hoạch số ...": the date the clause gives."""
    verb = _GOV_VERB_END_RE.search(clause)
    if not (verb and verb.group("verb")) or verb.group("verb").lower() not in ("ban hành", "ký ban hành", "ký", "ra", "đề ra"):
        return
    m = _GOV_DATE_RE.search(clause)
    if not m:  # "Ngày 30 tháng 12 năm 2022; UBND xã ban hành ...": the date stands alone before ";"
        before = s[_clause_start(s, max(start - 1, 0)):start]
        m = _DATE_ONLY_CLAUSE_RE.match(before)
    if m:
        h["date_text"], h["date"] = _parse_date(m)


def _share_issuer_forward(s: str, heads: list[dict]) -> None:
    """"Kế hoạch số A ngày ... và Kế hoạch số B ngày ... của UBND xã": A shares B's issuer."""
    for h, nxt in reversed(list(zip(heads, heads[1:]))):
        if h["issuer"] is None and h["subject"] is None and nxt["issuer"] is not None \
                and s[h["end"]:nxt["start"]].strip() == "và":
            h["issuer"], h["issuer_from_clause"] = nxt["issuer"], nxt["issuer_from_clause"]


def _issuer_before(clause: str) -> str | None:
    """The organisation right before an issuing verb (or right before the mention)."""
    verb = _GOV_VERB_END_RE.search(clause)
    pre = clause[:verb.start()] if verb else clause
    has_verb = bool(verb and verb.group("verb"))
    if not has_verb and pre.rstrip() != pre.rstrip(" ,"):  # "X, Kế hoạch số ..." is a list, not X's
        return None
    body = pre.rstrip(" \t\u00a0,")
    for m in _HEAD_RE.finditer(body):
        span = body[m.start():]
        words = span.split()
        if len(words) > 10 or re.search(r"[\d;:.()“”\"]", span) or "," in span:
            continue
        if _issuer_end(span, 0, len(span)) != len(span):
            continue
        return squash(span)
    return None


def _issuer_from_earlier_segments(s: str, pos: int) -> str | None:
    """Walk back over "; "-separated document items to a governing "X ra/ban hành <Kind>"."""
    sentence = _sentence_start(s, pos)
    end = s.rfind(";", sentence, pos)
    for _ in range(5):
        if end < sentence or end == -1:
            return None
        begin = max(s.rfind(";", sentence, end) + 1, sentence)
        segment = s[begin:end]
        m = _GOV_VERB_KIND_RE.search(segment)
        if m:
            return _issuer_before(segment[:m.end()])
        if not _MENTION_RE.match(segment.lstrip()) and not re.match(
                rf"(?i:{_KIND_ALT})(?!\w)", segment.lstrip()):
            return None
        end = begin - 1
    return None


# ---------------------------------------------------------------- building

def _issued_by_commune(issuer: str | None, symbol: str | None, commune: str | None) -> bool:
    """The commune's own bodies: "/ĐU" symbols, "... xã [this commune]", unqualified local bodies."""
    if symbol and re.search(r"/(?:ĐU|đu)(?:$|[-/])", symbol):
        return True
    if not issuer:
        return False
    f = fold(issuer)
    own = fold(commune).strip() if commune else ""
    if own and own in f:
        return True
    local = re.sub(r"\bthi xa\b", " ", f)  # a town (thị xã) is not a commune
    m = re.search(r"\bxa\b\s*(.*)$", local)
    if m:  # "UBND xã", "Đảng ủy xã Hòa An": ours unless it names another commune
        named = m.group(1).strip()
        names_other = bool(own and named[:1].isalpha() and not named.startswith(own)
                           and not named.startswith(("nhiem", "khoa", "lan")))
        return not names_other
    if _HIGHER_LEVEL.search(f):
        return False
    return f.startswith(_LOCAL_BODIES)


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
            issued_by_commune=_issued_by_commune(h["issuer"], symbol, commune),
            text=text[o_start:o_end], start=o_start, end=o_end,
            key=canonical_key(h["kind"], number, symbol),
        ))
    return out

"""Document metadata (DocMetadata) as far as the text states it.

Owns reading the title block (issuing-body lines, "Số:", the place-date line, the type
word and the title), the opening sentence ("..., Ban Thường vụ Đảng ủy xã X báo cáo ...")
and the signature block ("T/M ...", role line, name). Nothing is guessed: a field the text
does not state is None. Values are kept as written (squashed), except the date (ISO), the
type word (canonical "Báo cáo") and an issuer read from ALL-CAPS lines (normal case).
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache
from typing import Sequence

from ingest.model import DocMetadata
from ingest.text.communes import FOLDED, FOLDED_PATTERN, UNIT_PATTERN, UNITS
from ingest.text.dates import iso_date
from ingest.text.normal import fold, nfc, squash
from ingest.text.vocabulary import DOC_TYPE_CODES, DOC_TYPE_WORDS

log = logging.getLogger(__name__)

_HEAD_SCAN = 30  # the title block is within the first lines
_MAX_TITLE_LINES = 5

_DECORATION = re.compile(r"^[\s*_\-–—=~.·•]*$")
_MOTTO = re.compile(r"^(?:cong hoa xa hoi chu nghia viet nam|dang cong san viet nam|doc lap\W+tu do\W+hanh phuc)\W*$")
_MARKS = re.compile(r"^(?:du thao|mat|toi mat|khan|thuong khan|hoa toc)\b\W*$")
_NUMBER = re.compile(r"^s[ốo]\s*:?\s*(\d+[^\W_]*(?:\s*[-/.]\s*[^\W_]+)*)", re.IGNORECASE)
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_DATE_SLASH = re.compile(r"ngày\s+(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^[^\W\d_][^,\d]{1,40},\s*ngày\b", re.IGNORECASE)
_HEADING = re.compile(
    r"^(?:PHẦN\b|Phần\s+(?:thứ|[IVX\d])|[IVXLC]+\s*[.)]\s|[A-ZĐ]\s*[.)]\s|\d+(?:\.\d+)*\s*[.)]\s"
    r"|[a-zđ]\)\s|Điều\s+\d+|Chương\s+[IVX\d]+\b)"
)
_OPENING_CUE = re.compile(
    r"^(?:Thực hiện|Căn cứ|Kính gửi|Thi hành|Theo|Được sự|Nhằm|Để|Hôm nay|Vào hồi|Trên cơ sở)\b", re.IGNORECASE
)
_AUTHORITY = re.compile(
    r"^(?:chu tich|uy ban|hoi dong|ban chap hanh|ban thuong vu|dang uy|giam doc|truong ban|bo truong"
    r"|thu tuong|chinh phu|quoc hoi|ban chi dao)\b"
)
_VV = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\b")
_QUOTED = re.compile(r"[“\"‘«]+[^”\"’»“«]*(?:[”\"’»]+|$)")

# units that introduce a place name, folded (not "ban"/"ap": they fold like "Ban ..."/"áp")
_PLACE_UNITS = FOLDED + ("huyen", "tinh", "thanh pho", "quan", "thi xa", "thon", "to dan pho", "xom")

# fixed spellings of institution names, by folded token sequence
_INSTITUTIONS = {
    "dang uy": "Đảng ủy", "dang bo": "Đảng bộ", "uy ban nhan dan": "Ủy ban nhân dân",
    "hoi dong nhan dan": "Hội đồng nhân dân", "ban thuong vu": "Ban Thường vụ",
    "ban chap hanh": "Ban Chấp hành", "ban chi dao": "Ban Chỉ đạo", "uy ban kiem tra": "Ủy ban Kiểm tra",
    "mat tran to quoc viet nam": "Mặt trận Tổ quốc Việt Nam", "ban to chuc": "Ban Tổ chức",
    "ban tuyen giao": "Ban Tuyên giáo", "ban dan van": "Ban Dân vận", "ban xay dung dang": "Ban Xây dựng Đảng",
    "van phong": "Văn phòng", "chi bo": "Chi bộ", "huyen uy": "Huyện ủy", "tinh uy": "Tỉnh ủy",
    "thanh uy": "Thành ủy", "cong an": "Công an", "de an": "Đề án", "thuong truc": "Thường trực",
}
_KEEP_UPPER = {"UBND", "HĐND", "MTTQ", "BCĐ", "BTV", "BCH", "CCHC", "TTHC"}
_ORG_WORDS = ("dang uy", "dang bo", "uy ban", "ubnd", "hdnd", "hoi dong", "ban", "huyen uy", "tinh uy",
              "thanh uy", "chi bo", "van phong", "mat tran", "cong an")
_AD_HOC = re.compile(r"^(?:ban chi dao|to cong tac|to giup viec|doan kiem tra|doan giam sat|hoi dong|tieu ban)\b")

_ORG_START = (
    r"(?:Ban|Đảng [uủ][yỷ]|Đảng bộ|Chi bộ|Chi [uủ][yỷ]|[UỦ][yỷ] ban|UBND|HĐND|Hội đồng|Thường trực|Văn phòng"
    r"|Mặt trận|MTTQ|Công an|BCĐ|BTV|BCH|Trung tâm|Hội|Đoàn|Tổ|Cấp [uủ][yỷ])"
)
_ISSUER_CLAUSE = re.compile(
    rf"(?:^|[,;:]\s*|\.\s+)(?P<org>{_ORG_START}\b[^,;:.()“”\"]{{0,100}}?)\s+"
    r"(?:báo cáo|xây dựng|ban hành|thông báo|kính trình|trình|hướng dẫn|tổng kết|sơ kết|kết luận)\b"
)
_ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "BCĐ": "Ban Chỉ đạo", "BTV": "Ban Thường vụ",
    "BCH": "Ban Chấp hành", "MTTQ": "Mặt trận Tổ quốc", "ĐU": "Đảng ủy",
}

_ANCHOR = re.compile(
    r"^(?:T/M|T\.M\.?|TM\.?|KT\.?|K/T|Q\.|TL\.|T/L|TUQ\.|THAY MẶT|KÝ THAY|THỪA LỆNH|THỪA [UỦ][YỶ] QUYỀN)"
    r"(?:(?<=[./])\s*|\s+)(?P<body>\S.*)$"
)
_ROLE = re.compile(
    r"^(?:pho\s+)?(?:bi thu|chu tich|truong ban|chanh van phong|giam doc|truong doan|to truong|chu nhiem"
    r"|truong cong an|chi huy truong|truong phong|nguoi bao cao|nguoi lap(?: bieu)?|thu ky|chu toa|chu tri"
    r"|uy vien|truong thon|bi thu chi bo)\b"
)
_ROLE_FULL = re.compile(
    _ROLE.pattern + r"(?:\s+(?:thuong truc|dang uy|uy ban nhan dan|hoi dong nhan dan|ubnd|hdnd|chi bo))?\b"
)
_ANCHOR_TOKEN = re.compile(r"^(?:T/M|T\.M\.?|TM\.?|KT\.?|K/T|Q\.|TL\.|T/L|TUQ\.)$")
_NOT_NAME = re.compile(
    r"^(?:phu luc|bieu|mau|bang|danh sach|tong hop|kem theo|noi nhan|so lieu|thong ke|ghi chu|du thao"
    rf"|{FOLDED_PATTERN}|huyen|tinh|thanh pho|uy ban|ubnd|hdnd|dang uy|dang bo)\b"
)
_SKIP_IN_SIGNATURE = re.compile(r"^(?:\(.*\)|\[.*\]|đã ký\W*|ký\W*|\(?ký,? .*|[-+•].*)$", re.IGNORECASE)

_PERIOD = re.compile(
    r"(?:\d{1,2}|sáu|chín|ba) tháng (?:đầu |cuối )?năm \d{4}"
    r"|quý\s+(?:I{1,3}|IV|[1-4])(?:\s*(?:năm\s*|/\s*)\d{4})?"
    r"|tháng\s+\d{1,2}\s*(?:năm\s*|/\s*)\d{4}"
    r"|(?:giai đoạn|nhiệm kỳ|năm học)\s+\d{4}\s*[-–—]\s*\d{4}"
    r"|năm\s+\d{4}",
    re.IGNORECASE,
)
_PERIOD_NO_YEAR = re.compile(r"(?:\d{1,2}|sáu|chín|ba) tháng (?:đầu |cuối )?năm(?!\s*\d)", re.IGNORECASE)
_RANGE = re.compile(
    r"\btừ\s+(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})\s*(?:đến|tới|-|–|—)\s*(?:hết\s+)?(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\w+")


# ---------------------------------------------------------------- small helpers


@lru_cache(maxsize=65536)
def _f(text: str) -> str:
    return fold(text)


def _clean_line(line: str) -> str:
    """A line without markdown emphasis around it, squashed."""
    line = squash(line)
    line = re.sub(r"^[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}$", "", line)
    return line.strip()


def _split_lines(texts: Sequence[str]) -> list[str]:
    """Every non-empty line and table cell, in order (cells split on tabs, lines on newlines)."""
    out: list[str] = []
    for text in texts:
        for raw in re.split(r"[\t\n\r]+|\s+\*+\s+", nfc(text or "")):
            line = _clean_line(raw)
            if not line:
                continue
            cut = re.search(r"\s(?=S[ốỐ]\s*:?\s*\d)", line)
            if cut and len(line) < 120 and _is_caps(line[:cut.start()]):  # "ĐẢNG ỦY XÃ A Số 3-BC/ĐU"
                out.extend([line[:cut.start()], line[cut.end():]])
            else:  # decoration lines ("____", "*") kept: they end a title
                out.extend(_split_signature(line))
    return out


def _split_signature(line: str) -> list[str]:
    """A signature block squashed into one line (a .docx cell) back into its lines:
    "T/M BAN THƯỜNG VỤ BÍ THƯ Đinh Văn A" -> "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Đinh Văn A"."""
    words = line.split()
    folded = _f(line).split()
    starts_anchor = bool(_ANCHOR_TOKEN.match(words[0])) if words else False
    if len(words) < 3 or len(line) > 100 or len(folded) != len(words):
        return [line]
    if not starts_anchor and not (words[0].isupper() and _ROLE.match(_f(line))):
        return [line]
    out: list[str] = []
    k = 0
    while k < len(words):
        role = _ROLE_FULL.match(" ".join(folded[k:])) if words[k].isupper() else None
        if _ANCHOR_TOKEN.match(words[k]):
            j = k + 1
            while j < len(words) and words[j].isupper() and not _ANCHOR_TOKEN.match(words[j]):
                if j > k + 1 and _ROLE.match(" ".join(folded[j:])):
                    break
                j += 1
            out.append(" ".join(words[k:j]))
            k = j
        elif role:
            n = len(role.group(0).split())
            out.append(" ".join(words[k:k + n]))
            k += n
        else:
            out.append(" ".join(words[k:]))
            break
    if not starts_anchor and not (len(out) > 1 and _is_name(out[-1])):
        return [line]
    return out


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _strip_end(text: str) -> str:
    return text.strip().rstrip(" .,;:/").strip()


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


# ---------------------------------------------------------------- title block


def _type_line(lines: Sequence[str]) -> tuple[int, str, str] | None:
    """(index, canonical type, rest of the line) of the type word line near the top."""
    for i, line in enumerate(lines[:_HEAD_SCAN]):
        bare = _strip_end(line)
        if _f(bare) in DOC_TYPE_WORDS:
            return i, DOC_TYPE_WORDS[_f(bare)], ""
        m = re.match(r"^(\S+\s+\S+)\s+(.+)$", bare)
        if m and _is_caps(m.group(1)) and _f(m.group(1)) in DOC_TYPE_WORDS and not re.match(r"so\b\W*\d", _f(m.group(2))):
            return i, DOC_TYPE_WORDS[_f(m.group(1))], m.group(2)
    return None


def _is_heading(line: str, headings: set[str]) -> bool:
    return bool(_HEADING.match(line)) or squash(line).casefold() in headings


def _opening_like(line: str) -> bool:
    """A line that reads as the opening sentence rather than a title line."""
    return bool(_OPENING_CUE.match(line)) and (len(line) > 200 or line.endswith(":") or "như sau" in line)


def _title(lines: Sequence[str], start: int, first: str, headings: set[str]) -> tuple[str | None, int]:
    """The title from `start` (plus `first`, the rest of the type line); returns (title, end index)."""
    parts = [first] if first else []
    j = start
    while j < len(lines) and len(parts) < _MAX_TITLE_LINES:
        line = lines[j]
        if _DECORATION.match(line):
            if parts:
                break
            j += 1
            continue
        if _HEADING.match(line) or _MOTTO.match(_f(line)) or _PLACE_DATE.match(line) or _NUMBER.match(line):
            break
        if not parts:
            if _opening_like(line):
                break
        else:
            caps_title = _is_caps(parts[0])
            if _OPENING_CUE.match(line) or squash(line).casefold() in headings:
                break
            if _is_caps(line) and (not caps_title or _AUTHORITY.match(_f(line))):
                break
            if len(line) > 250 or parts[-1].endswith((".", ":")) or sum(map(len, parts)) > 400:
                break
        parts.append(line)
        j += 1
    title = _strip_end(squash(" ".join(parts))) if parts else ""
    return (title or None), j


def _header_region(lines: Sequence[str], type_at: int | None, headings: set[str]) -> list[str]:
    """The lines above the type word; without one, the leading run of header-like lines."""
    if type_at is not None:
        return list(lines[:type_at])
    out: list[str] = []
    subject_lines = 0  # a "V/v ..." subject may wrap onto a next line
    for line in lines[:15]:
        if _VV.match(line):
            subject_lines = 2
        elif _is_header_line(line):
            subject_lines = 0 if _is_caps(line) else subject_lines
        elif subject_lines and len(line) < 120 and not _OPENING_CUE.match(line) and not _is_heading(line, headings):
            subject_lines -= 1
        else:
            break
        out.append(line)
    return out


def _is_header_line(line: str) -> bool:
    folded = _f(line)
    return bool(
        _DECORATION.match(line) or _NUMBER.match(line) or _PLACE_DATE.match(line) or _MOTTO.match(folded)
        or _MARKS.match(folded) or (_is_caps(line) and not _is_signature_line(line) and len(line) < 120)
    )


def _is_signature_line(line: str) -> bool:
    return bool(_ANCHOR.match(line)) or _is_role(line)


def _number(region: Sequence[str]) -> str | None:
    for line in region:
        m = _NUMBER.match(line)
        if m and re.search(r"[^\W\d_]", m.group(1)):
            return _strip_end(m.group(1))
    return None


def _date_in(line: str) -> str | None:
    m = _DATE_WORDS.search(line) or _DATE_SLASH.search(line)
    return iso_date(m.group(1), m.group(2), m.group(3)) if m else None


def _date(region: Sequence[str], lines: Sequence[str]) -> str | None:
    """The header's place-date line, else a standalone place-date line anywhere."""
    for line in region:
        m = re.search(r"(?:^|,\s*)(ngày\b.*)$", line, re.IGNORECASE)
        found = _date_in(m.group(1)) if m else None
        if found:
            return found
    for line in lines:
        if _PLACE_DATE.match(line) and len(line) < 70:
            found = _date_in(line)
            if found:
                return found
    return None


def _is_body_line(line: str) -> bool:
    folded = _f(line)
    return (
        _is_caps(line)
        and not _is_signature_line(line)
        and not _MOTTO.match(folded)
        and not _MARKS.match(folded)
        and not _NUMBER.match(line)
        and not _VV.match(line)
        and _f(line) not in DOC_TYPE_WORDS
        and len(line) < 120
    )


def _body_lines(region: Sequence[str]) -> list[str]:
    """Issuing-body lines of the header, top-down; a line holding only "XÃ AN BÌNH" joins the one above."""
    bodies: list[str] = []
    for line in region:
        if not _is_body_line(line):
            continue
        for part in _split_bodies(line):
            if bodies and _starts_with_unit(_f(part)) and not _has_unit(_f(bodies[-1])):
                bodies[-1] = f"{bodies[-1]} {part}"
            else:
                bodies.append(part)
    return bodies


def _split_bodies(line: str) -> list[str]:
    """Bodies squashed into one line (a .docx cell): "ĐẢNG BỘ TỈNH A ĐẢNG ỦY XÃ B" -> both."""
    words = line.split()
    folded = _f(line).split()
    if len(folded) != len(words):
        return [line]
    parts: list[str] = []
    start = 0
    for k in range(2, len(words)):
        ahead = " ".join(folded[k:k + 2])
        before = " ".join(folded[start:k])
        if (
            any(ahead == o or ahead.startswith(o + " ") for o in _ORG_WORDS)
            and _has_unit(before)
            and not _starts_with_unit(folded[k - 1])
        ):
            parts.append(" ".join(words[start:k]))
            start = k
    parts.append(" ".join(words[start:]))
    return parts


def _starts_with_unit(folded: str) -> bool:
    return any(folded == u or folded.startswith(u + " ") for u in _PLACE_UNITS)


def _has_unit(folded: str) -> bool:
    return any(re.search(rf"\b{u}\b", folded) for u in _PLACE_UNITS)


# ---------------------------------------------------------------- places and names


def _unit_names(text: str) -> list[tuple[str, bool]]:
    """Every "xã X" / "phường X" / "thị trấn X" name in a text: (name as written, written in caps)."""
    toks = _tokens(text)
    found: list[tuple[str, bool]] = []
    k = 0
    while k < len(toks):
        word = _f(toks[k][0])
        width = 0
        if word == "xa" and not (k and _f(toks[k - 1][0]) == "thi"):
            width = 1
        elif word == "phuong":
            width = 1
        elif word == "thi" and k + 1 < len(toks) and _f(toks[k + 1][0]) == "tran":
            width = 2
        if not width:
            k += 1
            continue
        unit_caps = toks[k][0].isupper() and len(toks[k][0]) > 1
        names = []
        pos = toks[k + width - 1][2]
        for tok, s, e in toks[k + width:k + width + 4]:
            if text[pos:s].strip() or not tok[0].isupper() or tok.isdigit():
                break
            if unit_caps != (tok.isupper() and (len(tok) > 1 or not names)):
                break
            names.append(tok)
            pos = e
        if names and _f(" ".join(names[:3])) != "hoi chu nghia":
            found.append((" ".join(names), unit_caps))
        k += width + len(names)
    return found


def _as_written(name: str, texts: Sequence[str]) -> str:
    """A caps name in the case running text uses ("KIM TÂN" -> "Kim Tân"), else title-cased."""
    if not _is_caps(name):
        return name
    target = _f(name)
    for text in texts:
        for written, caps in _unit_names(text):
            if not caps and _f(written) == target:
                return written
    return name.title()


def _commune(region_bodies: Sequence[str], title: str | None, opening: Sequence[str], lines: Sequence[str]) -> str | None:
    for body in reversed(region_bodies):
        names = _unit_names(body)
        if names:
            return _as_written(names[-1][0], lines)
    for scope, prefer_last in (([title] if title else [], False), (list(opening), True)):
        names = [n for text in scope for n, _ in _unit_names(text)]
        if names:
            return _as_written(_most_frequent(names, prefer_last), lines)
    names = [n for text in lines for n, caps in _unit_names(text) if not caps]
    return _most_frequent(names, False) if names else None


def _most_frequent(names: Sequence[str], prefer_last: bool) -> str:
    counts = Counter(_f(n) for n in names)
    best = max(counts.values())
    ordered = list(reversed(names)) if prefer_last else list(names)
    return next(n for n in ordered if counts[_f(n)] == best)


def _normal_case(caps: str) -> str:
    """ "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ KIM TÂN" -> "Ban Thường vụ Đảng ủy xã Kim Tân"."""
    words = caps.split()
    out: list[str] = []
    i = 0
    place = False
    while i < len(words):
        if place:
            out.append(words[i] if words[i] in _KEEP_UPPER else words[i].capitalize())
            i += 1
            continue
        for size in (5, 4, 3, 2):
            key = _f(" ".join(words[i:i + size]))
            if len(words[i:i + size]) == size and key in _INSTITUTIONS:
                out.append(_INSTITUTIONS[key])
                i += size
                break
        else:
            word = words[i]
            folded = _f(word)
            if word in _KEEP_UPPER:
                out.append(word)
            elif folded == "dang":
                out.append("Đảng")
            else:
                out.append(word.lower())
            rest = _f(" ".join(words[i:i + 2]))
            place = folded in {"xa", "phuong", "huyen", "tinh", "quan", "thon"} or rest in {"thi tran", "thanh pho", "thi xa"}
            if rest in {"thi tran", "thanh pho", "thi xa"}:
                out.append(words[i + 1].lower())
                i += 1
            i += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _find_written(phrase: str, lines: Sequence[str], extend_to_place: bool = False) -> str | None:
    """`phrase` as running text writes it (not caps); with extend_to_place, only followed by "xã X"."""
    target = _f(phrase).split()
    n = len(target)
    for text in lines:
        if target[0] not in _f(text):
            continue
        toks = _tokens(text)
        folded = [_f(t[0]) for t in toks]
        for k in range(len(toks) - n + 1):
            if folded[k:k + n] != target:
                continue
            end = toks[k + n - 1][2]
            if extend_to_place:
                names = _unit_names(text[end:end + 60])
                tail = text[end:end + 60]
                m = re.match(rf"^\s+(?:{UNIT_PATTERN})\s+", tail, re.IGNORECASE)
                if not (m and names and tail[m.end():].startswith(names[0][0])):
                    continue
                end += m.end() + len(names[0][0])
            written = text[toks[k][1]:end]
            if not _is_caps(written):
                return written
    return None


# ---------------------------------------------------------------- issuer


def _issuer_from_header(bodies: Sequence[str], lines: Sequence[str]) -> str | None:
    if not bodies:
        return None
    lowest = bodies[-1]
    if _has_unit(_f(lowest)) or len(bodies) == 1:
        return _find_written(lowest, lines) or _normal_case(lowest)
    parent = bodies[-2]
    written = _find_written(lowest, lines, extend_to_place=True)
    if written:
        return written
    if _AD_HOC.match(_f(lowest)):
        places = _unit_names(parent)
        if places:
            unit = next((u for u in UNITS[1:] if u.upper() in parent), UNITS[0])  # "xã" unless it says otherwise
            return f"{_normal_case(lowest)} {unit} {_as_written(places[-1][0], lines)}"
    return f"{_normal_case(lowest)} {_find_written(parent, lines) or _normal_case(parent)}"


def _expand(org: str) -> str:
    return " ".join(_ABBREVIATIONS.get(w, w) for w in org.split())


def _issuer_from_text(opening: Sequence[str]) -> str | None:
    for text in opening:
        plain = _QUOTED.sub("“”", text)
        for m in _ISSUER_CLAUSE.finditer(plain):
            org = squash(m.group("org"))
            if len(org.split()) <= 12 and _unit_names(org) and not re.search(r"\b(?:về|của|số)\b", org):
                return org
    return None


def _issuer_from_signature(body: str | None, roles: Sequence[str], commune: str | None, lines: Sequence[str]) -> str | None:
    if not body:
        return None
    folded = _f(body)
    if _unit_names(body):
        return _find_written(body, lines) or _normal_case(body)
    core = re.sub(rf"\s+(?:{FOLDED_PATTERN})$", "", folded)
    party = any(r.startswith(("bi thu", "pho bi thu")) for r in roles)
    where = f" xã {commune}" if commune else ""
    if core == "ban thuong vu" and (party or commune):
        return f"Ban Thường vụ Đảng ủy{where}"
    if core == "ban chap hanh":
        return f"Ban Chấp hành Đảng bộ{where}"
    if core in {"dang uy", "uy ban nhan dan", "hoi dong nhan dan"}:
        return f"{_INSTITUTIONS[core]}{where}"
    bare = re.sub(rf"\s+(?:{UNIT_PATTERN.upper()})$", "", body)
    return f"{_normal_case(bare)}{where}"


# ---------------------------------------------------------------- signature


def _is_name(line: str) -> bool:
    words = line.split()
    folded = _f(line)
    caps = [w.isupper() and len(w) > 1 for w in words]
    return (
        2 <= len(words) <= 6
        and len(line) <= 40
        and all(w.isalpha() and w[0].isupper() for w in words)
        and (all(caps) or not any(caps))  # "Lưu VT" is a filing note, not a name
        and not _ROLE.match(folded)
        and not _ANCHOR.match(line)
        and not _NOT_NAME.match(folded)
        and not _MOTTO.match(folded)
    )


def _strip_note(line: str) -> str:
    """ "Nguyễn Văn An (đã ký)" -> "Nguyễn Văn An"."""
    return re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", line).strip()


def _is_role(line: str) -> bool:
    return _is_caps(line) and len(line.split()) <= 8 and bool(_ROLE.match(_f(line)))


def _signature(lines: Sequence[str], start: int) -> tuple[str | None, list[str], str | None]:
    """(body after "T/M"/"TM." or None, role lines folded, signer name or None)."""
    first_body: str | None = None
    first_roles: list[str] = []
    i = start
    while i < len(lines):
        anchor = _ANCHOR.match(lines[i])
        if not (anchor and _is_caps(lines[i])) and not _is_role(lines[i]):
            i += 1
            continue
        body = anchor.group("body").strip(" .:") if anchor and not _f(anchor.group(0)).startswith(("kt", "k/t", "ky thay")) else None
        roles: list[str] = [] if anchor else [_f(lines[i])]
        name = None
        j = i + 1
        while j < len(lines) and j <= i + 8:
            line = lines[j]
            if _ANCHOR.match(line) and _is_caps(line):
                inner = _ANCHOR.match(line)
                if body is None and not _f(inner.group(0)).startswith(("kt", "k/t", "ky thay")):
                    body = inner.group("body").strip(" .:")
            elif _is_role(line):
                roles.append(_f(line))
            elif _SKIP_IN_SIGNATURE.match(line) or _f(line).startswith("noi nhan"):
                pass
            elif _is_name(_strip_note(line)) and roles:
                name = _strip_note(line)
                break
            elif len(line) > 60:
                break
            j += 1
        if first_body is None and body:
            first_body, first_roles = body, roles
        if name:
            return body or first_body, roles if body else first_roles, name
        i = j if j > i else i + 1
    return first_body, first_roles, None


# ---------------------------------------------------------------- period


def _period_in(text: str) -> str | None:
    plain = _QUOTED.sub(" ", text)
    # "6 tháng đầu năm, phương hướng ... 6 tháng cuối năm 2026": the first period takes the later year
    open_year = _PERIOD_NO_YEAR.search(plain)
    first = _PERIOD.search(plain)
    if open_year and (first is None or open_year.start() < first.start()):
        year = re.search(r"\b(?:19|20)\d{2}\b", plain[open_year.end():])
        if year:
            return f"{squash(open_year.group(0))} {year.group(0)}"
    for m in _PERIOD.finditer(plain):
        before = plain[max(0, m.start() - 14):m.start()].casefold()
        if m.group(0).casefold().startswith("năm") and re.search(r"(?:tháng\s*\d{1,2}|đến|tới|từ|sau|trước)\s*$", before):
            continue
        return squash(m.group(0))
    return None


def _range_period(texts: Sequence[str]) -> str | None:
    """The most frequent stated date range "d/m/yyyy–d/m/yyyy" (first on ties)."""
    found: list[tuple[str, str]] = []
    for text in texts:
        for m in _RANGE.finditer(_QUOTED.sub(" ", text)):
            start, end = (iso_date(*d.split("/")) for d in (m.group(1), m.group(2)))
            if start and end and start <= end:
                found.append((f"{start}|{end}", f"{m.group(1)}–{m.group(2)}"))
    if not found:
        return None
    counts = Counter(key for key, _ in found)
    best = max(counts.values())
    return next(written for key, written in found if counts[key] == best)


def _opening_period(opening: Sequence[str]) -> str | None:
    """A period in the report's own clause: "..., UBND xã X báo cáo kết quả ... năm 2024 như sau"."""
    for text in opening:
        plain = _QUOTED.sub(" ", text)
        m = _ISSUER_CLAUSE.search(plain)
        if m:
            return _period_in(plain[m.end():])
    return None


# ---------------------------------------------------------------- entry point


def extract_metadata(
    texts: Sequence[str], headings: Sequence[str] = (), tables: Sequence[str] = ()
) -> DocMetadata:
    """Metadata of one document from its paragraph texts in order.

    `headings` are the section heading lines; `tables` (optional) the text of each table in
    order (rows on lines, cells tab-separated): read for a header or signature laid out as a
    table (.docx) and for the data period of annex tables when the texts do not state them.
    """
    head = {squash(h).casefold() for h in headings if h}
    lines = _split_lines(texts)
    table_lines = [_split_lines([t]) for t in tables]

    found = _type_line(lines)
    type_at = found[0] if found else None
    region = _header_region(lines, type_at, head)
    doc_type = found[1] if found else None
    title, title_end = (None, len(region))
    if found:
        title, title_end = _title(lines, type_at + 1, found[2], head)
    elif any(_VV.match(x) for x in region):
        at = next(k for k, x in enumerate(region) if _VV.match(x))
        title, title_end = _title(lines, at + 1, region[at], head)
    if not _header_has_content(region) and table_lines and _header_has_content(table_lines[0]):
        region = table_lines[0] + region

    number = _number(region)
    if doc_type is None and number:
        doc_type = _type_from_symbol(number, title)
    when = _date(region, lines)
    bodies = _body_lines(region)
    opening = _opening(lines, title_end, head)
    commune = _commune(bodies, title, opening, lines)

    body, roles, signer = _signature(lines, title_end)
    if signer is None and body is None:
        for cells in reversed(table_lines):
            body, roles, signer = _signature(cells, 0)
            if body or signer:
                break
    issuer = (
        _issuer_from_header(bodies, lines)
        or _issuer_from_text(opening)
        or _issuer_from_signature(body, roles, commune, lines)
    )
    issuer = _expand(issuer) if issuer else None
    period = (
        (_period_in(title) if title else None)
        or _opening_period(opening)
        or _range_period(list(texts) + list(tables))
    )
    meta = DocMetadata(
        doc_type=doc_type, title=title, number=number, date=when, issuer=issuer,
        commune=commune, period=period, signer=signer,
    )
    log.debug("metadata: %s", meta)
    return meta


def _header_has_content(region: Sequence[str]) -> bool:
    return any(_NUMBER.match(x) or _PLACE_DATE.match(x) or _MOTTO.match(_f(x)) for x in region)


def _type_from_symbol(number: str, title: str | None) -> str | None:
    m = re.match(r"^\d+\s*-\s*([^\W\d_]+)\s*/", number) or re.match(r"^\d+(?:/\d{4})?\s*/\s*([^\W\d_]+)\s*-", number)
    if m and m.group(1).upper() in DOC_TYPE_CODES:
        return DOC_TYPE_CODES[m.group(1).upper()]
    return "Công văn" if title and _VV.match(title) else None


def _opening(lines: Sequence[str], start: int, headings: set[str]) -> list[str]:
    """The paragraphs between the title and the first heading (at most three)."""
    out = []
    for line in lines[start:start + 3]:
        if _is_heading(line, headings):
            break
        out.append(line)
    return out

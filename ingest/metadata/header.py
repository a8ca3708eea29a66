"""The title block: the type word and the title, the issuing-body lines above them, "Số:",
the place-date line; and the opening paragraphs between the title and the first heading."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.metadata.places import has_unit, starts_with_unit
from ingest.metadata.shapes import MOTTO, VV, fold_line, is_caps, strip_end
from ingest.metadata.signature import is_signature_line
from ingest.text.dates import iso_date
from ingest.text.normal import squash
from ingest.text.vocabulary import DOC_TYPE_CODES, DOC_TYPE_WORDS

_HEAD_SCAN = 30  # the title block is within the first lines
_MAX_TITLE_LINES = 5
_DECORATION = re.compile(r"^[\s*_\-–—=~.·•]*$")
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
_ORG_WORDS = ("dang uy", "dang bo", "uy ban", "ubnd", "hdnd", "hoi dong", "ban", "huyen uy", "tinh uy",
              "thanh uy", "chi bo", "van phong", "mat tran", "cong an")


def type_line(lines: Sequence[str]) -> tuple[int, str, str] | None:
    """(index, canonical type, rest of the line) of the type word line near the top."""
    for i, line in enumerate(lines[:_HEAD_SCAN]):
        bare = strip_end(line)
        if fold_line(bare) in DOC_TYPE_WORDS:
            return i, DOC_TYPE_WORDS[fold_line(bare)], ""
        m = re.match(r"^(\S+\s+\S+)\s+(.+)$", bare)
        if m and is_caps(m.group(1)) and fold_line(m.group(1)) in DOC_TYPE_WORDS and not re.match(r"so\b\W*\d", fold_line(m.group(2))):
            return i, DOC_TYPE_WORDS[fold_line(m.group(1))], m.group(2)
    return None


def _is_heading(line: str, headings: set[str]) -> bool:
    return bool(_HEADING.match(line)) or squash(line).casefold() in headings


def _opening_like(line: str) -> bool:
    """A line that reads as the opening sentence rather than a title line."""
    return bool(_OPENING_CUE.match(line)) and (len(line) > 200 or line.endswith(":") or "như sau" in line)


def read_title(lines: Sequence[str], start: int, first: str, headings: set[str]) -> tuple[str | None, int]:
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
        if _HEADING.match(line) or MOTTO.match(fold_line(line)) or _PLACE_DATE.match(line) or _NUMBER.match(line):
            break
        if not parts:
            if _opening_like(line):
                break
        else:
            caps_title = is_caps(parts[0])
            if _OPENING_CUE.match(line) or squash(line).casefold() in headings:
                break
            if is_caps(line) and (not caps_title or _AUTHORITY.match(fold_line(line))):
                break
            if len(line) > 250 or parts[-1].endswith((".", ":")) or sum(map(len, parts)) > 400:
                break
        parts.append(line)
        j += 1
    title = strip_end(squash(" ".join(parts))) if parts else ""
    return (title or None), j


def header_region(lines: Sequence[str], type_at: int | None, headings: set[str]) -> list[str]:
    """The lines above the type word; without one, the leading run of header-like lines."""
    if type_at is not None:
        return list(lines[:type_at])
    out: list[str] = []
    subject_lines = 0  # a "V/v ..." subject may wrap onto a next line
    for line in lines[:15]:
        if VV.match(line):
            subject_lines = 2
        elif _is_header_line(line):
            subject_lines = 0 if is_caps(line) else subject_lines
        elif subject_lines and len(line) < 120 and not _OPENING_CUE.match(line) and not _is_heading(line, headings):
            subject_lines -= 1
        else:
            break
        out.append(line)
    return out


def _is_header_line(line: str) -> bool:
    folded = fold_line(line)
    return bool(
        _DECORATION.match(line) or _NUMBER.match(line) or _PLACE_DATE.match(line) or MOTTO.match(folded)
        or _MARKS.match(folded) or (is_caps(line) and not is_signature_line(line) and len(line) < 120)
    )


def read_number(region: Sequence[str]) -> str | None:
    """The "Số: 12/BC-UBND" of the header, as written."""
    for line in region:
        m = _NUMBER.match(line)
        if m and re.search(r"[^\W\d_]", m.group(1)):
            return strip_end(m.group(1))
    return None


def _date_in(line: str) -> str | None:
    m = _DATE_WORDS.search(line) or _DATE_SLASH.search(line)
    return iso_date(m.group(1), m.group(2), m.group(3)) if m else None


def read_date(region: Sequence[str], lines: Sequence[str]) -> str | None:
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
    folded = fold_line(line)
    return (
        is_caps(line)
        and not is_signature_line(line)
        and not MOTTO.match(folded)
        and not _MARKS.match(folded)
        and not _NUMBER.match(line)
        and not VV.match(line)
        and fold_line(line) not in DOC_TYPE_WORDS
        and len(line) < 120
    )


def body_lines(region: Sequence[str]) -> list[str]:
    """Issuing-body lines of the header, top-down; a line holding only "XÃ AN BÌNH" joins the one above."""
    bodies: list[str] = []
    for line in region:
        if not _is_body_line(line):
            continue
        for part in _split_bodies(line):
            if bodies and starts_with_unit(fold_line(part)) and not has_unit(fold_line(bodies[-1])):
                bodies[-1] = f"{bodies[-1]} {part}"
            else:
                bodies.append(part)
    return bodies


def _split_bodies(line: str) -> list[str]:
    """Bodies squashed into one line (a .docx cell): "ĐẢNG BỘ TỈNH A ĐẢNG ỦY XÃ B" -> both."""
    words = line.split()
    folded = fold_line(line).split()
    if len(folded) != len(words):
        return [line]
    parts: list[str] = []
    start = 0
    for k in range(2, len(words)):
        ahead = " ".join(folded[k:k + 2])
        before = " ".join(folded[start:k])
        if (
            any(ahead == o or ahead.startswith(o + " ") for o in _ORG_WORDS)
            and has_unit(before)
            and not starts_with_unit(folded[k - 1])
        ):
            parts.append(" ".join(words[start:k]))
            start = k
    parts.append(" ".join(words[start:]))
    return parts


def header_has_content(region: Sequence[str]) -> bool:
    """Whether the lines hold what a header has: "Số:", the place-date line or the motto."""
    return any(_NUMBER.match(x) or _PLACE_DATE.match(x) or MOTTO.match(fold_line(x)) for x in region)


def type_from_symbol(number: str, title: str | None) -> str | None:
    """The type a number's code names ("45/BC-UBND" -> "Báo cáo"); "Công văn" for a "V/v" title."""
    m = re.match(r"^\d+\s*-\s*([^\W\d_]+)\s*/", number) or re.match(r"^\d+(?:/\d{4})?\s*/\s*([^\W\d_]+)\s*-", number)
    if m and m.group(1).upper() in DOC_TYPE_CODES:
        return DOC_TYPE_CODES[m.group(1).upper()]
    return "Công văn" if title and VV.match(title) else None


def opening_lines(lines: Sequence[str], start: int, headings: set[str]) -> list[str]:
    """The paragraphs between the title and the first heading (at most three)."""
    out = []
    for line in lines[start:start + 3]:
        if _is_heading(line, headings):
            break
        out.append(line)
    return out

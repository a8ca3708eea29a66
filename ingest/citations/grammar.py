"""How a mention is written: its head ("Kế hoạch số", "QĐ số:"), its date, and where its
clause and sentence start (": " ends one unless after "số", as in "Kế hoạch số: 05")."""
from __future__ import annotations

import re

from ingest.text.dates import iso_date
from ingest.text.normal import squash
from ingest.text.vocabulary import ABBREVIATIONS, KINDS

KIND_BY_LOWER = {k.lower(): k for k in KINDS}

# Words that may stand between the kind and "số" without changing the kind.
_QUALIFIERS = ("hành động", "làm việc", "công tác", "liên tịch", "kết luận", "phối hợp",
               "chuyên đề", "toàn khóa", "toàn khoá")
KIND_ALT = "|".join(sorted((re.escape(k) for k in KIND_BY_LOWER), key=len, reverse=True))
_ABBR_ALT = "|".join(sorted(ABBREVIATIONS, key=len, reverse=True))
_QUAL_ALT = "|".join(_QUALIFIERS)
MENTION_RE = re.compile(
    rf"(?<![\w/\-])(?:(?i:(?P<full>{KIND_ALT}))(?i:\s+(?:{_QUAL_ALT}))?|(?P<abbr>{_ABBR_ALT}))"
    rf"(?P<so>\s*(?i:số)\s*:?\s*|\s+)(?=\d)"
)
DATE_BODY = (
    r"(?P<d1>\d{1,2})\s*[/.\-]\s*(?P<m1>\d{1,2})\s*[/.\-]\s*(?P<y1>\d{2,4})(?!\d)"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*,?\s+năm\s+(?P<y2>\d{2,4})(?!\d)"
)
_CLAUSE_BOUNDARY_RE = re.compile(r"[;]|(?<![sS]ố)[:]\s|\.\s|\.$")
_SENTENCE_BOUNDARY_RE = re.compile(r"(?<![sS]ố)[:]\s|\.\s")


def parse_date(m: re.Match) -> tuple[str, str | None]:
    """(date as written, ISO date or None) of a match of DATE_BODY (group "date")."""
    text = squash(m.group("date"))
    d, mo, y = (m.group("d1"), m.group("m1"), m.group("y1")) if m.group("d1") else (
        m.group("d2"), m.group("m2"), m.group("y2"))
    return text, iso_date(d, mo, y)


def sentence_start(s: str, pos: int) -> int:
    """Where the sentence holding `pos` starts (after ". " or ": ", not "số: ")."""
    last = 0
    for m in _SENTENCE_BOUNDARY_RE.finditer(s, 0, pos):
        last = m.end()
    return last


def sentence_end(s: str, pos: int) -> int:
    """Where the sentence holding `pos` ends (after its ". " or ": ")."""
    m = _SENTENCE_BOUNDARY_RE.search(s, pos)
    return m.end() if m else len(s)


def clause_start(s: str, pos: int) -> int:
    """Where the clause holding `pos` starts (after ";", ". " or ": ", not "số: ")."""
    last = 0
    for m in _CLAUSE_BOUNDARY_RE.finditer(s, 0, pos):
        last = m.end()
    return last

"""The period a report covers: in its title, in its own opening clause, else the date range
it states most ("01/7/2025–25/5/2026")."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ingest.metadata.issuer import ISSUER_CLAUSE
from ingest.metadata.shapes import QUOTED
from ingest.text.dates import iso_date
from ingest.text.normal import squash

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


def period_in(text: str) -> str | None:
    """The first period a text names ("6 tháng đầu năm 2025", "quý III/2025", "năm 2024")."""
    plain = QUOTED.sub(" ", text)
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


def range_period(texts: Sequence[str]) -> str | None:
    """The most frequent stated date range "d/m/yyyy–d/m/yyyy" (first on ties)."""
    found: list[tuple[str, str]] = []
    for text in texts:
        for m in _RANGE.finditer(QUOTED.sub(" ", text)):
            start, end = (iso_date(*d.split("/")) for d in (m.group(1), m.group(2)))
            if start and end and start <= end:
                found.append((f"{start}|{end}", f"{m.group(1)}–{m.group(2)}"))
    if not found:
        return None
    counts = Counter(key for key, _ in found)
    best = max(counts.values())
    return next(written for key, written in found if counts[key] == best)


def opening_period(opening: Sequence[str]) -> str | None:
    """A period in the report's own clause: "..., UBND xã X báo cáo kết quả ... năm 2024 như sau"."""
    for text in opening:
        plain = QUOTED.sub(" ", text)
        m = ISSUER_CLAUSE.search(plain)
        if m:
            return period_in(plain[m.end():])
    return None

"""Time expressions in reports and questions: the period a figure is about, the period a question asks.

A Period is a closed interval of ISO dates with the kind it was written as ("năm 2023" is a
year, "quý III/2025" a quarter, "6 tháng đầu năm 2026" the first six months, "từ 01/7 đến
15/10/2025" a range, "tính đến ngày 25/5/2026" a point, "nhiệm kỳ 2020-2025" a term of years).
`periods_in(text)` finds them in folded or written text, skipping the dates of cited documents
("Nghị quyết số 57-NQ/TW ngày 22/12/2024": the resolution's date, not a period of the report).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ingest.text.dates import iso_date, vn_date
from ingest.text.normal import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:19|20)\d\d"
_DMY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("month_range", re.compile(rf"\btu\s+(?:thang\s+)?(\d{{1,2}})\s*/\s*({_YEAR})\s*(?:den|toi|-|–)\s*(?:het\s+)?"
                               rf"(?:thang\s+)?(\d{{1,2}})\s*/\s*({_YEAR})\b")),  # "từ 2/2021 đến 6/2023"
    ("range", re.compile(rf"\btu\s+(?:ngay\s+)?{_DMY}\s*(?:den|toi|-|–)\s*(?:het\s+)?(?:ngay\s+)?{_DMY}")),
    ("range", re.compile(rf"(?<![\d/])(\d{{1,2}})/(\d{{1,2}})/({_YEAR})\s*[-–]\s*(\d{{1,2}})/(\d{{1,2}})/({_YEAR})")),
    ("months", re.compile(rf"\b(\d{{1,2}}|sau|chin|ba)\s+thang\s+(dau|cuoi)\s+nam(?:\s+({_YEAR}))?")),
    ("quarter", re.compile(rf"\bquy\s+(iv|iii|ii|i|[1-4])\b(?:\s*(?:/|nam)\s*({_YEAR}))?")),
    ("term", re.compile(rf"\b(nhiem ky|giai doan|khoa)\s+({_YEAR})\s*[-–]\s*({_YEAR})")),
    ("point", re.compile(rf"\b(?:tinh\s+)?(?:den|toi|tai thoi diem)\s+(?:het\s+)?(?:ngay\s+)?{_DMY}")),
    ("year", re.compile(rf"\b(?:ca\s+)?nam\s+({_YEAR})\b")),
    ("day", re.compile(rf"\bngay\s+{_DMY}")),
)
_BARE_YEAR = re.compile(rf"(?<![\d/.\-])({_YEAR})(?![\d/]|\s*[-–]\s*{_YEAR})")
# "số 57-NQ/TW ngày 22/12/2024", "Quyết định 23 ngày ...": a cited document's date
_CITED_BEFORE = re.compile(r"\bso\s*:?\s*\d+[^\s,;]*\s*,?\s*$|(?:nghi quyet|quyet dinh|ke hoach|chi thi|ket luan|"
                           r"huong dan|thong tu|nghi dinh|cong van|bao cao|thong bao|to trinh|quy dinh)\s+(?:so\s+)?"
                           r"\d+[^\s,;]*\s*,?\s*$")
_WORDS = {"sau": 6, "chin": 9, "ba": 3}
_WORDED_DATE = re.compile(r"\b(\d{1,2}) thang (\d{1,2}) nam (\d{4})\b")
_QUOTED = re.compile(r"[“\"‘«][^”\"’»“«]{0,300}[”\"’»]")
YEARLESS = 1900  # the year given to "6 tháng đầu năm" asked without one (see Period.yearless)


@dataclass(frozen=True)
class Period:
    kind: str  # "year" | "quarter" | "months" | "range" | "point" | "term" | "day"
    start: str  # ISO date
    end: str  # ISO date
    text: str  # as found (folded)
    at: int = 0  # offset in the text it was found in

    def within(self, other: "Period") -> bool:
        return other.start <= self.start and self.end <= other.end

    def same(self, other: "Period", slack_days: int = 1) -> bool:
        return _near(self.start, other.start, slack_days) and _near(self.end, other.end, slack_days)

    def overlaps(self, other: "Period") -> bool:
        return self.start <= other.end and other.start <= self.end

    @property
    def yearless(self) -> bool:
        """Asked without a year ("6 tháng đầu năm"): matches the same months of any year."""
        return self.start.startswith(str(YEARLESS))

    @property
    def years(self) -> set[int]:
        return set(range(int(self.start[:4]), int(self.end[:4]) + 1))


def _near(a: str, b: str, days: int) -> bool:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= days


def _year_span(year: int) -> tuple[str, str]:
    return f"{year}-01-01", f"{year}-12-31"


def _month_end(year: int, month: int) -> str:
    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _date(d: str, m: str, y: str | None, fallback_year: int | None) -> str | None:
    year = y or (str(fallback_year) if fallback_year else None)
    return iso_date(d, m, year) if year else None


def _cited(text: str, start: int) -> bool:
    return bool(_CITED_BEFORE.search(text[max(0, start - 45):start]))


def _build(kind: str, m: re.Match[str], default_year: int | None) -> Period | None:
    g = m.groups()
    if kind == "range":
        end_year = int(g[5]) if g[5] else default_year
        start = _date(g[0], g[1], g[2], end_year)
        end = _date(g[3], g[4], g[5], end_year)
        return Period(kind, start, end, m.group(0)) if start and end and start <= end else None
    if kind == "month_range":
        (m0, y0), (m1, y1) = (int(g[0]), int(g[1])), (int(g[2]), int(g[3]))
        if not (1 <= m0 <= 12 and 1 <= m1 <= 12 and (y0, m0) <= (y1, m1)):
            return None
        return Period("range", f"{y0}-{m0:02d}-01", _month_end(y1, m1), m.group(0))
    if kind == "months":
        year = int(g[2]) if g[2] else default_year
        n = _WORDS.get(g[0]) or int(g[0])
        if not year or not 1 <= n <= 12:
            return None
        first, last = (1, n) if g[1] == "dau" else (13 - n, 12)
        return Period(kind, f"{year}-{first:02d}-01", _month_end(year, last), m.group(0))
    if kind == "quarter":
        year = int(g[1]) if g[1] else default_year
        q = _ROMAN[g[0]]
        if not year:
            return None
        return Period(kind, f"{year}-{3 * q - 2:02d}-01", _month_end(year, 3 * q), m.group(0))
    if kind == "term":
        a, b = int(g[1]), int(g[2])
        return Period(kind, f"{a}-01-01", f"{b}-12-31", m.group(0)) if a <= b else None
    if kind in ("point", "day"):
        day = _date(g[0], g[1], g[2], default_year)
        return Period(kind, day, day, m.group(0)) if day else None
    year = int(g[0])
    start, end = _year_span(year)
    return Period(kind, start, end, m.group(0))


def _plain(folded: str) -> str:
    """Worded dates as numbers ("9 thang 9 nam 2023" -> "9/9/2023"), quoted names blanked (the
    "giai đoạn 2020-2025" of a programme's name is not a period of the report), offsets kept."""
    folded = _WORDED_DATE.sub(lambda m: f"{m.group(1)}/{m.group(2)}/{m.group(3)}".ljust(len(m.group(0))), folded)
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), folded)


def periods_in(text: str, default_year: int | None = None, bare_years: bool = False) -> list[Period]:
    """Periods stated in `text` (written or folded), in order of appearance, none overlapping.

    `default_year` completes "6 tháng đầu năm" or "từ 01/7 đến 15/10" without a year (YEARLESS
    marks them as asked without one); `bare_years`: also read a year standing alone ("2024"), as
    questions often write it.
    """
    folded = _plain(fold(text))
    taken: list[tuple[int, int]] = []
    found: list[Period] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if kind in ("day", "point") and _cited(folded, m.start()):
                taken.append((m.start(), m.end()))
                continue
            period = _build(kind, m, default_year)
            if period:
                found.append(Period(period.kind, period.start, period.end, period.text, m.start()))
                taken.append((m.start(), m.end()))
    if bare_years:
        for m in _BARE_YEAR.finditer(folded):
            if not any(a <= m.start() < b for a, b in taken):
                start, end = _year_span(int(m.group(1)))
                found.append(Period("year", start, end, m.group(1), m.start()))
    return sorted(found, key=lambda p: p.at)


def label(period: Period) -> str:
    """How the answer line names a period: "năm 2025", "quý III/2025", "6 tháng đầu năm 2026", ..."""
    y0, y1 = ("", "") if period.yearless else (period.start[:4], period.end[:4])
    if period.kind == "year":
        return f"năm {y0}"
    if period.kind == "quarter":
        q = (int(period.start[5:7]) + 2) // 3
        return f"quý {['I', 'II', 'III', 'IV'][q - 1]}" + (f"/{y0}" if y0 else "")
    if period.kind == "months":
        m0, m1 = int(period.start[5:7]), int(period.end[5:7])
        return (f"{m1} tháng đầu năm {y0}" if m0 == 1 else f"{13 - m0} tháng cuối năm {y0}").strip()
    if period.kind == "term":
        return f"{y0}-{y1}"
    if period.kind in ("point", "day"):
        return f"đến {vn_date(period.start)}" if period.kind == "point" else f"ngày {vn_date(period.start)}"
    return f"từ {vn_date(period.start)} đến {vn_date(period.end)}"


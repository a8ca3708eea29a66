"""The measures of "Đặc điểm tình hình" (area, population, households, villages, Party members and
organisations), recognised by a figure's unit and label, and the latest stated value of each.

A figure a draft states is a StatedFigure: the stored figure with its sentence, qualifier ("hơn")
and the date its value holds at (stated in the sentence, else the report's date, else the end of
the report's period).
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.text.dates import iso_date
from ingest.text.normal import fold
from ingest.text.sentences import sentence_spans
from ingest.text.units import norm_unit
from knowledge.drafting.outline import Outline, effective_kind
from knowledge.store.records import DocumentRecord, FigureRecord


@dataclass(frozen=True)
class Measure:
    key: str
    group: str  # "territory" | "party": one sentence per group and source
    units: tuple[str, ...]  # folded units (prefix match on words)
    label_any: tuple[str, ...] = ()  # the label (or the words before the number) must hold one
    exclude: tuple[str, ...] = ()  # ... and none of these
    name: str = ""  # Vietnamese, for "no figures" notes


MEASURES = (
    Measure("area", "territory", ("km2", "ha"), ("dien tich",),
            ("nong nghiep", "lua", "rung", "dat o", "canh tac", "gieo", "trong", "mat nuoc", "nha", "san xuat",
             "thu hoi", "giai phong", "cong trinh"), "diện tích"),
    Measure("population", "territory", ("nguoi", "nhan khau"), ("dan so", "nhan khau"),
            ("mat do", "tang", "giam", "tre", "ngheo", "do tuoi", "lao dong"), "dân số"),
    Measure("households", "territory", ("ho", "ho gia dinh", "ho dan"), (),
            ("ngheo", "chinh sach", "kinh doanh", "ho tro", "san xuat", "co cong", "bao tro", "vay", "duoc",
             "ket nap", "ho so"), "số hộ"),
    Measure("villages", "territory", ("thon", "to dan pho", "khu dan cu", "khu pho"), (),
            ("chi bo", "van hoa", "dat chuan", "kieu mau"), "số thôn"),
    Measure("party_members", "party", ("dang vien",), (),
            ("moi", "ket nap", "du bi", "mien", "ky luat", "khai tru", "danh gia", "huy hieu", "chuyen", "xoa ten",
             "hoc tap", "quan triet", "tham gia", "cho", "xep loai", "khen"), "đảng viên"),
    Measure("party_orgs", "party", ("to chuc co so dang", "to chuc dang", "chi bo", "chi, dang bo", "dang bo",
                                    "chi dang bo"), (),
            ("moi thanh lap", "xep loai", "danh gia", "kiem tra", "giam sat", "hoan thanh"), "tổ chức đảng"),
)
REQUIRED_MEASURES = ("area", "population", "party_members")  # a "Đặc điểm" without one of these gets a note
_QUALIFIERS = ("hơn", "khoảng", "gần", "trên", "ước", "dưới", "trên dưới")
AS_OF = re.compile(r"(?:tính\s+)?đến\s+(?:hết\s+)?(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})",
                   re.IGNORECASE)
_CONTEXT_CHARS = 40  # words just before a number that say what it counts ("dân số toàn xã là ...")
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d{2})(?!\d)")
_QUARTER = {"i": "03-31", "1": "03-31", "ii": "06-30", "2": "06-30", "iii": "09-30", "3": "09-30",
            "iv": "12-31", "4": "12-31"}


def period_end(period: str | None) -> str | None:
    """The last day a report's period covers: "01/7/2025–25/5/2026" -> 2026-05-25, "quý III năm 2025" -> 2025-09-30."""
    if not period:
        return None
    dates = [iso_date(*m.groups()) for m in _DMY.finditer(period)]
    dates = [d for d in dates if d]
    if dates:
        return max(dates)
    f = fold(period)
    year = re.findall(r"(?:19|20)\d{2}", f)
    if not year:
        return None
    y = year[-1]
    m = re.search(r"\bquy\s+(iv|iii|ii|i|[1-4])\b", f)
    if m:
        return f"{y}-{_QUARTER[m.group(1)]}"
    m = re.search(r"\b(\d{1,2}) thang dau", f)
    if m and 1 <= int(m.group(1)) <= 12:
        month = int(m.group(1))
        return f"{y}-{month:02d}-{calendar.monthrange(int(y), month)[1]:02d}"
    return f"{y}-12-31"


def sentence_span(paragraph: str, pos: int) -> tuple[int, int]:
    """The sentence of the paragraph holding offset `pos` (the whole paragraph when none does)."""
    for a, b in sentence_spans(paragraph):
        if a <= pos < b:
            return a, b
    return 0, len(paragraph)


def measure_of(fig: FigureRecord, before: str) -> str | None:
    """Which measure a prose figure states, from its unit, label and the words just before it."""
    unit = norm_unit(fig.unit)
    context = fold(f"{fig.label} {before[-_CONTEXT_CHARS:]}")
    for m in MEASURES:
        if not any(unit == u or unit.startswith(u + " ") for u in m.units):
            continue
        if m.label_any and not any(w in context for w in m.label_any):
            continue
        if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", context) for w in m.exclude):
            continue
        return m.key
    return None


@dataclass(frozen=True)
class StatedFigure:
    """A stored figure as a draft states it."""

    figure: FigureRecord
    span: tuple[int, int]  # its sentence in the paragraph
    qualifier: str  # "hơn", "khoảng"... written just before the number ("" when none)
    as_of: str | None  # ISO date the value holds at
    as_of_kind: str | None  # "explicit" (in its sentence) | "document" (the report's date) | "period" (its end)
    measure: str | None  # the MEASURES key the draft states it as, None for any other figure
    in_kind: bool = False  # stated inside a "Đặc điểm" section

    @property
    def sentence(self) -> str:
        return self.figure.paragraph_text[self.span[0]:self.span[1]]

    def public(self) -> dict:
        """The shape of Draft.figures."""
        f = self.figure
        return {"value": f.value, "unit": f.unit, "label": f.label, "doc_id": f.doc_id, "raw": f.raw,
                "as_of": self.as_of, "measure": self.measure}


def stated_figure(fig: FigureRecord, doc: DocumentRecord, measure: str | None, in_kind: bool = False) -> StatedFigure:
    para = fig.paragraph_text
    a, b = sentence_span(para, fig.start)
    before = para[a:fig.start]
    explicit = list(AS_OF.finditer(before))
    as_of, as_of_kind = None, None
    if explicit:
        as_of, as_of_kind = iso_date(*explicit[-1].groups()), "explicit"
    if not as_of and doc.date:
        as_of, as_of_kind = doc.date, "document"
    if not as_of and doc.period:
        as_of, as_of_kind = period_end(doc.period), "period"
    qualifier = next((q for q in sorted(_QUALIFIERS, key=len, reverse=True)
                      if re.search(rf"(?<!\w){q}\s*$", before, re.IGNORECASE)), "")
    return StatedFigure(fig, (a, b), qualifier, as_of, as_of_kind, measure, in_kind)


def eligible_measure(fig: FigureRecord, sections: Outline, commune: str) -> str | None:
    """The measure of a prose figure stated where a report describes the commune, else None.

    Where: a section of the "Đặc điểm tình hình" kind, or an unclassified one when the
    sentence names the commune ("Xã Quang Minh hiện có 05 thôn").
    """
    kind = effective_kind(sections, fig.section)
    para = fig.paragraph_text
    a, _ = sentence_span(para, fig.start)
    before = para[a:fig.start]
    if kind != "dac_diem" and not (kind is None and fold(f"xã {commune}") in fold(before)):
        return None
    return measure_of(fig, before)


def latest_measures(figures: Sequence[FigureRecord], docs_by_id: dict[str, DocumentRecord],
                    sections_of: dict[str, Outline], commune: str) -> dict[str, StatedFigure]:
    """The latest stated value of each measure among these prose figures.

    Ties on the as-of date go to the report's own "Đặc điểm" section, then to the first such
    figure of its sentence (a total comes before its parts: "40 tổ chức đảng (gồm 02 ...)").
    """
    recs = []
    for fig in figures:
        sections = sections_of[fig.doc_id]
        measure = eligible_measure(fig, sections, commune)
        if measure:
            recs.append(stated_figure(fig, docs_by_id[fig.doc_id], measure,
                                      effective_kind(sections, fig.section) == "dac_diem"))
    firsts: dict[tuple, StatedFigure] = {}
    for r in recs:
        key = (r.figure.doc_id, r.figure.paragraph, r.span, r.measure)
        if key not in firsts or r.figure.start < firsts[key].figure.start:
            firsts[key] = r
    best: dict[str, tuple[tuple, StatedFigure]] = {}
    for r in recs:
        first = firsts[(r.figure.doc_id, r.figure.paragraph, r.span, r.measure)] is r
        rank = (r.as_of or "", r.in_kind, first, -r.figure.seq)
        if r.measure not in best or rank > best[r.measure][0]:
            best[r.measure] = (rank, r)
    return {m: v[1] for m, v in best.items()}

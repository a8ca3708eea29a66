"""What an answer looks like: the Answer and its Sources, and the Vietnamese phrases of its lines.

The answer line comes first and stands alone: the value, what it measures, its period and its
report ("17 đảng viên — kết nạp 17 đảng viên mới (6 tháng đầu năm 2026, Báo cáo số
45/BC-UBND)"). An abstention's first line says only that the documents do not have it; what
they do have follows on its own lines. The sources come last, one "Nguồn:" line each.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ingest.text.dates import vn_date
from ingest.text.periods import Period, label
from knowledge.store.records import DocumentRecord, document_label

NOT_FOUND = "Không tìm thấy thông tin này trong các tài liệu đã nạp."
SOURCES_MARK = "\nNguồn:"
HAVE_MARK = "\nTài liệu có:"
NEAREST_MARK = "\nCác đoạn gần nhất:"
MAX_OPENING = 400  # a section's opening, quoted as the answer to a question naming its topic
MAX_CLAUSE = 180  # a longer sentence (or clause) is not repeated on the answer line


@dataclass(frozen=True)
class Source:
    doc_id: str
    file: str
    title: str | None
    number: str | None
    date: str | None
    section: str
    quote: str


@dataclass(frozen=True)
class Answer:
    question: str
    intent: str
    text: str
    abstained: bool
    sources: tuple[Source, ...]
    confidence: float = 0.0

    @property
    def lead(self) -> str:
        """The answer line(s), without what follows: near misses, nearest passages, sources."""
        cut = len(self.text)
        for mark in (SOURCES_MARK, HAVE_MARK, NEAREST_MARK):
            at = self.text.find(mark)
            if at >= 0:
                cut = min(cut, at)
        return self.text[:cut]

    def as_dict(self) -> dict:
        return {"question": self.question, "intent": self.intent, "answer": self.text, "abstained": self.abstained,
                "confidence": round(self.confidence, 3), "sources": [asdict(s) for s in self.sources]}


def period_label(period: Period | None, doc: DocumentRecord) -> str:
    if period is not None:
        return label(period)
    return f"báo cáo ngày {vn_date(doc.date)}" if doc.date else ""


def figure_line(raw: str, unit: str | None, clause: str, period: Period | None, doc: DocumentRecord,
                commune: str | None = None) -> str:
    """ "36 đảng viên — toàn Đảng bộ kết nạp 36 đảng viên mới (năm 2025, Báo cáo số 38-BC/ĐU ...)"."""
    value = f"{raw} {unit}".strip() if unit else raw
    said = f" — {clause}" if clause and clause.strip() != value and len(clause) <= MAX_CLAUSE else ""
    where = [p for p in (period_label(period, doc), doc.short_label, f"xã {commune}" if commune else "") if p]
    return f"{value}{said} ({', '.join(where)})"


def cite(s: Source, quote: bool = True) -> str:
    section = f", mục {s.section}" if s.section else ""
    said = f": “{s.quote}”" if quote else ""
    return f"{document_label(s.title, s.number, s.date, s.file)} ({s.file}){section}{said}"


def compose(lines: list[str], sources: list[Source], have: list[str] = (), nearest: list[Source] = ()) -> str:
    """Answer lines, then what the documents have instead, nearest passages, sources."""
    text = "\n".join(lines)
    if have:
        text += HAVE_MARK + "\n" + "\n".join(f"- {h}" for h in have)
    if nearest:
        text += NEAREST_MARK + "\n" + "\n".join(f"- {cite(s)}" for s in nearest)
    if sources:
        text += "".join(f"{SOURCES_MARK} {cite(s)}" for s in sources)
    return text


def unique(sources: list[Source]) -> list[Source]:
    seen, out = set(), []
    for s in sources:
        if (s.doc_id, s.quote) not in seen:
            seen.add((s.doc_id, s.quote))
            out.append(s)
    return out

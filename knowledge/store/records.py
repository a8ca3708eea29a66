"""Typed rows of the knowledge base, as knowledge.store.reads returns them to search, qa, directives
and drafting: a document, a section, a paragraph, a table, a figure and a citation (each of the
last two with its paragraph, section path and document), and how a document is named to the user.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from ingest.text.dates import vn_date
from ingest.text.normal import squash


def document_label(title: str | None, number: str | None, date: str | None, file: str | None) -> str:
    """How a document is named in a source line: «title» số N ngày d/m/yyyy (the file when untitled)."""
    label = f"«{title}»" if title else (file or "")
    if number:
        label += f" số {number}"
    if date:
        label += f" ngày {vn_date(date)}"
    return label


DOCUMENT_COLUMNS = ("id", "file", "source", "commune", "doc_type", "title", "number", "date", "issuer",
                    "meta_commune", "period", "signer", "fmt", "size", "warnings")


@dataclass(frozen=True)
class DocumentRecord:
    """A stored document: its file, commune (access scope) and header metadata."""

    id: str
    file: str
    source: str
    commune: str | None  # the commune it belongs to
    doc_type: str | None
    title: str | None
    number: str | None
    date: str | None  # ISO
    issuer: str | None
    meta_commune: str | None  # the commune its header names
    period: str | None
    signer: str | None
    fmt: str
    size: int
    warnings: tuple[str, ...] = ()

    @classmethod
    def of(cls, row: dict) -> "DocumentRecord":
        """From a documents row (at least DOCUMENT_COLUMNS)."""
        return cls(**{c: row[c] for c in DOCUMENT_COLUMNS if c != "warnings"},
                   warnings=tuple(json.loads(row["warnings"] or "[]")))

    @property
    def label(self) -> str:
        """«title» số N ngày d/m/yyyy: how answers name their sources."""
        return document_label(self.title, self.number, self.date, self.file)

    @property
    def short_label(self) -> str:
        """How an answer line names its report: "Báo cáo số 45/BC-UBND ngày 18/6/2026", else its
        type and title ("Báo cáo «Kết quả ...»", cut at 80 characters)."""
        kind = self.doc_type or "Văn bản"
        if self.number:
            return f"{kind} số {self.number}" + (f" ngày {vn_date(self.date)}" if self.date else "")
        title = self.title or self.file
        return f"{kind} «{title[:80]}{'…' if len(title) > 80 else ''}»"

    @property
    def reference(self) -> str:
        """The full reference of a source list: type, number, date, issuer, title, period, file."""
        head = self.doc_type or "Tài liệu"
        if self.number:
            head += f" số {self.number}"
        if self.date:
            head += f" ngày {vn_date(self.date)}"
        if self.issuer:
            head += f" của {self.issuer}"
        if self.title:
            head += f" «{squash(self.title)}»"
        if self.period:
            head += f", kỳ báo cáo {self.period}"
        return f"{head} (tệp {self.file})"


def section_path(raw: str | None) -> tuple[str, ...]:
    """A stored JSON heading path as a tuple (empty for a paragraph outside any section)."""
    return tuple(json.loads(raw)) if raw else ()


@dataclass(frozen=True)
class SectionRecord:
    doc_id: str
    idx: int
    parent: int | None
    level: int
    label: str  # "II.", "1.", "a)"
    heading: str  # as written, label included
    path: tuple[str, ...]  # headings from the outermost section down to this one


@dataclass(frozen=True)
class ParagraphRecord:
    doc_id: str
    idx: int
    section: int | None
    is_heading: bool
    table_idx: int | None  # the 0-based table this paragraph stands for
    text: str


@dataclass(frozen=True)
class TableRecord:
    doc_id: str
    idx: int  # 1-based
    title: str
    header_rows: int
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class InParagraph:
    """A figure or citation row with where it is written: its paragraph, section path and document."""

    rowid: int
    doc_id: str
    seq: int  # its order in the document
    paragraph: int
    section: int | None
    start: int  # offsets in the paragraph; a figure of a table cell has start < 0
    end: int
    paragraph_text: str
    section_path: tuple[str, ...]
    document: DocumentRecord

    @property
    def section_text(self) -> str:
        return " > ".join(self.section_path)


@dataclass(frozen=True)
class FigureRecord(InParagraph):
    """A stated number."""

    value: float
    raw: str  # as written: "34.523"
    unit: str | None
    label: str
    sentence: str

    @property
    def in_table(self) -> bool:
        return self.start < 0


@dataclass(frozen=True)
class CitationRecord(InParagraph):
    """A mention of a directive."""

    kind: str  # "Nghị quyết", "Kế hoạch"...
    number: str | None
    symbol: str | None  # "35/KH-UBND"
    date: str | None  # ISO; None when not stated or not a calendar date
    date_text: str | None  # the date as written
    issuer: str | None
    subject: str | None
    issued_by_commune: bool
    text: str  # the mention as written
    key: str  # canonical key of the directive (ingest.citations.canonical_key)

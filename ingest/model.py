"""Frozen dataclasses that flow one way: readers -> normalize -> structure -> extractors -> store.

Every ingest stage takes and returns these; only readers touch files and only
knowledge.store.documents writes them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Grid = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Block:
    """One unit in reading order, as a reader saw it.

    A paragraph (or, for .txt/.pdf, one physical line before re-joining) or a
    table. `style` is the Word style name where there is one ("Heading 1",
    "List Paragraph", "Title"); `numbering` is the list label Word renders
    but does not store in the text ("1.", "a)", "-").
    """

    text: str = ""
    style: str = ""
    numbering: str = ""
    page: int | None = None
    table: Grid | None = None


@dataclass(frozen=True)
class RawDocument:
    """What a reader returns: blocks in reading order plus format facts."""

    path: str
    fmt: str  # "txt" | "docx" | "pdf"
    blocks: tuple[Block, ...]
    pages: int | None = None
    encoding: str | None = None  # .txt: the encoding it was decoded from
    dropped_lines: tuple[str, ...] = ()  # .pdf: repeated headers/footers removed
    warnings: tuple[str, ...] = ()  # Vietnamese notes for the user (pages skipped, ...)
    ocr_pages: tuple[int, ...] = ()  # .pdf: 1-based pages whose text was recognised by OCR


@dataclass(frozen=True)
class Paragraph:
    """A whole paragraph after normalisation, placed in the section tree.

    `section` is the index into ParsedDocument.sections of the innermost
    section the paragraph belongs to (None before the first heading).
    Headings are paragraphs too (`is_heading`), belonging to their own section.
    """

    index: int
    text: str
    section: int | None = None
    is_heading: bool = False
    page: int | None = None
    table: int | None = None  # index into ParsedDocument.tables when this is a table


@dataclass(frozen=True)
class Section:
    """A node of the heading tree. `path` is the headings from the root down, this one last."""

    index: int
    parent: int | None
    level: int
    label: str  # numbering as written: "PHẦN A", "I.", "1.1.", "a)"; "" when none
    heading: str  # the heading line as written (label included)
    path: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    row_header: str  # the row's label (first column(s)), e.g. "Tổng"
    col_header: str  # column headers top-down joined by " – ", e.g. "ĐẢNG ỦY – Nghị quyết"


@dataclass(frozen=True)
class Table:
    index: int  # 1-based order in the document
    title: str  # caption or the line before it, e.g. "2. TỔNG HỢP SỐ LƯỢNG VĂN BẢN ..."
    section: int | None
    header_rows: int
    rows: Grid  # every row, merged cells resolved (value repeated across the span)
    cells: tuple[Cell, ...]  # body cells with text, with their headers

    def row_text(self, row: int) -> str:
        """The row as a line of tab-separated cells (how tables are quoted)."""
        return "\t".join(self.rows[row])


@dataclass(frozen=True)
class Citation:
    """One mention of a numbered document, exactly as written."""

    kind: str  # full type word: "Nghị quyết", "Quyết định", "Kế hoạch", ...
    number: str | None  # "1669", "01" (leading zeros kept)
    symbol: str | None  # "1669/NQ-UBTVQH15", "20-NQ/ĐU" (inner spaces removed, errors kept)
    date: str | None  # ISO "2025-06-16"; None when absent or invalid ("26/6/223")
    date_text: str | None  # the date as written
    issuer: str | None
    subject: str | None
    issued_by_commune: bool
    text: str  # the mention exactly as written in the paragraph
    start: int  # span of `text` in the paragraph
    end: int
    key: str  # canonical directive key: same directive cited anywhere -> same key


@dataclass(frozen=True)
class Figure:
    """A number as written, its parsed value and what it measures."""

    value: float
    raw: str  # as written: "1.280", "26,64", "53/53", "525tỷ550 triệu đồng"
    unit: str | None  # "người", "đảng viên", "%", "km²", "triệu đồng", "hồ sơ"
    label: str  # the noun phrase it counts/measures: "dân số", "đảng viên", "hồ sơ trực tuyến"
    sentence: str  # the sentence (or the table row, tab-separated) it stands in
    start: int  # span of `raw` in the paragraph (or -1 for table cells)
    end: int


@dataclass(frozen=True)
class DocMetadata:
    doc_type: str | None = None  # "Báo cáo", "Nghị quyết", "Kế hoạch", ...
    title: str | None = None
    number: str | None = None  # own number/symbol as written: "02 -BC/BCĐ"
    date: str | None = None  # ISO
    issuer: str | None = None
    commune: str | None = None  # "Cẩm Giang" (without "xã")
    period: str | None = None
    signer: str | None = None


@dataclass(frozen=True)
class ParsedDocument:
    path: str
    fmt: str
    content_hash: str
    metadata: DocMetadata
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    tables: tuple[Table, ...]
    # citations/figures keyed by paragraph index (table figures by paragraph of the table)
    citations: tuple[tuple[int, Citation], ...] = field(default=())
    figures: tuple[tuple[int, Figure], ...] = field(default=())
    warnings: tuple[str, ...] = ()  # Vietnamese notes for the user (dropped pages, ...)
    pages: int | None = None
    encoding: str | None = None
    ocr_pages: tuple[int, ...] = ()  # 1-based pages whose text was recognised by OCR

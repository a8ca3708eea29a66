"""Passages: the retrieval units, cut along the section tree (never across a section).

Prose paragraphs of one section are packed greedily up to MAX_CHARS; a longer
paragraph is split between sentences. A table is one passage (title, header
rows and body rows as tab-separated lines) or, when large, several with the
header rows repeated. A heading with nothing under it is its own passage. The closing block
("Trên đây là báo cáo ...", "Nơi nhận:", signatures) is left out. Pure: paragraphs and tables in, passage records out.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import Paragraph, Section, Table
from ingest.text.sentences import CLAUSE_ENDS, sentence_spans

MAX_CHARS = 1200  # chosen by measurement: see BENCHMARKS.md (passage size sweep)
_CLOSING = re.compile(r"(Nơi nhận|Nơi gửi)\s*:|Trên đây là\b", re.IGNORECASE)


@dataclass(frozen=True)
class Passage:
    idx: int
    section: int | None
    kind: str  # "text" | "table"
    text: str  # the passage as written (quotable)
    context: str  # heading path, " > " joined ("" before the first heading)


def split_long(text: str, limit: int) -> list[str]:
    """Split a paragraph between sentences (or list items ending in ";") into pieces of at most ~limit characters."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    first, last = -1, -1  # where the piece being packed starts and ends
    for a, b in sentence_spans(text, CLAUSE_ENDS):
        if first >= 0 and b - first > limit:
            pieces.append(text[first:last])
            first = -1
        if first < 0:
            first = a
        last = b
    if first >= 0:
        pieces.append(text[first:last])
    return pieces


def table_passages(table: Table, limit: int) -> list[str]:
    head = [table.title] if table.title else []
    head += [table.row_text(r) for r in range(table.header_rows)]
    body = [table.row_text(r) for r in range(table.header_rows, len(table.rows))]
    chunks, current = [], []
    for line in body:
        if current and len("\n".join(head + current + [line])) > limit:
            chunks.append("\n".join(head + current))
            current = []
        current.append(line)
    if current or not chunks:
        chunks.append("\n".join(head + current))
    return chunks


def make_passages(
    paragraphs: Sequence[Paragraph], sections: Sequence[Section], tables: Sequence[Table], limit: int = MAX_CHARS
) -> list[Passage]:
    paths = {s.index: " > ".join(s.path) for s in sections}
    tables_by_index = {t.index: t for t in tables}
    out: list[Passage] = []
    buffer: list[str] = []
    buffer_section: int | None = None

    def emit(section: int | None, kind: str, text: str) -> None:
        out.append(Passage(len(out), section, kind, text, paths.get(section, "")))

    def flush() -> None:
        if buffer:
            emit(buffer_section, "text", "\n".join(buffer))
            buffer.clear()

    # A heading with nothing under it ("1. Tập trung giải quyết dứt điểm hồ sơ tồn đọng ...") says
    # its content itself: it is its own passage, or its words would be found nowhere.
    parents = {s.parent for s in sections}
    bodied = {p.section for p in paragraphs if not p.is_heading}
    closing = False  # inside the closing formula, "Nơi nhận:", signatures: not retrievable content
    for p in paragraphs:
        if p.section != buffer_section:
            flush()
            buffer_section = p.section
        if p.is_heading:
            closing = False
            if p.section not in bodied and p.section not in parents:
                emit(p.section, "text", p.text)
            continue
        if _CLOSING.match(p.text):
            flush()
            closing = True
        if closing:
            continue
        if p.table is not None:
            flush()
            for chunk in table_passages(tables_by_index[p.table + 1], limit):
                emit(p.section, "table", chunk)
            continue
        for piece in split_long(p.text, limit):
            if buffer and len("\n".join(buffer)) + 1 + len(piece) > limit:
                flush()
            buffer.append(piece)
    flush()
    return out

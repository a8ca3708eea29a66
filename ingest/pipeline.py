"""From a file to a ParsedDocument: the one path every ingest takes.

read -> normalise -> outline (sections, paragraphs) -> tables -> metadata
-> citations -> figures. Pure apart from reading the file.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.citations.mentions import extract_citations
from ingest.figures.cells import table_figures
from ingest.figures.prose import extract_figures
from ingest.metadata.extract import extract_metadata
from ingest.model import Citation, Figure, ParsedDocument, Table
from ingest.normalize import normalize_blocks
from ingest.readers import read_file
from ingest.structure import build_outline
from ingest.tables import build_table

# Bump when parsing changes what is extracted: stored documents are then re-parsed on re-ingest.
PARSER_VERSION = 5


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_document(path: Path | str) -> ParsedDocument:
    """Parse one file. Raises ingest.errors.IngestError (Vietnamese message) on bad input."""
    path = Path(path)
    raw = read_file(path)
    blocks = normalize_blocks(raw.blocks, raw.fmt)
    sections, paragraphs = build_outline(blocks)
    grids = [b.table for b in blocks if b.table is not None]

    tables: list[Table] = []
    table_paragraph: dict[int, int] = {}
    previous_text = ""
    for p in paragraphs:
        if p.table is not None:
            tables.append(build_table(grids[p.table], p.table + 1, previous_text, p.section))
            table_paragraph[p.table] = p.index
        else:
            previous_text = p.text

    prose = [p for p in paragraphs if p.table is None]
    metadata = extract_metadata(
        [p.text for p in prose],
        [s.heading for s in sections],
        tables=["\n".join(t.row_text(r) for r in range(len(t.rows))) for t in tables],
    )

    citations: list[tuple[int, Citation]] = []
    figures: list[tuple[int, Figure]] = []
    for p in prose:
        found = extract_citations(p.text, commune=metadata.commune)
        citations.extend((p.index, c) for c in found)
        figures.extend((p.index, f) for f in extract_figures(p.text, exclude=[(c.start, c.end) for c in found]))
    for k, table in enumerate(tables):
        figures.extend((table_paragraph[k], f) for f in table_figures(table))

    return ParsedDocument(
        path=str(path),
        fmt=raw.fmt,
        content_hash=file_hash(path),
        metadata=metadata,
        sections=tuple(sections),
        paragraphs=tuple(paragraphs),
        tables=tuple(tables),
        citations=tuple(citations),
        figures=tuple(figures),
        warnings=raw.warnings,
        pages=raw.pages,
        encoding=raw.encoding,
        ocr_pages=raw.ocr_pages,
    )

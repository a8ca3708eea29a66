"""Reads of the knowledge base as typed records (knowledge.store.records): documents, sections,
paragraphs, tables, figures and citations, each figure and citation joined with its paragraph,
section path and document. Nothing here writes.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from knowledge.store.records import (
    DOCUMENT_COLUMNS,
    CitationRecord,
    DocumentRecord,
    FigureRecord,
    ParagraphRecord,
    SectionRecord,
    TableRecord,
    section_path,
)

_COLUMNS = ", ".join(DOCUMENT_COLUMNS)
_CHUNK = 500  # ids per IN (...) list, well under SQLite's bound on parameters


def _marks(values: Sequence) -> str:
    return ", ".join("?" * len(values))


# ---------------------------------------------------------------- documents

def document(db: Database, doc_id: str) -> DocumentRecord | None:
    rows = db.execute_returning_dicts(f"SELECT {_COLUMNS} FROM documents WHERE id = ?", [doc_id])
    return DocumentRecord.of(rows[0]) if rows else None


def documents(db: Database, communes: Sequence[str] | None = None) -> list[DocumentRecord]:
    """Every document (or those of the given communes), by file name."""
    where, params = ("", []) if communes is None else (f"WHERE commune IN ({_marks(communes)})", list(communes))
    return [DocumentRecord.of(r) for r in db.execute_returning_dicts(
        f"SELECT {_COLUMNS} FROM documents {where} ORDER BY file, id", params)]


def documents_by_id(db: Database, doc_ids: Iterable[str]) -> dict[str, DocumentRecord]:
    ids = sorted(set(doc_ids))
    out = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for r in db.execute_returning_dicts(f"SELECT {_COLUMNS} FROM documents WHERE id IN ({_marks(chunk)})", chunk):
            out[r["id"]] = DocumentRecord.of(r)
    return out


def matching_documents(db: Database, ref: str) -> list[DocumentRecord]:
    """Documents whose id starts with `ref`, or whose file or source is `ref`."""
    return [DocumentRecord.of(r) for r in db.execute_returning_dicts(
        f"SELECT {_COLUMNS} FROM documents WHERE id LIKE ? OR file = ? OR source = ? ORDER BY id",
        [ref + "%", ref, ref])]


def numbered_documents(db: Database) -> list[DocumentRecord]:
    """Documents whose header gives a type and a number (candidate own texts of directives), latest first."""
    return [DocumentRecord.of(r) for r in db.execute_returning_dicts(
        f"SELECT {_COLUMNS} FROM documents WHERE doc_type IS NOT NULL AND number IS NOT NULL ORDER BY date DESC, id")]


def document_counts(db: Database) -> dict[str, tuple[int, int]]:
    """Document id -> (figures, citations) it states."""
    return {r[0]: (r[1], r[2]) for r in db.execute(
        """SELECT d.id, (SELECT count(*) FROM figures f WHERE f.doc_id = d.id),
                  (SELECT count(*) FROM citations c WHERE c.doc_id = d.id) FROM documents d""")}


def document_communes(db: Database) -> list[str]:
    """The communes that own documents, sorted."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT commune FROM documents WHERE commune IS NOT NULL ORDER BY commune")]


def citation_signature(db: Database) -> tuple[int, ...]:
    """Changes whenever a citation or a document is added or removed (caches of the registry compare it)."""
    return tuple(db.execute(
        "SELECT (SELECT count(*) FROM citations), (SELECT max(rowid) FROM citations), "
        "(SELECT count(*) FROM documents), (SELECT max(rowid) FROM documents)").fetchone())


# ---------------------------------------------------------------- inside a document

def sections(db: Database, doc_id: str) -> list[SectionRecord]:
    return [SectionRecord(doc_id, r["idx"], r["parent"], r["level"], r["label"], r["heading"], section_path(r["path"]))
            for r in db.execute_returning_dicts(
                "SELECT idx, parent, level, label, heading, path FROM sections WHERE doc_id = ? ORDER BY idx",
                [doc_id])]


def _paragraph(doc_id: str, r: dict) -> ParagraphRecord:
    return ParagraphRecord(doc_id, r["idx"], r["section"], bool(r["is_heading"]), r["table_idx"], r["text"])


def paragraphs(db: Database, doc_id: str, in_sections: Iterable[int] | None = None) -> list[ParagraphRecord]:
    """A document's paragraphs in order (only those of `in_sections`, when given)."""
    where, params = "", [doc_id]
    if in_sections is not None:
        ids = sorted(set(in_sections))
        if not ids:
            return []
        where, params = f" AND section IN ({_marks(ids)})", [doc_id, *ids]
    return [_paragraph(doc_id, r) for r in db.execute_returning_dicts(
        f"SELECT idx, section, is_heading, table_idx, text FROM paragraphs WHERE doc_id = ?{where} ORDER BY idx",
        params)]


def paragraph_with_text(db: Database, doc_id: str, text: str) -> ParagraphRecord | None:
    """The first paragraph of the document that reads exactly `text`."""
    rows = db.execute_returning_dicts(
        "SELECT idx, section, is_heading, table_idx, text FROM paragraphs WHERE doc_id = ? AND text = ? "
        "ORDER BY idx LIMIT 1", [doc_id, text])
    return _paragraph(doc_id, rows[0]) if rows else None


def paragraphs_before(db: Database, doc_id: str, idx: int, n: int) -> list[tuple[int, int | None, str]]:
    """(idx, section, text) of the n paragraphs before `idx` in the document, nearest first."""
    return [tuple(r) for r in db.execute(
        "SELECT idx, section, text FROM paragraphs WHERE doc_id = ? AND idx < ? AND idx >= ? ORDER BY idx DESC",
        [doc_id, idx, idx - n])]


def _table(doc_id: str, r: dict) -> TableRecord:
    return TableRecord(doc_id, r["idx"], r["title"], r["header_rows"], tuple(tuple(x) for x in json.loads(r["rows"])))


def tables(db: Database, doc_id: str) -> list[TableRecord]:
    return [_table(doc_id, r) for r in db.execute_returning_dicts(
        "SELECT idx, title, header_rows, rows FROM doc_tables WHERE doc_id = ? ORDER BY idx", [doc_id])]


def table(db: Database, doc_id: str, idx: int) -> TableRecord | None:
    """A document's table by its 1-based index."""
    rows = db.execute_returning_dicts(
        "SELECT idx, title, header_rows, rows FROM doc_tables WHERE doc_id = ? AND idx = ?", [doc_id, idx])
    return _table(doc_id, rows[0]) if rows else None


# ---------------------------------------------------------------- figures and citations

def _in_paragraph(db: Database, record: type, alias: str, columns: str, joins: str, order: str,
                  doc_ids: Sequence[str] | None, rowids: Sequence[int] | None, flags: tuple[str, ...] = ()) -> list:
    """Rows of figures or citations (`alias`) with their paragraph text, section path and document;
    `flags` are 0/1 columns read as booleans."""
    if (doc_ids is not None and not doc_ids) or (rowids is not None and not rowids):
        return []
    where, params = [], []
    if doc_ids is not None:
        where.append(f"{alias}.doc_id IN ({_marks(doc_ids)})")
        params += list(doc_ids)
    if rowids is not None:
        where.append(f"{alias}.rowid IN ({_marks(rowids)})")
        params += list(rowids)
    rows = db.execute_returning_dicts(
        f"""SELECT {alias}.rowid AS rowid, {alias}.doc_id, {alias}.seq, {alias}.paragraph, {alias}.section,
                   {alias}.start, {alias}."end", {columns}, p.text AS paragraph_text, s.path AS section_path
            {joins}
            JOIN paragraphs p ON p.doc_id = {alias}.doc_id AND p.idx = {alias}.paragraph
            LEFT JOIN sections s ON s.doc_id = {alias}.doc_id AND s.idx = {alias}.section
            {"WHERE " + " AND ".join(where) if where else ""} ORDER BY {order}""", params)
    docs = documents_by_id(db, (r["doc_id"] for r in rows))
    return [record(**{**r, "section_path": section_path(r["section_path"]), **{f: bool(r[f]) for f in flags}},
                   document=docs[r["doc_id"]]) for r in rows]


def figures(db: Database, *, doc_ids: Sequence[str] | None = None,
            rowids: Sequence[int] | None = None) -> list[FigureRecord]:
    """Figures (of these documents, with these rowids; all when both are None) by document and order."""
    return _in_paragraph(db, FigureRecord, "f", "f.value, f.raw, f.unit, f.label, f.sentence", "FROM figures f",
                         "f.doc_id, f.seq", doc_ids, rowids)


def figure_rowids_in_sections(db: Database, sections: Iterable[tuple[str, int | None]]) -> list[int]:
    """Rowids of the figures standing in these sections ((doc_id, section idx))."""
    out: list[int] = []
    for doc_id, section in dict.fromkeys(sections):
        out += [r[0] for r in db.execute("SELECT rowid FROM figures WHERE doc_id = ? AND section IS ?",
                                         [doc_id, section])]
    return out


def citations(db: Database, *, doc_ids: Sequence[str] | None = None,
              rowids: Sequence[int] | None = None) -> list[CitationRecord]:
    """Citations (of these documents, with these rowids; all when both are None): latest document first."""
    return _in_paragraph(db, CitationRecord, "c", "c.kind, c.number, c.symbol, c.date, c.date_text, c.issuer, "
                         "c.subject, c.issued_by_commune, c.text, c.key",
                         "FROM citations c JOIN documents d ON d.id = c.doc_id", "d.date DESC, c.doc_id, c.seq",
                         doc_ids, rowids, flags=("issued_by_commune",))

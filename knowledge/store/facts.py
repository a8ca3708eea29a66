"""Typed reads of what question answering works from: figures in their paragraph, section and
document; the paragraphs around a place; documents. Read-only; every function takes the db."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    file: str
    title: str | None
    number: str | None
    date: str | None  # ISO
    doc_type: str | None
    commune: str | None
    period: str | None  # as the report states it ("quý III năm 2025")
    issuer: str | None
    signer: str | None


@dataclass(frozen=True)
class FigureFact:
    rowid: int
    doc_id: str
    seq: int
    paragraph: int
    section: int | None
    value: float
    raw: str
    unit: str | None
    label: str
    sentence: str
    start: int  # offset in the paragraph; -1 for a table cell
    end: int
    paragraph_text: str
    section_path: tuple[str, ...]

    @property
    def in_table(self) -> bool:
        return self.start < 0


def _path(raw: str | None) -> tuple[str, ...]:
    return tuple(json.loads(raw)) if raw and raw.startswith("[") else ((raw,) if raw else ())


def figures(db: Database, rowids: Sequence[int]) -> list[FigureFact]:
    """These figures (by rowid) with their paragraph text and section path, in document order."""
    if not rowids:
        return []
    out = []
    for start in range(0, len(rowids), 500):
        chunk = list(rowids[start:start + 500])
        out += db.execute_returning_dicts(
            f"""SELECT f.rowid AS rowid, f.doc_id, f.seq, f.paragraph, f.section, f.value, f.raw, f.unit, f.label,
                       f.sentence, f.start, f."end" AS "end", p.text AS paragraph_text, s.path AS section_path
                FROM figures f JOIN paragraphs p ON p.doc_id = f.doc_id AND p.idx = f.paragraph
                LEFT JOIN sections s ON s.doc_id = f.doc_id AND s.idx = f.section
                WHERE f.rowid IN ({', '.join('?' * len(chunk))})""", chunk)
    out.sort(key=lambda r: (r["doc_id"], r["seq"]))
    return [FigureFact(**{**r, "section_path": _path(r["section_path"])}) for r in out]


def figures_in_sections(db: Database, sections: Iterable[tuple[str, int | None]]) -> list[int]:
    """Rowids of the figures standing in these sections ((doc_id, section idx))."""
    out: list[int] = []
    for doc_id, section in dict.fromkeys(sections):
        out += [r[0] for r in db.execute("SELECT rowid FROM figures WHERE doc_id = ? AND section IS ?",
                                         [doc_id, section])]
    return out


def paragraphs_before(db: Database, doc_id: str, idx: int, n: int = 4) -> list[tuple[int, int | None, str]]:
    """(idx, section, text) of the n paragraphs before `idx` in the document, nearest first."""
    return [tuple(r) for r in db.execute(
        "SELECT idx, section, text FROM paragraphs WHERE doc_id = ? AND idx < ? AND idx >= ? ORDER BY idx DESC",
        [doc_id, idx, idx - n])]


def paragraphs(db: Database, doc_id: str, first: int = 0, last: int | None = None) -> list[tuple[int, str]]:
    """(idx, text) of the document's paragraphs from `first` to `last` (to the end when None)."""
    return [tuple(r) for r in db.execute(
        "SELECT idx, text FROM paragraphs WHERE doc_id = ? AND idx >= ? AND idx <= ? ORDER BY idx",
        [doc_id, first, last if last is not None else 1 << 30])]


def paragraph_count(db: Database, doc_id: str) -> int:
    return db.execute("SELECT count(*) FROM paragraphs WHERE doc_id = ?", [doc_id]).fetchone()[0]


def documents(db: Database, ids: Iterable[str]) -> dict[str, DocumentInfo]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = db.execute_returning_dicts(
        f"""SELECT id, file, title, number, date, doc_type, commune, period, issuer, signer FROM documents
            WHERE id IN ({', '.join('?' * len(ids))})""", ids)
    return {r["id"]: DocumentInfo(**r) for r in rows}


def section_path(db: Database, doc_id: str, section: int | None) -> tuple[str, ...]:
    if section is None:
        return ()
    row = db.execute("SELECT path FROM sections WHERE doc_id = ? AND idx = ?", [doc_id, section]).fetchone()
    return _path(row[0]) if row else ()

"""Documents in the knowledge base: storing, replacing and deleting one in one transaction.

The schema is knowledge.store.schema. Storage functions take the Database as their first argument. Ingesting one
file is one transaction: a failure leaves nothing behind; the same content
ingested twice changes nothing (documents are keyed by content hash, scoped to
the commune when one is given); a changed file (same source name, same commune,
new content) replaces its older version.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from ingest.model import ParsedDocument
from ingest.passages import make_passages
from ingest.pipeline import PARSER_VERSION
from knowledge.store.indexes import CANDIDATE_INDEXES
from knowledge.store.schema import write_transaction

log = logging.getLogger(__name__)

def current_document(db: Database, content_hash: str, commune: str | None) -> dict | None:
    """A stored, up-to-date document with this content (in this commune, when one is given)."""
    scope, params = ("", []) if commune is None else (" AND commune = ?", [commune])
    rows = db.execute_returning_dicts(
        f"""SELECT id, (SELECT count(*) FROM figures f WHERE f.doc_id = d.id) AS figures,
                   (SELECT count(*) FROM citations c WHERE c.doc_id = d.id) AS citations
            FROM documents d WHERE content_hash = ? AND parser_version = ?{scope} ORDER BY id LIMIT 1""",
        [content_hash, PARSER_VERSION, *params],
    )
    return rows[0] if rows else None


@dataclass(frozen=True)
class StoreResult:
    doc_id: str
    status: str  # "added" | "unchanged" | "replaced"
    replaced: tuple[str, ...] = ()


def doc_id_for(content_hash: str, scope: str | None = None) -> str:
    """Document id: the content hash, scoped to the commune it was stored for when one is given,
    so two communes uploading the same file each get their own copy."""
    if scope is None:
        return content_hash[:16]
    return hashlib.sha256(f"{scope}\n{content_hash}".encode()).hexdigest()[:16]


def store_document(
    db: Database, doc: ParsedDocument, *, source: str, size: int, commune: str | None = None
) -> StoreResult:
    """Write a parsed document in one transaction (see the module docstring)."""
    commune = commune or doc.metadata.commune
    doc_id = doc_id_for(doc.content_hash, commune)
    in_scope = "" if commune is None else " AND commune = ?"
    # The "already stored?" decision is read under the write lock (BEGIN IMMEDIATE): a second
    # process storing the same new file waits for the first, then finds its row.
    with write_transaction(db):
        same = db.execute("SELECT parser_version FROM documents WHERE id = ?", [doc_id]).fetchone()
        if same and same[0] == PARSER_VERSION:
            return StoreResult(doc_id, "unchanged")
        old_ids = [r[0] for r in db.execute(f"SELECT id FROM documents WHERE (source = ?{in_scope}) OR id = ?",
                                            [source, *([commune] if commune else []), doc_id])]
        affected = set()
        for old in old_ids:
            affected |= _delete_rows(db, old)
        _insert(db, doc, doc_id, source=source, size=size, commune=commune)
        affected |= {c.key for _, c in doc.citations}
        refresh_directives(db, affected)
    return StoreResult(doc_id, "replaced" if old_ids else "added", tuple(old_ids))


def delete_document(db: Database, doc_id: str) -> bool:
    with write_transaction(db):
        if not db.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone():
            return False
        refresh_directives(db, _delete_rows(db, doc_id))
    return True


def generation(db: Database) -> int:
    """A number that changes with every write of document content: derived indexes held in
    memory (the BM25 side) compare it with the one they were brought up to date at."""
    row = db.execute("SELECT value FROM generation WHERE id = 1").fetchone()
    return row[0] if row else 0


def bump_generation(db: Database) -> None:
    db.execute("INSERT INTO generation (id, value) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET value = value + 1")


def _delete_rows(db: Database, doc_id: str) -> set[str]:
    bump_generation(db)
    keys = {r[0] for r in db.execute("SELECT DISTINCT key FROM citations WHERE doc_id = ?", [doc_id]).fetchall()}
    for index in CANDIDATE_INDEXES:
        index.remove_document(db, doc_id)
    db.execute("DELETE FROM documents WHERE id = ?", [doc_id])  # children cascade
    return keys


def _insert(db: Database, doc: ParsedDocument, doc_id: str, *, source: str, size: int, commune: str | None) -> None:
    bump_generation(db)
    m = doc.metadata
    db["documents"].insert(
        {
            "id": doc_id, "content_hash": doc.content_hash, "source": source, "file": Path(source).name,
            "fmt": doc.fmt, "size": size, "parser_version": PARSER_VERSION, "commune": commune,
            "doc_type": m.doc_type, "title": m.title, "number": m.number, "date": m.date,
            "issuer": m.issuer, "meta_commune": m.commune, "period": m.period, "signer": m.signer,
            "pages": doc.pages, "encoding": doc.encoding,
            "warnings": json.dumps(list(doc.warnings), ensure_ascii=False),
            "ocr_pages": json.dumps(list(doc.ocr_pages)),
        }
    )
    db["sections"].insert_all(
        {"doc_id": doc_id, "idx": s.index, "parent": s.parent, "level": s.level, "label": s.label,
         "heading": s.heading, "path": json.dumps(list(s.path), ensure_ascii=False)}
        for s in doc.sections
    )
    db["paragraphs"].insert_all(
        {"doc_id": doc_id, "idx": p.index, "section": p.section, "is_heading": int(p.is_heading),
         "page": p.page, "table_idx": p.table, "text": p.text}
        for p in doc.paragraphs
    )
    db["doc_tables"].insert_all(
        {"doc_id": doc_id, "idx": t.index, "title": t.title, "section": t.section, "header_rows": t.header_rows,
         "n_rows": len(t.rows), "n_cols": max((len(r) for r in t.rows), default=0),
         "rows": json.dumps([list(r) for r in t.rows], ensure_ascii=False)}
        for t in doc.tables
    )
    db["cells"].insert_all(
        {"doc_id": doc_id, "table_idx": t.index, "row": c.row, "col": c.col, "text": c.text,
         "row_header": c.row_header, "col_header": c.col_header}
        for t in doc.tables
        for c in t.cells
    )
    db["passages"].insert_all(
        {"doc_id": doc_id, "idx": x.idx, "section": x.section, "kind": x.kind, "text": x.text, "context": x.context}
        for x in make_passages(doc.paragraphs, doc.sections, doc.tables)
    )
    section_of = {p.index: p.section for p in doc.paragraphs}
    db["figures"].insert_all(
        {"doc_id": doc_id, "seq": seq, "paragraph": pi, "section": section_of.get(pi), "value": f.value,
         "raw": f.raw, "unit": f.unit, "label": f.label, "sentence": f.sentence, "start": f.start, "end": f.end}
        for seq, (pi, f) in enumerate(doc.figures)
    )
    db["citations"].insert_all(
        {"doc_id": doc_id, "seq": seq, "paragraph": pi, "section": section_of.get(pi), "kind": c.kind,
         "number": c.number, "symbol": c.symbol, "date": c.date, "date_text": c.date_text, "issuer": c.issuer,
         "subject": c.subject, "issued_by_commune": int(c.issued_by_commune), "text": c.text,
         "start": c.start, "end": c.end, "key": c.key}
        for seq, (pi, c) in enumerate(doc.citations)
    )
    for index in CANDIDATE_INDEXES:
        index.index_document(db, doc_id)


def _best(values: Iterable[str | None]) -> str | None:
    """The most often stated value (ties: the longest, then alphabetical), None if never stated."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def refresh_directives(db: Database, keys: Iterable[str]) -> None:
    """Recompute the registry rows of these directive keys from their citations."""
    fields = ("kind", "number", "symbol", "date", "issuer", "subject")
    for key in sorted(set(keys)):
        rows = db.execute(
            f"SELECT {', '.join(fields)} FROM citations WHERE key = ? ORDER BY doc_id, seq", [key]
        ).fetchall()
        db.execute("DELETE FROM directives WHERE key = ?", [key])
        if rows:
            best = {f: _best(r[i] for r in rows) for i, f in enumerate(fields)}
            db["directives"].insert({"key": key, **best, "citation_count": len(rows)})


def content_rows(db: Database) -> dict[str, list[tuple]]:
    """Every content table's rows in a stable order: what 'the same database content' means."""
    tables = ["documents", "sections", "paragraphs", "doc_tables", "cells", "figures", "citations", "directives",
              "passages"]
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}

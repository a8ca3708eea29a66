"""The SQLite knowledge base: owns the schema (ordered migrations) and every write.

Storage functions take the Database as their first argument. Ingesting one
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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from ingest.model import ParsedDocument
from ingest.pipeline import PARSER_VERSION
from knowledge import embedcache
from knowledge.citation_index import CITATIONS
from knowledge.figure_index import FIGURES
from knowledge.doctor import migrate_ocr_pages
from knowledge.passages import make_passages
from knowledge.users import migrate_users

log = logging.getLogger(__name__)

SCHEMA_V1 = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,            -- first 16 hex digits of the content hash
    content_hash TEXT NOT NULL,     -- the same file may be stored once per commune
    source TEXT NOT NULL,           -- the file name it was ingested under (replacement key)
    file TEXT NOT NULL,             -- base name shown to users
    fmt TEXT NOT NULL,
    size INTEGER NOT NULL,
    parser_version INTEGER NOT NULL, -- a newer parser re-parses on the next ingest
    commune TEXT,                   -- the commune the document belongs to (access scope)
    doc_type TEXT, title TEXT, number TEXT, date TEXT, issuer TEXT,
    meta_commune TEXT, period TEXT, signer TEXT,
    pages INTEGER, encoding TEXT,
    warnings TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX documents_source ON documents(source);
CREATE TABLE sections (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, parent INTEGER, level INTEGER NOT NULL,
    label TEXT NOT NULL, heading TEXT NOT NULL, path TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE paragraphs (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, section INTEGER, is_heading INTEGER NOT NULL,
    page INTEGER, table_idx INTEGER, text TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE doc_tables (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, title TEXT NOT NULL, section INTEGER,
    header_rows INTEGER NOT NULL, n_rows INTEGER NOT NULL, n_cols INTEGER NOT NULL,
    rows TEXT NOT NULL,             -- JSON grid
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE cells (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    table_idx INTEGER NOT NULL, row INTEGER NOT NULL, col INTEGER NOT NULL,
    text TEXT NOT NULL, row_header TEXT NOT NULL, col_header TEXT NOT NULL,
    PRIMARY KEY (doc_id, table_idx, row, col)
);
CREATE TABLE figures (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, paragraph INTEGER NOT NULL, section INTEGER,
    value REAL NOT NULL, raw TEXT NOT NULL, unit TEXT, label TEXT NOT NULL,
    sentence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX figures_value ON figures(value);
CREATE TABLE citations (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, paragraph INTEGER NOT NULL, section INTEGER,
    kind TEXT NOT NULL, number TEXT, symbol TEXT, date TEXT, date_text TEXT,
    issuer TEXT, subject TEXT, issued_by_commune INTEGER NOT NULL,
    text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX citations_key ON citations(key);
CREATE TABLE directives (
    key TEXT PRIMARY KEY,
    kind TEXT, number TEXT, symbol TEXT, date TEXT, issuer TEXT, subject TEXT,
    citation_count INTEGER NOT NULL
);
"""


def _run_script(db: Database, script: str) -> None:
    """Run statements one by one (executescript would commit the open transaction)."""
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


def _v1(db: Database) -> None:
    _run_script(db, SCHEMA_V1)


SCHEMA_V2 = """
CREATE TABLE passages (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, section INTEGER, kind TEXT NOT NULL,
    text TEXT NOT NULL, context TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
"""


def _v2(db: Database) -> None:
    _run_script(db, SCHEMA_V2)
    embedcache.ensure_table(db)


# Ordered; each runs once and is recorded in the `migrations` table. Append only.
MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = [
    ("initial schema", _v1),
    ("passages and embedding cache", _v2),
    ("chat users", migrate_users),
    ("documents.ocr_pages", migrate_ocr_pages),
    ("figure search index", FIGURES.migrate),
    ("content generation", lambda db: db.execute(
        "CREATE TABLE generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)")),
    ("citation search index", CITATIONS.migrate),
]
CANDIDATE_INDEXES = (FIGURES, CITATIONS)  # knowledge.fts tables kept with their content


def open_db(path: Path | str | None = None) -> Database:
    """Open (creating if needed) the knowledge base and bring its schema up to date."""
    if path is None:
        db = Database(memory=True)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    migrate(db)
    return db


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock at once (BEGIN IMMEDIATE): a second writer waits
    (busy_timeout) instead of failing with "database is locked" when it tries to upgrade."""
    if db.conn.in_transaction:  # nested: a savepoint inside the caller's transaction
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


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


def migrate(db: Database) -> list[str]:
    """Apply the migrations not yet recorded; returns their names."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT id FROM migrations").fetchall()}
    applied = []
    for number, (name, step) in enumerate(MIGRATIONS, start=1):
        if number in done:
            continue
        with write_transaction(db):
            step(db)
            db.execute(
                "INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)",
                [number, name, datetime.now(timezone.utc).isoformat(timespec="seconds")],
            )
        applied.append(name)
        log.info("migration %d applied: %s", number, name)
    return applied


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
    same = db.execute("SELECT parser_version FROM documents WHERE id = ?", [doc_id]).fetchone()
    if same and same[0] == PARSER_VERSION:
        return StoreResult(doc_id, "unchanged")
    in_scope = "" if commune is None else " AND commune = ?"
    old_ids = [r[0] for r in db.execute(f"SELECT id FROM documents WHERE (source = ?{in_scope}) OR id = ?",
                                        [source, *([commune] if commune else []), doc_id])]
    with write_transaction(db):
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

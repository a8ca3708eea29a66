"""The SQLite schema: every table, its ordered migrations (recorded in `migrations`), the
connection and the write transaction. Nothing else creates or alters a table."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from knowledge.store.indexes import CITATIONS, FIGURES

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
    db.execute(  # passage vectors by content hash and model (knowledge.search.embedcache)
        "CREATE TABLE embeddings (content_hash TEXT NOT NULL, model TEXT NOT NULL, dim INTEGER NOT NULL,"
        " vector BLOB NOT NULL, PRIMARY KEY (content_hash, model))"
    )


def _chat_users(db: Database) -> None:
    db.execute(
        """CREATE TABLE chat_users (
            platform TEXT NOT NULL, user_id TEXT NOT NULL, commune TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
            name TEXT, added_at TEXT NOT NULL,
            PRIMARY KEY (platform, user_id, commune))"""
    )
    db.execute(
        """CREATE TABLE chat_user_prefs (
            platform TEXT NOT NULL, user_id TEXT NOT NULL, commune TEXT,
            PRIMARY KEY (platform, user_id))"""
    )


def _ocr_pages(db: Database) -> None:
    """documents.ocr_pages: JSON list of the 1-based PDF pages whose text came from OCR."""
    db.execute("ALTER TABLE documents ADD COLUMN ocr_pages TEXT NOT NULL DEFAULT '[]'")


# Ordered; each runs once and is recorded in the `migrations` table. Append only.
MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = [
    ("initial schema", _v1),
    ("passages and embedding cache", _v2),
    ("chat users", _chat_users),
    ("documents.ocr_pages", _ocr_pages),
    ("figure search index", FIGURES.migrate),
    ("content generation", lambda db: db.execute(
        "CREATE TABLE generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)")),
    ("citation search index", CITATIONS.migrate),
]


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


@contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
    """Reads that see one state of the store (a deferred transaction: WAL keeps its snapshot
    while a writer commits), so rows read by separate statements agree."""
    if db.conn.in_transaction:
        yield db
        return
    db.execute("BEGIN")
    try:
        yield db
    finally:
        db.execute("COMMIT")


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



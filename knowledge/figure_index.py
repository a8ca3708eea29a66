"""The figure search index: an SQLite FTS5 table that narrows a figure question to a few hundred
candidates before knowledge.figure_qa scores them in Python (which costs ~0.5 ms a figure).

One row per stored figure, sharing its rowid: `units` holds the unit keys of what it counts
(knowledge.units.unit_keys), `text` the folded syllables of its label, unit and sentence: the
fields the answer gate reads; `doc` its document id, so that a scope (one commune's reports)
is part of the FTS5 query itself (a `rowid IN (...)` filter makes FTS5 run the query once per
row: 1.1 s instead of 5 ms on 100 reports). Rows are written and deleted in the store's
transaction.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from knowledge.terms import syllables
from knowledge.units import counted_names, unit_keys

SCHEMA = """CREATE VIRTUAL TABLE figure_terms USING fts5(units, text, doc,
    tokenize = "unicode61 remove_diacritics 0 tokenchars './'")"""
_COLUMNS = "rowid, doc_id, unit, label, sentence, start"
_RANK = "bm25(figure_terms, 1.0, 1.0, 0.0)"  # the document column filters, it does not rank
_DOCS_PER_QUERY = 500


def _row(figure: dict) -> tuple[int, str, str, str]:
    text = " ".join(syllables(f"{figure['label']} {figure['unit'] or ''} {figure['sentence']}"))
    return figure["rowid"], " ".join(sorted(unit_keys(counted_names(figure)))), text, figure["doc_id"]


def _write(db: Database, figures: Iterable[dict]) -> None:
    db.conn.executemany("INSERT INTO figure_terms (rowid, units, text, doc) VALUES (?, ?, ?, ?)",
                        (_row(f) for f in figures))


def index_document(db: Database, doc_id: str) -> None:
    _write(db, db.execute_returning_dicts(f"SELECT {_COLUMNS} FROM figures WHERE doc_id = ?", [doc_id]))


def remove_document(db: Database, doc_id: str) -> None:
    db.execute("DELETE FROM figure_terms WHERE rowid IN (SELECT rowid FROM figures WHERE doc_id = ?)", [doc_id])


def migrate(db: Database) -> None:
    """Create the index and fill it from the figures already stored."""
    db.execute(SCHEMA)
    rebuild(db)


def rebuild(db: Database) -> None:
    db.execute("DELETE FROM figure_terms")
    _write(db, db.execute_returning_dicts(f"SELECT {_COLUMNS} FROM figures"))


def drift(db: Database) -> tuple[int, int]:
    """(figures missing from the index, index rows without a figure)."""
    missing = db.execute("SELECT count(*) FROM figures WHERE rowid NOT IN (SELECT rowid FROM figure_terms)").fetchone()
    extra = db.execute("SELECT count(*) FROM figure_terms WHERE rowid NOT IN (SELECT rowid FROM figures)").fetchone()
    return missing[0], extra[0]


def _any(words: Iterable[str]) -> str:
    return "(" + " OR ".join(f'"{w}"' for w in sorted(set(words))) + ")"


def match_expression(unit_names: set[str], required: set[str], ranking: set[str]) -> str | None:
    """An FTS5 query: figures counting one of `unit_names` (when any) and holding one of the
    `required` syllables in label, unit or sentence (when any); `ranking` syllables only rank."""
    filters = []
    if unit_names:
        filters.append("units : " + _any(unit_keys(unit_names)))
    if required:
        filters.append("text : " + _any(required))
    if not filters:
        return None
    expression = " AND ".join(filters)
    if ranking:  # "F AND (R OR F)" selects what F selects, ranked by R too
        expression += f" AND (text : {_any(ranking)} OR {filters[0]})"
    return expression


def candidates(db: Database, expression: str, doc_ids: Sequence[str] | None, limit: int) -> list[int]:
    """Rowids of the `limit` figures that match best (FTS5 bm25 rank) within `doc_ids` (all when None)."""
    sql = f"SELECT rowid, {_RANK} AS r FROM figure_terms WHERE figure_terms MATCH ? ORDER BY r LIMIT ?"
    if doc_ids is None:
        return [row[0] for row in db.execute(sql, [expression, limit])]
    ranked = []
    for start in range(0, len(doc_ids), _DOCS_PER_QUERY):
        scope = f"doc : {_any(doc_ids[start:start + _DOCS_PER_QUERY])}"
        ranked += db.execute(sql, [f"({expression}) AND {scope}", limit]).fetchall()
    return [rowid for rowid, _ in sorted(ranked, key=lambda row: row[1])[:limit]]

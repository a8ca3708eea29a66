"""FTS5 tables that narrow a question to a few hundred candidate rows before the answerers
score them in Python (~0.5 ms a row: fine for one commune's reports, not for a province's).

A CandidateIndex shares the rowids of its content table (figures, citations) and has a `doc`
column holding the document id, so that a scope (one commune's reports) is part of the FTS5
query itself: a `rowid IN (...)` filter makes FTS5 run the query once per row (1.1 s instead of
5 ms on 100 reports). Rows are written and deleted inside the store's transaction.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

_DOCS_PER_QUERY = 500


def any_of(words: Iterable[str]) -> str:
    """An FTS5 OR group of quoted words."""
    return "(" + " OR ".join(f'"{w}"' for w in sorted(set(words))) + ")"


@dataclass(frozen=True)
class CandidateIndex:
    table: str  # the FTS5 table
    content: str  # the table whose rowids it shares
    columns: tuple[str, ...]  # searched columns, before `doc`
    select: str  # content rows for row(); "{where}" takes a filter on the content table's alias
    row: Callable[[dict], tuple[str, ...]]  # a content row -> the searched columns' text

    def migrate(self, db: Database) -> None:
        """Create the table and fill it from the rows already stored."""
        db.execute(f"""CREATE VIRTUAL TABLE {self.table} USING fts5({', '.join(self.columns)}, doc,
                       tokenize = "unicode61 remove_diacritics 0 tokenchars './'")""")
        self.rebuild(db)

    def _write(self, db: Database, rows: Iterable[dict]) -> None:
        marks = ", ".join("?" * (len(self.columns) + 2))
        db.conn.executemany(f"INSERT INTO {self.table} (rowid, {', '.join(self.columns)}, doc) VALUES ({marks})",
                            ((r["rowid"], *self.row(r), r["doc_id"]) for r in rows))

    def index_document(self, db: Database, doc_id: str) -> None:
        self._write(db, db.execute_returning_dicts(self.select.format(where="WHERE x.doc_id = ?"), [doc_id]))

    def remove_document(self, db: Database, doc_id: str) -> None:
        db.execute(f"DELETE FROM {self.table} WHERE rowid IN (SELECT rowid FROM {self.content} WHERE doc_id = ?)",
                   [doc_id])

    def rebuild(self, db: Database) -> None:
        db.execute(f"DELETE FROM {self.table}")
        self._write(db, db.execute_returning_dicts(self.select.format(where="")))

    def drift(self, db: Database) -> tuple[int, int]:
        """(content rows missing from the index, index rows without a content row)."""
        t, c = self.table, self.content
        missing = db.execute(f"SELECT count(*) FROM {c} WHERE rowid NOT IN (SELECT rowid FROM {t})").fetchone()[0]
        extra = db.execute(f"SELECT count(*) FROM {t} WHERE rowid NOT IN (SELECT rowid FROM {c})").fetchone()[0]
        return missing, extra

    def candidates(self, db: Database, expression: str, doc_ids: Sequence[str] | None, limit: int) -> list[int]:
        """Rowids of the `limit` rows that match best (bm25, `doc` not ranked) within `doc_ids` (all when None)."""
        weights = ", ".join(["1.0"] * len(self.columns) + ["0.0"])
        sql = (f"SELECT rowid, bm25({self.table}, {weights}) AS r FROM {self.table} WHERE {self.table} MATCH ?"
               " ORDER BY r LIMIT ?")
        if doc_ids is None:
            return [row[0] for row in db.execute(sql, [expression, limit])]
        ranked = []
        for start in range(0, len(doc_ids), _DOCS_PER_QUERY):
            scope = f"doc : {any_of(doc_ids[start:start + _DOCS_PER_QUERY])}"
            ranked += db.execute(sql, [f"({expression}) AND {scope}", limit]).fetchall()
        return [rowid for rowid, _ in sorted(ranked, key=lambda row: row[1])[:limit]]

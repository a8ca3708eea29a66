"""Hybrid passage retrieval: Chroma (dense) + BM25 (lexical) over the stored passages, fused by RRF.

Both indexes are derived from the `passages` table: `sync()` brings the vector index in line
with SQLite (embedding only what is missing, through the content-hash cache) and the BM25
side follows the store's changes by itself (knowledge.search.lexical_live). Filters (commune,
document, type, date) become a set of document ids applied to both sides.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from ingest.text.normal import has_diacritics
from knowledge.search.embedcache import get_or_embed
from knowledge.search.embedder import Embedder
from knowledge.search.fusion import top_with_heads
from knowledge.search.lexical_live import LiveLexical
from knowledge.search.vectors import IndexUnavailableError, VectorIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hit:
    pid: str  # "<doc_id>:<idx>"
    doc_id: str
    section: int | None
    kind: str
    text: str
    context: str
    score: float  # fused RRF score
    dense: float  # cosine similarity (0 when the dense side did not return it)
    lexical: float  # BM25 score (0 when the lexical side did not return it)


@dataclass(frozen=True)
class SyncReport:
    added: int
    removed: int
    total: int


def passage_id(doc_id: str, idx: int) -> str:
    return f"{doc_id}:{idx}"


def embed_text(title: str | None, context: str, text: str) -> str:
    """What is embedded and indexed for a passage: where it stands, then what it says."""
    head = " > ".join(x for x in (title or "", context) if x)
    return f"{head}\n{text}" if head else text


SYNC_BATCH = 2000
_PASSAGES_SQL = """
SELECT p.rowid AS rowid, p.doc_id, p.idx, p.section, p.kind, p.text, p.context, d.title, d.commune, d.doc_type, d.date
FROM passages p JOIN documents d ON d.id = p.doc_id
"""


def document_ids(
    db: Database,
    communes: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    doc_type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> list[str] | None:
    """The documents a filter allows, or None when nothing is filtered."""
    clauses, params = [], []
    if communes is not None:
        clauses.append(f"commune IN ({', '.join('?' * len(communes))})")
        params += list(communes)
    if doc_ids is not None:
        clauses.append(f"id IN ({', '.join('?' * len(doc_ids))})")
        params += list(doc_ids)
    if doc_type:
        clauses.append("lower(doc_type) = lower(?)")
        params.append(doc_type)
    if date_from:
        clauses.append("date >= ?")
        params.append(date_from)
    if date_to:
        clauses.append("date <= ?")
        params.append(date_to)
    if not clauses:
        return None
    return [r[0] for r in db.execute(f"SELECT id FROM documents WHERE {' AND '.join(clauses)}", params).fetchall()]


class Retriever:
    def __init__(self, db: Database, embedder: Embedder, vectors: VectorIndex, lexical_dir: Path | None = None) -> None:
        """`lexical_dir`: where the BM25 index is saved between runs (kept in memory only when None)."""
        self.db = db
        self.embedder = embedder
        self.vectors = vectors
        self.lexical = LiveLexical(db, self._indexed_texts, lexical_dir)

    def _rows(self, where: str = "", params: Sequence = ()) -> list[dict]:
        return self.db.execute_returning_dicts(_PASSAGES_SQL + where, list(params))

    def sync(self, progress: Callable[[int, int], None] | None = None) -> SyncReport:
        """Make the vector index hold exactly the stored passages (embedding only what is new).

        Missing passages go in batches of SYNC_BATCH, so memory holds one batch of vectors."""
        stored = {passage_id(d, i) for d, i in self.db.execute("SELECT doc_id, idx FROM passages")}
        indexed = set(self.vectors.ids())
        stale = sorted(indexed - stored)
        missing = sorted(stored - indexed)
        self.vectors.delete(ids=stale)
        for start in range(0, len(missing), SYNC_BATCH):
            rows = self._rows_of(missing[start:start + SYNC_BATCH])
            texts = [embed_text(r["title"], r["context"], r["text"]) for r in rows]

            def inner(done: int, todo: int, at: int = start, n: int = len(rows)) -> None:
                progress(at + n * done // max(1, todo), len(missing))

            vectors = get_or_embed(self.db, self.embedder, texts, progress=inner if progress else None)
            metadatas = [{"doc_id": r["doc_id"], "commune": r["commune"] or "", "kind": r["kind"]} for r in rows]
            self.vectors.upsert([passage_id(r["doc_id"], r["idx"]) for r in rows], vectors, metadatas=metadatas)
        self.lexical.compact()
        return SyncReport(len(missing), len(stale), len(stored))

    def _rows_of(self, pids: Sequence[str]) -> list[dict]:
        """The rows of these passages (read by document, 500 documents a query)."""
        docs, wanted, rows = sorted({p.rsplit(":", 1)[0] for p in pids}), set(pids), []
        for start in range(0, len(docs), 500):
            chunk = docs[start:start + 500]
            rows += [r for r in self._rows(f"WHERE p.doc_id IN ({', '.join('?' * len(chunk))})", chunk)
                     if passage_id(r["doc_id"], r["idx"]) in wanted]
        return rows

    def _indexed_texts(self, pids: Sequence[str] | None) -> list[tuple[str, int, str]]:
        """(passage id, its rowid, text the BM25 side indexes) for these passages, all when None."""
        rows = self._rows() if pids is None else self._rows_of(pids)
        return [(passage_id(r["doc_id"], r["idx"]), r["rowid"], embed_text(r["title"], r["context"], r["text"]))
                for r in rows]

    def restored(self, query: str) -> str:
        """The query with its diacritics restored when typed without them, for both searches: the
        embedder reads Vietnamese words, and BM25 matches a restored word exactly (its folded form
        still matches when the restoration guessed wrong)."""
        return query if has_diacritics(query) else self.lexical.restore_diacritics(query)

    def allowed_passages(self, doc_ids: Sequence[str]) -> list[str]:
        if not doc_ids:
            return []
        marks = ", ".join("?" * len(doc_ids))
        return [passage_id(r[0], r[1]) for r in
                self.db.execute(f"SELECT doc_id, idx FROM passages WHERE doc_id IN ({marks})", list(doc_ids))]

    def search(self, query: str, k: int = 10, doc_ids: Sequence[str] | None = None, depth: int = 40) -> list[Hit]:
        """The k best passages for the query among `doc_ids` (all documents when None)."""
        if doc_ids is not None and not doc_ids:
            return []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
        query = self.restored(query)
        try:  # passages not embedded yet are simply not among the dense hits; an unreadable index, none are
            dense = self.vectors.query(self.embedder.embed_queries([query])[0], k=depth, where=where)
        except IndexUnavailableError as err:
            log.warning("vector index unavailable (%s): lexical search only", err)
            dense = []
        allowed = self.allowed_passages(doc_ids) if doc_ids is not None else None
        lexical = self.lexical.search(query, k=depth, allowed_ids=allowed)
        fused = top_with_heads([[i for i, _ in dense], [i for i, _ in lexical]], k)
        dense_s, lexical_s = dict(dense), dict(lexical)
        return [self._hit(pid, score, dense_s.get(pid, 0.0), lexical_s.get(pid, 0.0)) for pid, score in fused]

    def _hit(self, pid: str, score: float, dense: float, lexical: float) -> Hit:
        doc_id, idx = pid.rsplit(":", 1)
        r = self._rows("WHERE p.doc_id = ? AND p.idx = ?", [doc_id, int(idx)])[0]
        return Hit(pid, doc_id, r["section"], r["kind"], r["text"], r["context"], score, dense, lexical)

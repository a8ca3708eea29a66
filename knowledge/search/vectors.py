"""The dense passage index: a thin wrapper over one Chroma collection per embedder.

Embedded by default (PersistentClient on a folder); the same code talks to a Chroma server
(HttpClient) when given host/port. Chroma never embeds anything here: its default embedding
function downloads an ONNX model, so collections are created with embedding_function=None
(chromadb stores it as "legacy") and every call passes vectors explicitly; a call that would
need Chroma to embed raises ValueError instead. The collection metadata records the
embedder's name and dim, and opening it with another embedder raises EmbedderMismatchError:
vectors of different models never mix. Cosine space; query scores are cosine similarities.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Mapping, Sequence

from knowledge.search.embedder import Embedder, Vector

log = logging.getLogger(__name__)

Metadata = Mapping[str, str | int | float | bool]


class EmbedderMismatchError(RuntimeError):
    """The collection holds vectors of a different embedding model (or dimension)."""


class IndexUnavailableError(RuntimeError):
    """Chroma could not read the index: seen when another process wrote the first vectors of a
    collection this process opened empty (embedded Chroma does not follow other processes)."""


def collection_name(prefix: str, embedder_name: str) -> str:
    """A Chroma-valid collection name (3-512 of [a-zA-Z0-9._-], alnum at both ends)."""
    slug = re.sub(r"[^a-zA-Z0-9._]+", "-", f"{prefix}-{embedder_name}")
    slug = re.sub(r"^[^a-zA-Z0-9]+|[^a-zA-Z0-9]+$", "", slug)[:512]
    return slug if len(slug) >= 3 else f"{slug}-idx"


def _client(path: str | Path | None, host: str | None, port: int | None):
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if host:
        return chromadb.HttpClient(host=host, port=port or 8000, settings=settings)
    if path is None:
        raise ValueError("VectorIndex needs a folder path or a server host")
    Path(path).mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class VectorIndex:
    """Passages of one embedder in one Chroma collection (default name: "passages-<embedder>")."""

    def __init__(
        self,
        embedder: Embedder,
        path: str | Path | None = None,
        *,
        host: str | None = None,
        port: int | None = None,
        collection: str | None = None,
        prefix: str = "passages",
    ) -> None:
        self.embedder_name = embedder.name
        self.dim = int(embedder.dim)
        self.client = _client(path, host, port)
        self.name = collection or collection_name(prefix, embedder.name)
        self._col = self._open()

    def _open(self):
        col = self.client.get_or_create_collection(
            self.name,
            embedding_function=None,
            metadata={"embedder": self.embedder_name, "dim": self.dim},
            configuration={"hnsw": {"space": "cosine"}},
        )
        meta = col.metadata or {}
        if meta.get("embedder") != self.embedder_name or int(meta.get("dim", -1)) != self.dim:
            raise EmbedderMismatchError(
                f"Chỉ mục vector «{self.name}» được tạo bằng mô hình {meta.get('embedder')}"
                f" ({meta.get('dim')} chiều), không dùng được với {self.embedder_name}"
                f" ({self.dim} chiều). Hãy chạy `troly reindex` để tạo lại chỉ mục."
            )
        space = (col.configuration_json or {}).get("hnsw", {}) or {}
        if space.get("space", "cosine") != "cosine":
            raise EmbedderMismatchError(f"Chỉ mục vector «{self.name}» không dùng khoảng cách cosine.")
        return col

    def upsert(
        self,
        ids: Sequence[str],
        embeddings: Sequence[Vector],
        documents: Sequence[str] | None = None,
        metadatas: Sequence[Metadata] | None = None,
    ) -> None:
        """Insert or replace vectors by id, in batches Chroma accepts."""
        if len(embeddings) != len(ids):
            raise ValueError(f"{len(ids)} ids for {len(embeddings)} embeddings")
        for vector in embeddings:
            if len(vector) != self.dim:
                raise EmbedderMismatchError(f"Vector có {len(vector)} chiều, chỉ mục cần {self.dim}.")
        step = max(1, int(self.client.get_max_batch_size()))
        for start in range(0, len(ids), step):
            end = start + step
            self._col.upsert(
                ids=list(ids[start:end]),
                embeddings=[list(map(float, v)) for v in embeddings[start:end]],
                documents=list(documents[start:end]) if documents is not None else None,
                metadatas=[dict(m) for m in metadatas[start:end]] if metadatas is not None else None,
            )

    def delete(self, ids: Sequence[str] | None = None, where: Mapping[str, Any] | None = None) -> None:
        """Delete by ids and/or a metadata filter; with neither, nothing is deleted."""
        if not ids and not where:
            return
        self._col.delete(ids=list(ids) if ids else None, where=dict(where) if where else None)

    def query(
        self, embedding: Vector, k: int = 10, where: Mapping[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """The k nearest passages as (id, cosine similarity), best first."""
        if k <= 0:
            return []
        if len(embedding) != self.dim:
            raise EmbedderMismatchError(f"Vector truy vấn có {len(embedding)} chiều, chỉ mục cần {self.dim}.")
        from chromadb.errors import InternalError

        try:
            result = self._col.query(
                query_embeddings=[list(map(float, embedding))],
                n_results=k,
                where=dict(where) if where else None,
                include=["distances"],
            )
        except InternalError as err:
            raise IndexUnavailableError(str(err)) from err
        ids = result["ids"][0] if result["ids"] else []
        distances = result["distances"][0] if result["distances"] else []
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances)]

    def count(self) -> int:
        return self._col.count()

    def ids(self, page: int = 5000) -> list[str]:
        """Every id in the collection (paged: fine for hundreds of thousands)."""
        out: list[str] = []
        offset = 0
        while True:
            got = self._col.get(include=[], limit=page, offset=offset)["ids"]
            out.extend(got)
            if len(got) < page:
                return out
            offset += page

    def reset(self) -> None:
        """Drop and recreate the collection (for a full reindex)."""
        self.client.delete_collection(self.name)
        self._col = self._open()
        log.info("vector collection %s reset", self.name)

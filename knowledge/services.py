"""The services behind every front end (CLI, Telegram, Zalo), built once from the settings."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from knowledge.qa.answer import Answerer
from knowledge.qa.llm import Rewriter, make_chat_model
from knowledge.search.embedder import Embedder, make_embedder
from knowledge.search.retrieval import Retriever, SyncReport
from knowledge.search.vectors import VectorIndex
from knowledge.settings import Settings
from knowledge.store.indexes import CANDIDATE_INDEXES
from knowledge.store.loader import FileOutcome, ingest_file
from knowledge.store.schema import open_db, write_transaction


@dataclass
class Services:
    settings: Settings
    db: Database
    embedder: Embedder
    retriever: Retriever
    answerer: Answerer

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> "Services":
        """Everything opened from the settings (`embedder`: another model in place of the configured one)."""
        settings.ensure_dirs()
        db = open_db(settings.db_path)
        embedder = embedder or make_embedder(settings.embedder, settings.embedder_model_path)
        vectors = VectorIndex(embedder, None if settings.chroma_host else settings.chroma_path,
                              host=settings.chroma_host, port=settings.chroma_port)
        retriever = Retriever(db, embedder, vectors, settings.lexical_path)
        model = make_chat_model(settings)
        return cls(settings, db, embedder, retriever, Answerer(db, retriever, Rewriter(model) if model else None))

    def ingest(self, path: Path, commune: str | None = None, source: str | None = None) -> FileOutcome:
        """Store one file; the indexes are brought up to date by `sync`."""
        return ingest_file(self.db, path, max_bytes=int(self.settings.max_file_mb * 1e6), commune=commune,
                           source=source, limits=self.settings.ingest_limits)

    def sync(self, progress=None) -> SyncReport:
        return self.retriever.sync(progress=progress)

    def reindex(self, progress=None) -> SyncReport:
        """Rebuild every index derived from the database: figures, citations, BM25, vectors (from the cache)."""
        with write_transaction(self.db):
            for index in CANDIDATE_INDEXES:
                index.rebuild(self.db)
        self.retriever.lexical.rebuild()
        self.retriever.vectors.reset()
        return self.sync(progress=progress)

    def close(self) -> None:
        self.db.close()

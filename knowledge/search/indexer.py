"""Passages embedded behind the store: one background thread keeps the vector index up to date.

A stored document is answerable at once from its figures and BM25 (both follow the store by
themselves); embedding its passages is the slow part, so it happens here, after it, and the
dense side of the search joins when it is done (a passage missing from Chroma is simply not
among the dense hits). `request()` returns a future covered by the next sync: requests made
while a sync runs wait for the one after, since the running one may have listed the passages
before theirs were stored. The thread opens its own services (SQLite connections belong to
one thread) on first use; `close()` stops a running sync between two embedding batches (what
was embedded is kept in the cache) and cancels the requests not yet served.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from knowledge.search.retrieval import SyncReport

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (passages embedded so far, passages to embed)


class IndexingCancelled(Exception):
    """The indexer was closed before this request was served."""


class Indexer:
    def __init__(self, open_services: Callable[[], Any], name: str = "troly-index") -> None:
        """`open_services()`: an object with `sync(progress)` and `close()` (knowledge.services.Services)."""
        self._open = open_services
        self._name = name
        self._cond = threading.Condition()
        self._pending: list[tuple[Future, Progress | None]] = []
        self._closing = False
        self._thread: threading.Thread | None = None

    def request(self, on_progress: Progress | None = None) -> Future[SyncReport]:
        """Embed whatever is stored and not yet in the vector index; `on_progress` is called from
        the indexer's thread while it works."""
        future: Future[SyncReport] = Future()
        with self._cond:
            if self._closing:
                future.set_exception(IndexingCancelled())
                return future
            self._pending.append((future, on_progress))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify()
        return future

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        services = None
        try:
            while True:
                with self._cond:
                    while not self._pending and not self._closing:
                        self._cond.wait()
                    batch, self._pending = self._pending, []
                if self._closing:
                    for future, _ in batch:
                        future.set_exception(IndexingCancelled())
                    return
                services = self._sync(services, batch)
        finally:
            if services is not None:
                services.close()

    def _sync(self, services, batch: list[tuple[Future, Progress | None]]):
        """One sync serving `batch`; returns the services (opened on first use)."""
        def progress(done: int, total: int) -> None:
            if self._closing:
                raise IndexingCancelled()
            for _, listener in batch:
                if listener is not None:
                    try:
                        listener(done, total)
                    except Exception:  # noqa: BLE001 - a listener's failure is not the indexing's
                        log.exception("indexing progress listener failed")

        try:
            services = services or self._open()
            report = services.sync(progress=progress)
        except Exception as err:  # noqa: BLE001 - reported to every request; the next one tries again
            if not isinstance(err, IndexingCancelled):
                log.exception("indexing the stored passages failed")
            for future, _ in batch:
                future.set_exception(err)
        else:
            for future, _ in batch:
                future.set_result(report)
        return services

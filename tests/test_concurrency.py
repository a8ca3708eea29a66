"""WAL mode: the bot answers while an upload is ingested, without "database is locked".

Readers (threads answering questions and listing documents, each with its own connection)
run while one writer ingests; a reader never sees half a document, since each file is one
transaction. The writer is a thread in one test and a `troly ingest` process in the other.
Answers use a stand-in query embedder (the model's speed is not what is tested).
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from knowledge.qa.answer import Answerer
from knowledge.search.retrieval import Retriever
from knowledge.search.vectors import VectorIndex
from knowledge.store.catalog import list_documents
from knowledge.store.loader import ingest_file
from knowledge.store.schema import open_db
from tests.conftest import EXAMPLES, ROOT

QUESTIONS = ["Dân số xã Tân Phong là bao nhiêu?", "Có bao nhiêu đảng viên?",
             "Kết quả cải cách hành chính quý I năm 2026 thế nào?"]


class StandInEmbedder:
    name, dim = "stand-in", 16

    def _vector(self, text: str) -> list[float]:
        raw = [b - 127.5 for b in hashlib.sha256(text.encode()).digest()[: self.dim]]
        norm = sum(x * x for x in raw) ** 0.5
        return [x / norm for x in raw]

    def embed_queries(self, texts):
        return [self._vector(t) for t in texts]

    def embed_passages(self, texts):
        return [self._vector(t) for t in texts]


def _uploads(folder: Path, n: int, sender: str = "xã") -> list[Path]:
    """n distinct reports: the sample .txt with a different closing line each."""
    folder.mkdir()
    text = (EXAMPLES / "tan_phong_dang_uy_tong_ket_2025.txt").read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        path = folder / f"bao cao {i:02d}.txt"
        path.write_text(text + f"\nBản gửi lần {i + 1} từ {sender}.\n", encoding="utf-8")
        paths.append(path)
    return paths


class Readers:
    """Threads that keep answering and reading until stopped; they record every error."""

    def __init__(self, db_path: Path, chroma: Path, n: int = 2) -> None:
        self.db_path = db_path
        self.embedder = StandInEmbedder()
        # one index shared by the threads, as the bot shares its Services (chromadb's client
        # creation is not thread-safe); one SQLite connection per thread
        self.vectors = VectorIndex(self.embedder, chroma)
        self.errors: list[BaseException] = []
        self.reads = 0
        self.seen: list[list[int]] = [[] for _ in range(n)]  # documents listed, per thread, in order
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._loop, args=(i,), daemon=True) for i in range(n)]

    def __enter__(self) -> "Readers":
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=60)

    def _loop(self, i: int) -> None:
        try:
            db = open_db(self.db_path)
            answerer = Answerer(db, Retriever(db, self.embedder, self.vectors))
            while not self._stop.is_set():
                answerer.ask(QUESTIONS[self.reads % len(QUESTIONS)])
                docs = list_documents(db)
                half = db.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS"
                                  " (SELECT 1 FROM paragraphs p WHERE p.doc_id = d.id)").fetchone()[0]
                assert half == 0, "a reader saw a document without its paragraphs"
                self.seen[i].append(len(docs))
                self.reads += 1
            db.close()
        except BaseException as err:  # noqa: BLE001 - reported by the test
            self.errors.append(err)


def _assert_only_growing(readers: Readers) -> None:
    """Every reader answered several times and saw the document list only grow (from the 3 samples)."""
    assert readers.reads >= 2
    for seen in readers.seen:
        assert seen and seen[0] >= 3 and seen == sorted(seen)


@pytest.fixture
def base(tmp_path):
    """A knowledge base holding the samples; returns (db path, chroma folder)."""
    db_path = tmp_path / "data" / "troly.db"
    db = open_db(db_path)
    for path in sorted(EXAMPLES.glob("tan_phong_*")):
        ingest_file(db, path, max_bytes=10**8)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    return db_path, tmp_path / "data" / "chroma"


def test_readers_answer_while_a_thread_ingests(base, tmp_path):
    db_path, chroma = base
    files = _uploads(tmp_path / "uploads", 20)
    with Readers(db_path, chroma) as readers:
        writer = open_db(db_path)
        outcomes = [ingest_file(writer, path, max_bytes=10**8) for path in files]
        writer.close()
        time.sleep(0.2)
    assert not readers.errors, readers.errors
    assert [o.status for o in outcomes] == ["added"] * len(files), [o.message for o in outcomes]
    _assert_only_growing(readers)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3 + len(files)
    conn.close()


def test_readers_answer_while_troly_ingest_runs(base, tmp_path):
    db_path, chroma = base
    folder = tmp_path / "uploads"
    _uploads(folder, 12)
    code = "\n".join([
        "import sys",
        "from pathlib import Path",
        "from knowledge.store.loader import discover, ingest_file",
        "from knowledge.store.schema import open_db",
        "db = open_db(sys.argv[1])",
        "outcomes = [ingest_file(db, p, max_bytes=10**8) for p in discover([Path(sys.argv[2])])]",
        "bad = [o.message for o in outcomes if o.status != 'added']",
        "print(bad)",
        "sys.exit(1 if bad else 0)",
    ])
    with Readers(db_path, chroma, n=2) as readers:
        proc = subprocess.run([sys.executable, "-c", code, str(db_path), str(folder)], capture_output=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert not readers.errors, readers.errors
    _assert_only_growing(readers)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3 + 12
    conn.close()


def test_two_writers_wait_for_each_other(base, tmp_path):
    db_path, _ = base
    results: dict[str, list] = {}

    def write(tag: str) -> None:
        db = open_db(db_path)
        results[tag] = [ingest_file(db, p, max_bytes=10**8) for p in _uploads(tmp_path / tag, 15, tag)]
        db.close()

    threads = [threading.Thread(target=write, args=(tag,)) for tag in ("cli", "bot")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    failed = [o.message for outcomes in results.values() for o in outcomes if o.status == "failed"]
    assert not failed, failed


ROUNDS = 20


def _store_race(db_path: str, folder: str, barrier, results, parsed_first: bool) -> None:
    """One of two writer processes: each round, wait for the other at the barrier, then store the
    round's new file (already parsed when `parsed_first`, else through the whole `ingest_file`)."""
    from ingest.pipeline import parse_document
    from knowledge.store.documents import store_document

    db = open_db(db_path)
    for i in range(ROUNDS):
        path = Path(folder) / f"bao cao {i:02d}.txt"
        try:
            if parsed_first:
                doc = parse_document(path)
                barrier.wait(timeout=60)
                status = store_document(db, doc, source=str(path), size=path.stat().st_size).status
            else:
                barrier.wait(timeout=60)
                outcome = ingest_file(db, path, max_bytes=10**8)
                status = outcome.status if outcome.status != "failed" else outcome.message
        except Exception as err:  # noqa: BLE001 - reported to the test
            status = f"{type(err).__name__}: {err}"
        results.put((i, status))
    db.close()


@pytest.mark.parametrize("parsed_first", [True, False], ids=["store_document", "ingest_file"])
def test_two_processes_store_one_new_file_at_the_same_moment(base, tmp_path, parsed_first):
    """The "already stored?" decision is taken inside the write transaction: of two processes
    storing the same new file at once, one adds it and the other finds it there ("unchanged")."""
    import multiprocessing

    db_path, _ = base
    folder = tmp_path / "uploads"
    _uploads(folder, ROUNDS)
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    writers = [ctx.Process(target=_store_race, args=(str(db_path), str(folder), barrier, results, parsed_first))
               for _ in range(2)]
    for w in writers:
        w.start()
    statuses: dict[int, list[str]] = {}
    for _ in range(2 * ROUNDS):
        i, status = results.get(timeout=300)
        statuses.setdefault(i, []).append(status)
    for w in writers:
        w.join(timeout=60)
    assert {i: sorted(s) for i, s in statuses.items()} == {i: ["added", "unchanged"] for i in range(ROUNDS)}
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3 + ROUNDS
    assert conn.execute("SELECT count(DISTINCT content_hash) FROM documents").fetchone()[0] == 3 + ROUNDS
    conn.close()

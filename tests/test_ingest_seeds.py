"""End to end over the real seeds: ingest twice, equal content; bad files among good ones."""
from __future__ import annotations

import shutil

from knowledge.store.documents import content_rows
from knowledge.store.loader import discover, ingest_file
from knowledge.store.schema import open_db

MAX = 50_000_000


def test_reingesting_the_seeds_changes_nothing(seeds_dir, tmp_path):
    db = open_db(tmp_path / "kb.db")
    first = [ingest_file(db, f, max_bytes=MAX) for f in discover([seeds_dir])]
    assert [o.status for o in first] == ["added"] * 5
    snapshot = content_rows(db)
    second = [ingest_file(db, f, max_bytes=MAX) for f in discover([seeds_dir])]
    assert [o.status for o in second] == ["unchanged"] * 5
    assert content_rows(db) == snapshot
    # a fresh database from the same files has the same rows too (deterministic parse)
    other = open_db(tmp_path / "kb2.db")
    for f in discover([seeds_dir]):
        ingest_file(other, f, max_bytes=MAX)
    assert content_rows(other) == snapshot
    counts = {t: len(rows) for t, rows in snapshot.items()}
    assert counts["documents"] == 5 and counts["figures"] > 200 and counts["citations"] > 40


def test_a_corrupt_file_is_reported_and_the_good_ones_stored(seeds_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted(seeds_dir.iterdir())[:2]:
        shutil.copy(f, folder / f.name)
    (folder / "hong.docx").write_bytes(b"PK\x03\x04 this is not a real zip")
    (folder / "rong.txt").write_bytes(b"")
    db = open_db(tmp_path / "kb.db")
    outcomes = {o.path.rsplit("/", 1)[-1]: o for o in (ingest_file(db, f, max_bytes=MAX) for f in discover([folder]))}
    assert outcomes["hong.docx"].status == "failed" and "hong.docx" in outcomes["hong.docx"].message
    assert outcomes["rong.txt"].status == "failed" and "rỗng" in outcomes["rong.txt"].message
    assert sum(o.status == "added" for o in outcomes.values()) == 2
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_changed_file_replaces_its_older_version(tmp_path):
    path = tmp_path / "bao_cao.txt"
    path.write_text("BÁO CÁO\n\nI. Đặc điểm tình hình\n\nXã Mẫu Sơn có dân số 10.200 người.\n", encoding="utf-8")
    db = open_db(tmp_path / "kb.db")
    assert ingest_file(db, path, max_bytes=MAX).status == "added"
    path.write_text("BÁO CÁO\n\nI. Đặc điểm tình hình\n\nXã Mẫu Sơn có dân số 10.450 người.\n", encoding="utf-8")
    assert ingest_file(db, path, max_bytes=MAX).status == "replaced"
    assert [r[0] for r in db.execute("SELECT value FROM figures").fetchall()] == [10450]


def test_size_limit_and_missing_path(tmp_path):
    big = tmp_path / "lon.txt"
    big.write_text("Dân số 1.000 người.\n" * 1000, encoding="utf-8")
    db = open_db(tmp_path / "kb.db")
    outcome = ingest_file(db, big, max_bytes=1000)
    assert outcome.status == "failed" and "quá lớn" in outcome.message
    missing = ingest_file(db, tmp_path / "khong_co.docx", max_bytes=MAX)
    assert missing.status == "failed" and "không tìm thấy" in missing.message
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0

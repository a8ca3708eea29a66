"""The SQLite store: migrations, one transaction per file, idempotent re-ingest, replacement."""
from __future__ import annotations

import dataclasses

import pytest

from ingest.model import (
    Citation,
    DocMetadata,
    Figure,
    Paragraph,
    ParsedDocument,
    Section,
)
from knowledge.store import documents as store
from knowledge.store import schema


def _doc(content_hash: str, population: float = 12000, symbol: str = "12/KH-UBND") -> ParsedDocument:
    cite = Citation(kind="Kế hoạch", number=symbol.split("/")[0], symbol=symbol, date="2026-01-05",
                    date_text="05/01/2026", issuer="UBND huyện Mẫu", subject="cải cách hành chính",
                    issued_by_commune=False, text=f"Kế hoạch số {symbol}", start=10, end=30,
                    key=symbol.lower())
    fig = Figure(value=population, raw=f"{population:.0f}", unit="người", label="dân số",
                 sentence=f"Dân số {population:.0f} người.", start=7, end=12)
    return ParsedDocument(
        path="/tmp/a.txt", fmt="txt", content_hash=content_hash,
        metadata=DocMetadata(doc_type="Báo cáo", title="Kết quả", commune="Tân Mẫu"),
        sections=(Section(0, None, 1, "I.", "I. Đặc điểm", ("I. Đặc điểm",)),),
        paragraphs=(Paragraph(0, "I. Đặc điểm", 0, True), Paragraph(1, "Thực hiện Kế hoạch số ...", 0)),
        tables=(), citations=((1, cite),), figures=((1, fig),),
    )


def test_migrations_are_recorded_once():
    db = schema.open_db(None)
    names = [r[0] for r in db.execute("SELECT name FROM migrations ORDER BY id").fetchall()]
    assert names == [name for name, _ in schema.MIGRATIONS]
    assert schema.migrate(db) == []


def test_same_content_twice_changes_nothing():
    db = schema.open_db(None)
    first = store.store_document(db, _doc("a" * 64), source="x.txt", size=10)
    before = store.content_rows(db)
    second = store.store_document(db, _doc("a" * 64), source="x.txt", size=10)
    assert (first.status, second.status) == ("added", "unchanged")
    assert store.content_rows(db) == before


def test_changed_file_replaces_older_version_and_directives_follow():
    db = schema.open_db(None)
    store.store_document(db, _doc("a" * 64, symbol="12/KH-UBND"), source="x.txt", size=10)
    result = store.store_document(db, _doc("b" * 64, population=13000, symbol="14/KH-UBND"), source="x.txt", size=11)
    assert result.status == "replaced" and result.replaced == (store.doc_id_for("a" * 64, "Tân Mẫu"),)
    assert [r[0] for r in db.execute("SELECT id FROM documents").fetchall()] == [store.doc_id_for("b" * 64, "Tân Mẫu")]
    assert [r[0] for r in db.execute("SELECT value FROM figures").fetchall()] == [13000]
    assert [r[0] for r in db.execute("SELECT key FROM directives").fetchall()] == ["14/kh-ubnd"]


def test_failure_inside_a_file_leaves_nothing_behind(monkeypatch):
    db = schema.open_db(None)
    store.store_document(db, _doc("a" * 64), source="keep.txt", size=10)
    before = store.content_rows(db)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "refresh_directives", broken)
    with pytest.raises(RuntimeError):
        store.store_document(db, _doc("c" * 64), source="new.txt", size=10)
    with pytest.raises(RuntimeError):  # a failed replacement keeps the old version
        store.store_document(db, _doc("d" * 64), source="keep.txt", size=10)
    assert store.content_rows(db) == before


def test_directive_registry_keeps_best_known_fields():
    db = schema.open_db(None)
    store.store_document(db, _doc("a" * 64), source="one.txt", size=1)
    doc2 = _doc("e" * 64)
    bare = dataclasses.replace(doc2.citations[0][1], subject=None, issuer=None)
    store.store_document(db, dataclasses.replace(doc2, citations=((1, bare),)), source="two.txt", size=1)
    row = db.execute_returning_dicts("SELECT * FROM directives")[0]
    assert row["citation_count"] == 2
    assert row["subject"] == "cải cách hành chính" and row["issuer"] == "UBND huyện Mẫu"


def test_two_communes_each_keep_their_copy_of_the_same_file():
    db = schema.open_db(None)
    a = store.store_document(db, _doc("f" * 64), source="bao_cao.txt", size=1, commune="Xã Một")
    b = store.store_document(db, _doc("f" * 64), source="bao_cao.txt", size=1, commune="Xã Hai")
    assert (a.status, b.status) == ("added", "added") and a.doc_id != b.doc_id
    assert store.store_document(db, _doc("f" * 64), source="bao_cao.txt", size=1, commune="Xã Hai").status == "unchanged"
    # a new version uploaded by one commune replaces only that commune's copy
    c = store.store_document(db, _doc("9" * 64), source="bao_cao.txt", size=1, commune="Xã Hai")
    assert c.replaced == (b.doc_id,)
    assert sorted(r[0] for r in db.execute("SELECT commune FROM documents")) == ["Xã Hai", "Xã Một"]

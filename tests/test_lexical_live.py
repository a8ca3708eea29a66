"""The BM25 side follows the store without a rebuild per change: delta, deletions, saved index, other processes."""
from __future__ import annotations

import dataclasses
import hashlib
import logging

from ingest.model import DocMetadata, Paragraph, ParsedDocument, Section
from knowledge.search import lexical_live
from knowledge.search.retrieval import Retriever
from knowledge.store import documents as store
from knowledge.store import schema
from tests.test_lexical import PASSAGES

# PASSAGES (fictional, from test_lexical): most stored first, a few later (the delta stays small).
TEXTS = list(PASSAGES.values())
FIRST, LATER = TEXTS[:8], TEXTS[8:]
QUERIES = ["đảng viên chi bộ", "dan so tan phuoc", "1742/NQ-UBTVQH15", "cải cách hành chính", "hội đồng nhân dân nghị quyết",
           "văn bản chỉ đạo điều hành", "du lịch làng nghề", "đoàn thanh niên thi đua"]


def _report(text: str) -> ParsedDocument:
    return ParsedDocument(
        path="/tmp/r.txt", fmt="txt", content_hash=hashlib.sha256(text.encode()).hexdigest(),
        metadata=DocMetadata(doc_type="Báo cáo", title="Báo cáo tháng", commune="Tân Phước"),
        sections=(Section(0, None, 1, "I.", "I. Kết quả", ("I. Kết quả",)),),
        paragraphs=(Paragraph(0, "I. Kết quả", 0, True), Paragraph(1, text, 0)), tables=(), citations=(), figures=(),
    )


def _store(db, texts: list[str]) -> list[str]:
    return [store.store_document(db, _report(t), source=f"r{TEXTS.index(t)}.txt", size=len(t)).doc_id for t in texts]


def _live(db, folder=None) -> lexical_live.LiveLexical:
    return Retriever(db, embedder=None, vectors=None, lexical_dir=folder).lexical


def _top(live, query: str, k: int = 3, allowed=None) -> list[str]:
    return [pid for pid, _ in live.search(query, k, allowed)]


def test_generation_changes_with_content_writes_only():
    db = schema.open_db(None)
    g0 = store.generation(db)
    _store(db, FIRST[:1])
    g1 = store.generation(db)
    _store(db, FIRST[:1])  # unchanged content: no write
    assert g0 < g1 == store.generation(db)


def test_passages_stored_later_are_found_as_a_full_rebuild_finds_them(tmp_path):
    db = schema.open_db(None)
    _store(db, FIRST)
    live = _live(db, tmp_path / "lex")
    assert live.search("đảng viên", 3) and len(live.delta) == 0
    _store(db, LATER)
    fresh = _live(db)  # built from scratch over everything
    for query in QUERIES:  # the strong matches agree; scores differ a little (the main's statistics)
        assert _top(live, query, k=2) == _top(fresh, query, k=2), query
    assert len(live.delta) == len(LATER)  # found through the delta, not a rebuild
    late_docs = _store(db, LATER)
    late_ids = {f"{d}:{i}" for d, i in db.execute("SELECT doc_id, idx FROM passages")} - {
        f"{d}:{i}" for d, i in db.execute("SELECT doc_id, idx FROM passages") if d not in late_docs}
    assert set(_top(live, "du lịch làng nghề đoàn thanh niên", k=2, allowed=sorted(late_ids))) <= late_ids


def test_deleted_passages_leave_the_results_at_once(tmp_path):
    db = schema.open_db(None)
    ids = _store(db, TEXTS)
    live = _live(db, tmp_path / "lex")
    gone = ids[TEXTS.index(PASSAGES["p-dulich"])]
    [best] = _top(live, "du lịch sinh thái", 1)
    assert best.startswith(gone)
    store.delete_document(db, gone)
    assert best not in _top(live, "du lịch sinh thái", 10)
    assert _top(live, "du lịch sinh thái", 10) == _top(_live(db), "du lịch sinh thái", 10)


def test_saved_index_serves_another_process_and_compaction_reaches_it(tmp_path, monkeypatch):
    path, folder = tmp_path / "kb.db", tmp_path / "lex"
    writer_db = schema.open_db(path)
    _store(writer_db, FIRST)
    writer = _live(writer_db, folder)
    writer.compact()  # the first sync builds and saves the main index
    assert (folder / "lexical.json").exists()

    builds = []
    monkeypatch.setattr(lexical_live.LiveLexical, "rebuild", lambda self: builds.append(self))
    reader = _live(schema.open_db(path), folder)  # a bot process started later
    assert _top(reader, "đảng viên chi bộ", 1) == _top(writer, "đảng viên chi bộ", 1) and not builds
    monkeypatch.undo()

    _store(writer_db, LATER)  # an upload in the writer process
    assert _top(reader, "du lịch làng nghề", 1) == _top(writer, "du lịch làng nghề", 1)
    assert len(reader.delta) == len(LATER)
    monkeypatch.setattr(lexical_live, "COMPACT_MIN", 1)
    writer.compact()
    assert len(writer.delta) == 0 and len(writer.main) == len(TEXTS)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("lex")) == ["lex"]  # swapped in whole
    # the reader takes the new main index at the next change it sees
    store.delete_document(writer_db, store.doc_id_for(_report(FIRST[0]).content_hash, "Tân Phước"))
    _top(reader, "đảng viên", 1)
    assert len(reader.main) == len(TEXTS) and len(reader.delta) == 0 and len(reader.removed) == 1


def test_unreadable_saved_index_is_rebuilt_from_the_store(tmp_path, caplog):
    db = schema.open_db(None)
    _store(db, TEXTS)
    folder = tmp_path / "lex"
    _live(db, folder).compact()
    (folder / "lexical.json").write_text("{ not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        live = _live(db, folder)
        assert _top(live, "du lịch sinh thái", 1)
    assert "rebuilding" in caplog.text and len(live.main) == len(TEXTS)


def test_a_passage_stored_again_under_its_id_is_searched_by_its_new_text(tmp_path, monkeypatch):
    """A newer parser re-stores a report under the same id: same passage ids, new rowids and text."""
    db = schema.open_db(None)
    _store(db, TEXTS)
    live = _live(db, tmp_path / "lex")
    live.compact()
    old = _report(PASSAGES["p-dulich"])
    reparsed = dataclasses.replace(old, paragraphs=(old.paragraphs[0], Paragraph(1, "Trồng rừng ngập mặn ven biển.", 0)))
    monkeypatch.setattr(store, "PARSER_VERSION", store.PARSER_VERSION + 1)
    assert store.store_document(db, reparsed, source=f"r{TEXTS.index(PASSAGES['p-dulich'])}.txt",
                                size=10).status == "replaced"
    [hit] = _top(live, "rừng ngập mặn", 1)
    assert hit.startswith(store.doc_id_for(old.content_hash, "Tân Phước"))
    assert hit not in _top(live, "du lịch sinh thái", 10)  # its old words are gone
    assert _top(_live(db), "rừng ngập mặn", 1) == [hit]

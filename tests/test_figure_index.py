"""The figure search index: kept with the figures table, and never loses a figure counting what is asked."""
from __future__ import annotations

import pytest

from knowledge.qa import checks, evidence, figures
from knowledge.qa.figures import match_expression
from knowledge.qa.question import analyse
from knowledge.search.retrieval import document_ids
from knowledge.store import documents as store
from knowledge.store import fts, reads, schema
from knowledge.store.indexes import FIGURES
from tests.conftest import load_jsonl
from tests.test_store import _doc

# Figure questions of our own, beside the dev set's: counted nouns, generic units, measures only.
EXTRA_QUESTIONS = [
    "Dân số xã Cẩm Giang là bao nhiêu?", "xa an khanh co bao nhieu dang vien", "Diện tích tự nhiên của xã Đại Sơn",
    "Có bao nhiêu hồ sơ thủ tục hành chính được tiếp nhận?", "tỷ lệ hồ sơ giải quyết đúng hạn là bao nhiêu phần trăm",
    "Bao nhiêu người tham gia bảo hiểm y tế?", "Xã Quang Minh có bao nhiêu cán bộ, công chức?",
    "Đảng bộ có bao nhiêu chi bộ trực thuộc?", "Kết nạp bao nhiêu đảng viên mới?", "mật độ dân số xã Kim Tân",
]


def _terms_rows(db) -> list[tuple]:
    return db.execute("SELECT rowid, units, text FROM figure_terms ORDER BY rowid").fetchall()


def test_index_follows_store_replace_and_delete():
    db = schema.open_db(None)
    first = store.store_document(db, _doc("a" * 64, population=12000), source="x.txt", size=10)
    [(rowid, units, text)] = _terms_rows(db)
    assert rowid == db.execute("SELECT rowid FROM figures").fetchone()[0]
    assert "nguoi" in units.split() and "dan so 12000 nguoi" in text
    store.store_document(db, _doc("b" * 64, population=13000), source="x.txt", size=11)  # replaces the first
    [(rowid, _, text)] = _terms_rows(db)
    assert "13000" in text and rowid == db.execute("SELECT rowid FROM figures").fetchone()[0]
    assert store.delete_document(db, store.doc_id_for("b" * 64, "Tân Mẫu"))
    assert _terms_rows(db) == [] and first.status == "added"


def test_migration_fills_the_index_from_figures_already_stored():
    db = schema.open_db(None)
    store.store_document(db, _doc("a" * 64), source="x.txt", size=10)
    expected = _terms_rows(db)
    number = [name for name, _ in schema.MIGRATIONS].index("figure search index") + 1
    db.execute("DROP TABLE figure_terms")
    db.execute("DELETE FROM migrations WHERE id = ?", [number])
    assert schema.migrate(db) == ["figure search index"]
    assert _terms_rows(db) == expected


def test_match_expression_needs_a_unit_or_a_measure():
    assert match_expression(set(), set(), {"dan"}) is None
    unit_only = match_expression({"dang vien"}, set(), set())
    assert unit_only == 'units : ("dang")'
    both = match_expression({"%"}, {"ty", "le"}, {"ho"})
    assert both.startswith('units : ("pct" OR "phan") AND text : ("le" OR "ty")') and '"ho"' in both


def _questions() -> list[str]:
    try:
        dev = [item["question"] for item in load_jsonl("qa_dev.jsonl")]
    except pytest.skip.Exception:
        dev = []
    return dev + EXTRA_QUESTIONS


def test_candidates_hold_every_figure_counting_the_asked_noun(seeded_services):
    """Over the seeds, for every figure ask naming what it counts: each figure in scope that counts
    it (the unit check of knowledge.qa.checks) is among the candidates: the index narrows by a
    necessary condition only."""
    db, answerer = seeded_services.db, seeded_services.answerer
    everything = reads.figures(db)
    checked = 0
    for text in _questions():
        q = analyse(text, answerer.communes())
        scope = document_ids(db, communes=list(q.communes) or None)
        for ask in q.asks:
            if ask.kind not in ("count", "percent") or not (ask.target or ask.kind == "percent"):
                continue
            fitting = {f.rowid for f in everything if (scope is None or f.doc_id in scope)
                       and checks.unit_fits(ask, evidence.build(f, []))}
            chosen = set(answerer.figures.candidate_rowids(ask, scope, []))
            assert fitting <= chosen, (text, ask.target)
            checked += bool(fitting)
    assert checked >= 20  # the property was exercised, not vacuously true


def test_candidates_are_capped_per_ask(seeded_services, monkeypatch):
    answerer = seeded_services.answerer
    q = analyse("Có bao nhiêu hồ sơ thủ tục hành chính được tiếp nhận?", answerer.communes())
    everything = answerer.figures.candidate_rowids(q.asks[0], None, [])
    monkeypatch.setattr(figures, "CANDIDATES_PER_ASK", 2)
    capped = answerer.figures.candidate_rowids(q.asks[0], None, [])
    assert len(everything) > 2 and 0 < len(capped) <= 2
    assert set(capped) <= set(everything)


def test_scope_is_part_of_the_query_in_chunks(monkeypatch):
    db = schema.open_db(None)
    docs = [store.store_document(db, _doc(c * 64, population=1000 + i), source=f"{c}.txt", size=10).doc_id
            for i, c in enumerate("abcd")]
    rowid_of = dict(db.execute("SELECT doc_id, rowid FROM figures").fetchall())
    expression = match_expression({"nguoi"}, {"dan"}, {"so"})
    scope = docs[1:3]
    whole = FIGURES.candidates(db, expression, scope, 10)
    assert sorted(whole) == sorted(rowid_of[d] for d in scope)
    assert len(FIGURES.candidates(db, expression, None, 10)) == 4
    monkeypatch.setattr(fts, "_DOCS_PER_QUERY", 1)  # one query per document, merged by rank
    assert sorted(FIGURES.candidates(db, expression, scope, 10)) == sorted(whole)
    assert len(FIGURES.candidates(db, expression, scope, 1)) == 1

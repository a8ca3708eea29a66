"""The citation search index: kept with the citations, and it narrows without changing the answer."""
from __future__ import annotations

import pytest

from knowledge.qa.directives import (
    answer_directive,
    candidate_citations,
    load_citations,
)
from knowledge.qa.question import analyse
from knowledge.search.retrieval import document_ids
from knowledge.store import documents as store
from knowledge.store import schema
from knowledge.store.indexes import CITATIONS
from tests.conftest import load_jsonl
from tests.test_store import _doc

EXTRA_QUESTIONS = [
    "Căn cứ kế hoạch nào để triển khai chuyển đổi số?", "Thực hiện theo nghị định nào về một cửa liên thông?",
    "kế hoạch cchc năm 2023 của xã quang minh là văn bản nào", "nghị quyết 57 ban hành ngày nào",
    "Quyết định thành lập Đảng bộ xã An Khánh là quyết định nào?", "theo chỉ thị nào về công tác tuyển quân",
]


def test_index_follows_store_and_delete_and_expands_abbreviations():
    db = schema.open_db(None)
    stored = store.store_document(db, _doc("a" * 64, symbol="12/KH-UBND"), source="x.txt", size=10)
    [(text,)] = db.execute("SELECT text FROM citation_terms").fetchall()
    assert text.startswith("ke hoach cai cach hanh chinh ubnd huyen mau")  # kind, subject, issuer, sentence
    assert {"uy", "ban", "nhan", "dan"} <= set(text.split())  # "UBND" spelled out as well
    assert CITATIONS.drift(db) == (0, 0)
    store.delete_document(db, stored.doc_id)
    assert db.execute("SELECT count(*) FROM citation_terms").fetchone()[0] == 0


def _questions() -> list[str]:
    try:
        dev = [i["question"] for i in load_jsonl("qa_dev.jsonl") if i["type"] == "directive"]
    except pytest.skip.Exception:
        dev = []
    return dev + EXTRA_QUESTIONS


def _top(hits) -> list[tuple[str, int]]:
    return [(h.citation["doc_id"], h.citation["seq"]) for h in hits[:1]]


def test_candidates_give_the_answer_all_citations_give(seeded_services):
    db, answerer = seeded_services.db, seeded_services.answerer
    every = [r[0] for r in db.execute("SELECT rowid FROM citations")]
    compared = 0
    for text in _questions():
        q = analyse(text, answerer.communes())
        scope = document_ids(db, communes=list(q.communes) or None)
        pool = [c for c in load_citations(db, every) if scope is None or c["doc_id"] in scope]
        full = answer_directive(q, pool)
        narrowed = answer_directive(q, candidate_citations(db, q, scope))
        assert _top(full) == _top(narrowed), text
        compared += bool(full)
    assert compared >= 8

"""The answerer on the dev gold set, through the real embedder, Chroma and BM25 (issue targets)."""
from __future__ import annotations

import json

from knowledge.qa.evaluate import evaluate
from tests.conftest import load_jsonl


def test_dev_set_meets_the_targets(seeded_services):
    items = load_jsonl("qa_dev.jsonl")
    result = evaluate(items, seeded_services.answerer.ask)
    m = result["metrics"]
    print(json.dumps(m, ensure_ascii=False, indent=1))
    print("wrong:", [r["id"] for r in result["rows"] if not r["correct"]])
    assert m["evidence_hit@5"] >= 0.95
    assert m["figure_table_values"] >= 0.90
    assert m["directive_symbol_date"] >= 0.90
    assert m["unanswerable_abstained"] >= 0.90
    assert m["answerable_wrongly_abstained"] <= 0.05
    # questions typed without diacritics must not do worse than the others by more than 3 points
    assert m["accuracy_no_diacritics"] >= m["accuracy_with_diacritics"] - 0.03

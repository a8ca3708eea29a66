"""Reciprocal rank fusion: scores, de-duplication, weights, deterministic order."""
from __future__ import annotations

import pytest

from knowledge.search.fusion import rrf, top_with_heads


def test_single_ranking_keeps_its_order_with_rrf_scores():
    fused = rrf([["a", "b", "c"]], k=60)
    assert [i for i, _ in fused] == ["a", "b", "c"]
    assert fused[0][1] == pytest.approx(1 / 61)
    assert fused[2][1] == pytest.approx(1 / 63)


def test_scores_add_up_across_rankings():
    fused = dict(rrf([["a", "b"], ["b", "c"]], k=10))
    assert fused["b"] == pytest.approx(1 / 12 + 1 / 11)
    assert fused["a"] == pytest.approx(1 / 11)
    assert fused["c"] == pytest.approx(1 / 12)


def test_agreement_beats_a_single_first_place():
    fused = rrf([["x", "both"], ["y", "both"]])
    assert fused[0][0] == "both"


def test_each_id_once_and_repeats_inside_a_ranking_count_once():
    fused = rrf([["a", "b", "a", "a"], ["a"]], k=0)
    ids = [i for i, _ in fused]
    assert ids == ["a", "b"]
    assert dict(fused)["a"] == pytest.approx(1 / 1 + 1 / 1)


def test_ties_keep_first_seen_order():
    fused = rrf([["p", "q"], ["q", "p"]])
    assert [i for i, _ in fused] == ["p", "q"]
    assert fused[0][1] == pytest.approx(fused[1][1])
    fused = rrf([["q", "p"], ["p", "q"]])
    assert [i for i, _ in fused] == ["q", "p"]


def test_weights_scale_each_ranking():
    lexical, dense = ["lex1", "shared"], ["dense1", "shared"]
    assert rrf([lexical, dense], weights=[1.0, 0.0])[0][0] == "lex1"
    assert dict(rrf([lexical, dense], weights=[2.0, 0.0]))["lex1"] == pytest.approx(2 / 61)
    assert rrf([lexical, dense], weights=[0.0, 1.0])[0][0] == "dense1"


def test_bad_arguments():
    with pytest.raises(ValueError):
        rrf([["a"], ["b"]], weights=[1.0])
    with pytest.raises(ValueError):
        rrf([["a"]], k=-1)


def test_empty_inputs_and_purity():
    assert rrf([]) == []
    assert rrf([[], []]) == []
    rankings = [["a", "b"], ["b"]]
    rrf(rankings)
    assert rankings == [["a", "b"], ["b"]]
    assert rrf(rankings) == rrf([tuple(r) for r in rankings])


def test_top_with_heads_keeps_each_rankings_first_places():
    dense = ["a", "b", "c", "d", "e"]
    lexical = ["x", "b", "c", "d", "e"]  # "x": BM25's first place, which the dense ranking never finds
    plain = [i for i, _ in rrf([dense, lexical])[:3]]
    assert "x" not in plain  # fused alone, agreement pushes it out
    top = [i for i, _ in top_with_heads([dense, lexical], 3, heads=1)]
    assert top == ["b", "a", "x"]  # both first places kept, the fused best still first


def test_top_with_heads_changes_nothing_when_the_heads_are_in():
    rankings = [["a", "b", "c"], ["b", "a", "c"]]
    assert top_with_heads(rankings, 2) == rrf(rankings)[:2]

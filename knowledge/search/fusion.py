"""Reciprocal rank fusion (Cormack et al., SIGIR 2009): merges rankings by rank, not by score.

Dense cosine scores and BM25 scores live on different scales; RRF only needs the order.
Pure: no I/O, no state.
"""
from __future__ import annotations

from typing import Sequence


def rrf(
    rankings: Sequence[Sequence[str]],
    k: int = 60,
    weights: Sequence[float] | None = None,
) -> list[tuple[str, float]]:
    """Fuse ranked id lists: score(id) = sum over rankings of weight / (k + rank), rank from 1.

    An id repeated inside one ranking counts once, at its best rank. Ties keep the order in
    which ids were first seen (rankings in the order given, each from its top), so the output
    is deterministic. Returns (id, score) best first, each id once.
    """
    if k < 0:
        raise ValueError("k must be >= 0")
    if weights is None:
        weights = [1.0] * len(rankings)
    elif len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings")

    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    for ranking, weight in zip(rankings, weights):
        seen: set[str] = set()
        for rank, doc_id in enumerate(ranking, start=1):
            if doc_id in seen:
                continue
            seen.add(doc_id)
            first_seen.setdefault(doc_id, len(first_seen))
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], first_seen[item[0]]))


def top_with_heads(rankings: Sequence[Sequence[str]], n: int, heads: int = 2) -> list[tuple[str, float]]:
    """The n best of rrf(rankings), with the first `heads` ids of every ranking kept among them: a
    passage one ranking puts first (BM25 on an exact phrase, "dịch vụ công trực tuyến mức độ") is
    not pushed out by passages both rankings find only middling. In fused order."""
    fused = rrf(rankings)
    kept = {i for ranking in rankings for i in ranking[:heads]}
    heads_first = sorted(range(len(fused)), key=lambda j: fused[j][0] not in kept)  # stable: fused order within
    return [fused[j] for j in sorted(heads_first[:n])]

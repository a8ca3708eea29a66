"""One calibrated confidence per answer, from a few features, with weights fitted on gold questions.

Logistic models fitted by bench/fit_confidence.py (never set by hand), stored in
knowledge/qa/confidence.json:
- "figure": scores each candidate figure of an ask from FIGURE_FEATURES (how much of the ask
  its clause, sentence, lead, heading and document hold; the rarest word it lacks; how its
  period fits; whether retrieval found its passage; how much of its label was asked; ...);
- "figure_answer": turns the best candidate's score, its margin over the best candidate with
  another value and the share of the candidates' weight (softmax of scores) on its value into
  the probability that the answer is right;
- "sentence": scores each sentence of the top passages for an ask, from SENTENCE_FEATURES;
- "sentence_answer": the probability that the best sentence answers the ask, from its score and
  its margin over the best sentence of another paragraph.
An answer whose probability is under its model's threshold is not given.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

FIGURE_FEATURES = ("cov_clause", "cov_sentence", "cov_lead", "cov_heading", "cov_document", "missing_idf",
                   "n_missing", "time_fit", "retrieved", "label_cov", "target_in_clause", "total_row",
                   "qualifier_level", "unasked_subset")
ANSWER_FEATURES = ("score", "margin", "share")
SENTENCE_ANSWER_FEATURES = ("score", "margin", "agree")
SENTENCE_FEATURES = ("cov", "cov_line", "cov_context", "heading_cov", "pairs", "retrieved", "first", "kind_fit",
                     "missing_idf", "time_fit", "report_part")


@dataclass(frozen=True)
class Linear:
    """A fitted logistic model: z = bias + Σ weight·feature; p = σ(z)."""

    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.5

    def z(self, features: Mapping[str, float]) -> float:
        return self.bias + sum(w * features[k] for k, w in self.weights.items())

    def p(self, features: Mapping[str, float]) -> float:
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, self.z(features)))))

    def to_json(self) -> dict:
        return {"weights": dict(self.weights), "bias": self.bias, "threshold": self.threshold}


MODELS = ("figure", "figure_answer", "sentence", "sentence_answer")


@dataclass(frozen=True)
class Models:
    figure: Linear
    figure_answer: Linear
    sentence: Linear
    sentence_answer: Linear

    def answer_confidence(self, best: tuple[float, float], scored: Sequence[tuple[float, float]]) -> float:
        """`best`: (value, score) of the answer; `scored`: (value, score) of every candidate passing."""
        return self.figure_answer.p(answer_features(best, scored))

    def sentence_confidence(self, features: Mapping[str, float]) -> float:
        return self.sentence_answer.p(features)


def answer_features(best: tuple[float, float], scored: Sequence[tuple[float, float]]) -> dict[str, float]:
    value, score = best
    others = [s for v, s in scored if v != value]
    margin = score - max(others) if others else 3.0
    top = max(s for _, s in scored)
    weights = [(v, math.exp(s - top)) for v, s in scored]
    share = sum(w for v, w in weights if v == value) / sum(w for _, w in weights)
    return {"score": score, "margin": min(margin, 3.0), "share": share}


def sentence_answer_features(score: float, margin: float, agree: bool) -> dict[str, float]:
    """`agree`: the best sentence of another paragraph states the same value (a period, a name)."""
    return {"score": score, "margin": min(margin, 3.0), "agree": float(agree)}


@lru_cache(maxsize=1)
def load() -> Models:
    data = json.loads(resources.files("knowledge.qa").joinpath("confidence.json").read_text(encoding="utf-8"))
    return Models(**{name: Linear(**data[name]) for name in MODELS})


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 100) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression (Newton's method)."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -50, 50)))
        grad = xb.T @ (p - y) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


# The direction each feature can only push an answer's odds: more of the ask found is never
# evidence against a candidate, a missing or unasked word never evidence for it. A weight fitted
# against its direction only stands for another feature it goes with (few rows, many correlated
# coverages); such a feature is left out and the rest refitted.
NEGATIVE = frozenset({"missing_idf", "n_missing", "unasked_subset"})


def fit(rows: Sequence[tuple[Mapping[str, float], bool]], names: Sequence[str], l2: float = 2.0) -> Linear:
    """A logistic model over `names`, each weight of the sign its feature can have (NEGATIVE for
    those that count against, positive for the others)."""
    y = np.array([1.0 if label else 0.0 for _, label in rows])
    kept = list(names)
    while True:
        x = np.array([[f[k] for k in kept] for f, _ in rows], dtype=float)
        w, b = logistic(x, y, l2)
        wrong = [k for k, v in zip(kept, w) if (v > 0) == (k in NEGATIVE) and abs(v) > 1e-9]
        if not wrong:
            break
        kept = [k for k in kept if k != max(wrong, key=lambda k: abs(w[kept.index(k)]))]
    weights = dict(zip(kept, map(float, w)))
    return Linear({k: weights.get(k, 0.0) for k in names}, b)


def threshold_for(confidences: Sequence[tuple[float, bool]], wrong_cost: float) -> float:
    """The confidence above which answering pays on these (confidence, right) rows: a right answer
    gains 1, a wrong one costs `wrong_cost`, an abstention 0. Halfway to the next lower
    confidence, so a new question scoring a little under the last one kept is kept too."""
    ranked = sorted(confidences, key=lambda c: -c[0])
    best, gain, cut = 0.0, 0.0, 1.0
    for i, (conf, right) in enumerate(ranked):
        gain += 1.0 if right else -wrong_cost
        if gain > best:
            lower = ranked[i + 1][0] if i + 1 < len(ranked) else conf
            best, cut = gain, (conf + lower) / 2
    return cut


def risk_coverage(confidences: Sequence[tuple[float, bool]], total: int) -> list[tuple[float, float, float]]:
    """(threshold, coverage, risk) at each distinct confidence: coverage is answered / total
    questions, risk is wrong / answered."""
    ranked = sorted(confidences, key=lambda c: -c[0])
    out, wrong = [], 0
    for i, (conf, right) in enumerate(ranked, start=1):
        wrong += not right
        out.append((conf, i / max(1, total), wrong / i))
    return out

"""The calibrated confidence: logistic fits, thresholds where answering stops paying, the stored models."""
from __future__ import annotations

import random

import numpy as np

from knowledge.qa import confidence


def test_logistic_fit_orders_by_the_informative_feature():
    rng = random.Random(7)
    rows = []
    for _ in range(400):
        good = rng.random() < 0.5
        rows.append(({"signal": rng.gauss(1.0 if good else -1.0, 0.7), "noise": rng.gauss(0, 1)}, good))
    model = confidence.fit(rows, ["signal", "noise"], l2=1.0)
    assert model.weights["signal"] > 1.0 and abs(model.weights["noise"]) < 0.3
    assert model.p({"signal": 2.0, "noise": 0.0}) > 0.9 > 0.1 > model.p({"signal": -2.0, "noise": 0.0})


def test_threshold_is_where_answering_stops_paying():
    rows = [(0.95, True), (0.9, True), (0.85, True), (0.8, False), (0.7, True), (0.6, False), (0.5, False)]
    # a wrong answer costing 3: keep the three best, stop before the first wrong one
    assert 0.8 < confidence.threshold_for(rows, wrong_cost=3.0) < 0.85
    # costing half a right answer: the wrong 0.8 is paid for by the right 0.7 below it
    assert 0.6 < confidence.threshold_for(rows, wrong_cost=0.5) < 0.7
    assert confidence.threshold_for([(0.9, False)], wrong_cost=1.0) == 1.0  # never pays: answer nothing


def test_risk_coverage_curve():
    curve = confidence.risk_coverage([(0.9, True), (0.8, False), (0.7, True)], total=4)
    assert [(round(c, 2), round(r, 2)) for _, c, r in curve] == [(0.25, 0.0), (0.5, 0.5), (0.75, 0.33)]


def test_answer_features_put_weight_on_the_answers_value():
    features = confidence.answer_features((17.0, 2.0), [(17.0, 2.0), (17.0, 1.0), (36.0, 0.0)])
    assert features["margin"] == 2.0 and 0.8 < features["share"] < 1.0
    assert confidence.answer_features((5.0, 1.0), [(5.0, 1.0)])["margin"] == 3.0  # nothing else: the cap


def test_stored_models_are_complete():
    models = confidence.load()
    assert set(models.figure.weights) == set(confidence.FIGURE_FEATURES)
    assert set(models.sentence.weights) == set(confidence.SENTENCE_FEATURES)
    assert set(models.figure_answer.weights) == set(confidence.ANSWER_FEATURES)
    for model in (models.figure_answer, models.sentence_answer):
        assert 0.0 < model.threshold < 1.0


def test_a_weight_against_its_features_direction_is_left_out():
    rng = random.Random(3)
    rows = []
    for _ in range(300):
        good = rng.random() < 0.5
        cov = rng.gauss(1.0 if good else 0.0, 0.3)
        # "missing_idf" goes up with coverage here: fitted freely it would weigh for the answer
        rows.append(({"cov": cov, "missing_idf": cov + rng.gauss(0, 0.05)}, good))
    free, _ = confidence.logistic(np.array([[f["cov"], f["missing_idf"]] for f, _ in rows]),
                                  np.array([float(g) for _, g in rows]), 2.0)
    assert free[1] > 0 and "missing_idf" in confidence.NEGATIVE
    model = confidence.fit(rows, ["cov", "missing_idf"])
    assert model.weights["cov"] > 0 and model.weights["missing_idf"] <= 0

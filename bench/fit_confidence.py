"""Fit the answer engine's confidence models on gold questions, and validate them leave-one-seed-out.

Gold questions: ../shared/eval/qa_dev.jsonl and qa_dev2.jsonl (on the five seeds),
tests/fixtures/qa_examples.jsonl (written for this project on the sample reports in examples/) and
tests/fixtures/qa_hoa_son.jsonl and qa_my_hung.jsonl (written on reports of invented communes,
tests/fixtures/hoa_son/ and my_hung/).
For every question the engine's candidates are collected with their features; a candidate is
labelled right when its value is a gold value and its paragraph holds a gold evidence quote (a
sentence: when it holds a quote). The three logistic models of knowledge.qa.confidence are
fitted on these rows and thresholds chosen so that the answers kept are wrong at most
--max-risk of the time.

    python bench/fit_confidence.py            # fit on everything, write knowledge/qa/confidence.json
    python bench/fit_confidence.py --loso     # fit on all folds but one, score that one, for each fold

Folds: each seed's questions, the questions comparing several seeds ("multi"), each other corpus.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.text.normal import squash  # noqa: E402
from knowledge.qa import confidence  # noqa: E402
from knowledge.qa.asks import best_sentence_features  # noqa: E402
from knowledge.qa.confidence import (  # noqa: E402
    ANSWER_FEATURES,
    FIGURE_FEATURES,
    MODELS,
    SENTENCE_ANSWER_FEATURES,
    SENTENCE_FEATURES,
    Linear,
    Models,
    answer_features,
)
from knowledge.qa.evaluate import evaluate, read_gold  # noqa: E402
from knowledge.qa.figures import choose  # noqa: E402
from knowledge.qa.question import analyse, single_intent  # noqa: E402
from knowledge.search.retrieval import document_ids  # noqa: E402
from knowledge.services import Services  # noqa: E402
from knowledge.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared"
OUT = ROOT / "knowledge" / "qa" / "confidence.json"


def norm(text: str) -> str:
    return squash(text).lower()


# corpus -> (its reports, the commune they are of when they do not say)
CORPORA = {"seeds": (sorted((SHARED / "seeds").glob("*.txt")), None),
           "examples": (sorted((ROOT / "examples").glob("tan_phong_*")), "Tân Phong"),
           "hoa_son": (sorted((ROOT / "tests" / "fixtures" / "hoa_son").glob("*.txt")), "Hòa Sơn"),
           "my_hung": (sorted((ROOT / "tests" / "fixtures" / "my_hung").glob("*.txt")), "Mỹ Hưng")}
# (name, gold file, corpus it asks)
GOLD = (("qa_dev", SHARED / "eval" / "qa_dev.jsonl", "seeds"),
        ("qa_dev2", SHARED / "eval" / "qa_dev2.jsonl", "seeds"),
        ("examples", ROOT / "tests" / "fixtures" / "qa_examples.jsonl", "examples"),
        ("hoa_son", ROOT / "tests" / "fixtures" / "qa_hoa_son.jsonl", "hoa_son"),
        ("my_hung", ROOT / "tests" / "fixtures" / "qa_my_hung.jsonl", "my_hung"))


def load_items() -> list[tuple[str, dict]]:
    """(corpus, item) for every gold question."""
    return [(corpus, item) for _, path, corpus in GOLD for item in read_gold(path)]


def fold_of(corpus: str, item: dict) -> str:
    if corpus != "seeds":
        return corpus
    return item["seed"][:3] if item["seed"][:3].isdigit() else "multi"


def open_corpora(base: Path) -> dict[str, Services]:
    """Every corpus ingested under `base` (a corpus already there is reused)."""
    return {name: open_corpus(base / name, files, commune) for name, (files, commune) in CORPORA.items()}


def open_corpus(folder: Path, files: list[Path], commune: str | None = None) -> Services:
    services = Services.open(Settings(data_dir=folder))
    for path in files:
        services.ingest(path, commune=commune)
    services.sync()
    return services


def holds_quote(text: str, quotes: list[str]) -> bool:
    t = norm(text)
    return any(q in t or (len(t) >= 25 and t in q) for q in quotes)


def collect(services: Services, item: dict) -> tuple[list, list, list, list]:
    """Figure candidate rows, figure answer rows, sentence rows and sentence answer rows of one question."""
    engine = services.answerer
    q = analyse(item["question"], engine.communes())
    scope = document_ids(services.db, communes=list(q.communes)) if q.communes else None
    hits = engine.search(q, scope)
    quotes = [norm(e) for e in item.get("evidence", [])]
    answerable = item["type"] in ("figure", "table") and item.get("values")
    fig_rows, fig_answers, sent_rows, sent_answers = [], [], [], []
    if q.intent == "multi" and not item.get("values") and single_intent(q.folded, q.symbols, q.asks) == "passage":
        for commune in q.communes:  # each commune's part of a comparison of passages: a sentence answer
            own = document_ids(services.db, communes=[commune])
            for ask in q.asks:
                scored = engine.scored_sentences(ask, engine.search(q, own), q.period)
                labels = [holds_quote(s.quote, quotes) for s in scored]
                sent_rows += list(zip([s.features for s in scored], labels))
                sent_answers.append((scored, labels))
        return fig_rows, fig_answers, sent_rows, sent_answers
    if q.intent in ("multi", "change"):  # answered by the operators from figures found this way: not rows here
        return fig_rows, fig_answers, sent_rows, sent_answers
    for ask in q.asks:
        if ask.kind in ("count", "percent"):
            cands = engine.figures.candidates(ask, scope, hits, q.period)
            passing = [c for c in cands if not c.failed]
            right = [bool(answerable) and any(abs(c.value - v) < 1e-6 for v in item["values"]) for c in passing]
            quoted = [r and holds_quote(c.evidence.figure.paragraph_text if not c.evidence.figure.in_table
                                        else c.evidence.sentence, quotes) for c, r in zip(passing, right)]
            # the ranker learns from the statement the gold quotes; an answer is right by its value
            fig_rows += [(c, label) for c, label in zip(passing, quoted)]
            fig_answers.append((passing, right, q.period))
        elif q.intent in ("figure", "passage", "post") and ask.kind != "directive":
            scored = engine.scored_sentences(ask, hits, q.period)
            labels = [item["type"] != "unanswerable" and holds_quote(s.quote, quotes) for s in scored]
            sent_rows += list(zip([s.features for s in scored], labels))
            sent_answers.append((scored, labels))
    return fig_rows, fig_answers, sent_rows, sent_answers


def fit(collected: list, wrong_cost: float, sentence_cost: float) -> tuple[Models, int, int, int]:
    fig_rows = [(c.features, label) for rows, _, _, _ in collected for c, label in rows]
    ranker = confidence.fit(fig_rows, FIGURE_FEATURES)
    answer_rows = []
    for _, answers, _, _ in collected:
        for passing, labels, period in answers:
            if not passing:
                continue
            rescored = [replace(c, score=ranker.z(c.features)) for c in passing]
            label_of = {id(c): label for c, label in zip(rescored, labels)}
            best, rivals = choose(sorted(rescored, key=lambda c: -c.score), period)
            answer_rows.append((answer_features((best.value, best.score), [(c.value, c.score) for c in rivals]),
                                label_of[id(best)]))
    answer = confidence.fit(answer_rows, ANSWER_FEATURES)
    answer = Linear(answer.weights, answer.bias, confidence.threshold_for(
        [(answer.p(f), label) for f, label in answer_rows], wrong_cost))
    sent_rows = [row for _, _, rows, _ in collected for row in rows]
    sentence = confidence.fit(sent_rows, SENTENCE_FEATURES)
    best_rows = []
    for _, _, _, answers in collected:
        for scored, labels in answers:
            if scored:
                best, features = best_sentence_features(sentence, scored)
                best_rows.append((features, next(l for s, l in zip(scored, labels) if s is best)))
    sentence_answer = confidence.fit(best_rows, SENTENCE_ANSWER_FEATURES)
    sentence_answer = Linear(sentence_answer.weights, sentence_answer.bias, confidence.threshold_for(
        [(sentence_answer.p(f), label) for f, label in best_rows], sentence_cost))
    return Models(ranker, answer, sentence, sentence_answer), len(fig_rows), len(answer_rows), len(sent_rows)


def curve(rows: list[dict], total: int) -> list[str]:
    pairs = [(r["confidence"], r["correct"]) for r in rows if not r["abstained"]]
    points = confidence.risk_coverage(pairs, total)
    out = []
    for share in (0.5, 0.6, 0.7, 0.8, 0.9, 1.0):
        kept = [p for p in points if p[1] <= share + 1e-9]
        if kept:
            t, cov, risk = kept[-1]
            out.append(f"coverage {cov:.2f} risk {risk:.3f} (confidence >= {t:.2f})")
    return list(dict.fromkeys(out))  # past the largest coverage reached, the same point


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loso", action="store_true", help="validate leave-one-seed-out instead of writing")
    parser.add_argument("--wrong-cost", type=float, default=6.0,
                        help="what a wrong figure costs, in right answers (an official may copy it)")
    parser.add_argument("--sentence-cost", type=float, default=2.0,
                        help="what a wrong sentence costs, in right answers (it is quoted, and read)")
    parser.add_argument("--data", type=Path, help="folder for the knowledge bases (kept between runs)")
    args = parser.parse_args()
    base = args.data or Path(tempfile.mkdtemp(prefix="troly-fit-"))
    corpora = open_corpora(base)
    items = load_items()
    t0 = time.time()
    collected = [(fold_of(c, it), c, it, collect(corpora[c], it)) for c, it in items]
    print(f"# {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}; "
          f"{len(items)} questions collected in {time.time() - t0:.0f} s")
    if not args.loso:
        models, n_fig, n_ans, n_sent = fit([x[3] for x in collected], args.wrong_cost, args.sentence_cost)
        data = {name: getattr(models, name).to_json() for name in MODELS}
        data["fitted_on"] = {"questions": len(items), "figure_candidates": n_fig, "figure_answers": n_ans,
                             "sentences": n_sent, "wrong_cost": args.wrong_cost, "sentence_cost": args.sentence_cost}
        OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for name in MODELS:
            model = getattr(models, name)
            print(name, {k: round(v, 2) for k, v in model.weights.items()}, "bias", round(model.bias, 2),
                  "threshold", round(model.threshold, 3))
        print(f"written {OUT.relative_to(ROOT)}")
        return
    folds = sorted({f for f, *_ in collected})
    rows_all, totals = [], defaultdict(int)
    print("| held-out fold | questions | accuracy | answered | wrong of answered |")
    print("|---|---|---|---|---|")
    for fold in folds:
        models, *_ = fit([x[3] for x in collected if x[0] != fold], args.wrong_cost, args.sentence_cost)
        held = [(c, it) for f, c, it, _ in collected if f == fold]
        rows = []
        for corpus in corpora:
            part = [it for c, it in held if c == corpus]
            if part:
                corpora[corpus].answerer.use(models)
                rows += evaluate(part, corpora[corpus].answerer.ask)["rows"]
        answered = [r for r in rows if not r["abstained"]]
        wrong = sum(not r["correct"] for r in answered)
        print(f"| {fold} | {len(rows)} | {sum(r['correct'] for r in rows) / len(rows):.3f} | "
              f"{len(answered) / len(rows):.3f} | {wrong / max(1, len(answered)):.3f} |")
        rows_all += rows
        totals["q"] += len(rows)
    answered = [r for r in rows_all if not r["abstained"]]
    print(f"| all (out of sample) | {len(rows_all)} | {sum(r['correct'] for r in rows_all) / len(rows_all):.3f} | "
          f"{len(answered) / len(rows_all):.3f} | {sum(not r['correct'] for r in answered) / max(1, len(answered)):.3f} |")
    print("risk-coverage (out of sample, answered questions ranked by confidence):")
    for line in curve(rows_all, len(rows_all)):
        print("  " + line)
    for services in corpora.values():
        services.answerer.use(confidence.load())


if __name__ == "__main__":
    main()

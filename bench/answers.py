"""Benchmark: the answer engine on the gold sets (scored on the answer line) and its warm latency.

Usage: .venv/bin/python bench/answers.py [--data DIR] [--rounds 3]

Ingests the corpora of bench/fit_confidence.py (the five seeds, the bundled Tân Phong samples, the
invented Hòa Sơn report) into knowledge bases under --data (kept between runs: a second run reuses
them), then prints, for each gold set (qa_dev, qa_dev2, the examples' and Hòa Sơn's questions),
the metrics of knowledge.qa.evaluate (accuracy, wrong of answered, unanswerable abstained,
answerable wrongly abstained, with and without diacritics, per category), then the warm answer
latency over every question of the two dev sets, asked --rounds times after one warm-up round.
The confidence models were fitted on these same questions: every accuracy printed is in-sample
(bench/fit_confidence.py --loso gives the held-out figures).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fit_confidence import GOLD as SETS  # noqa: E402
from bench.fit_confidence import open_corpora  # noqa: E402
from knowledge.qa.evaluate import evaluate, read_gold  # noqa: E402

SHOWN = ("accuracy", "wrong_of_answered", "unanswerable_abstained", "answerable_wrongly_abstained",
         "accuracy_no_diacritics", "accuracy_with_diacritics")



def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "troly-bench-answers")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    corpora = open_corpora(args.data)
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()[0]:.1f} (in-sample)")
    print("| set | questions | " + " | ".join(SHOWN) + " |")
    print("|---|---|" + "---|" * len(SHOWN))
    categories = {}
    for name, path, corpus in SETS:
        metrics = evaluate(read_gold(path), corpora[corpus].answerer.ask)["metrics"]
        categories[name] = metrics["accuracy_by_category"]
        print(f"| {name} | {metrics['questions']} | " + " | ".join(f"{metrics[k]:.3f}" for k in SHOWN) + " |")
    for name, by_category in categories.items():
        print(f"{name} by category: " + ", ".join(f"{c} {v:.2f}" for c, v in sorted(by_category.items())))
    answerer = corpora["seeds"].answerer
    questions = [item["question"] for name, path, corpus in SETS[:2] for item in read_gold(path)]
    for question in questions:  # warm-up: caches and lazy loads
        answerer.ask(question)
    times = []
    for _ in range(args.rounds):
        for question in questions:
            start = time.perf_counter()
            answerer.ask(question)
            times.append((time.perf_counter() - start) * 1000)
    print(f"warm answer latency over {len(questions)} questions x {args.rounds}: p50 {statistics.median(times):.0f} ms, "
          f"p95 {_percentile(times, 95):.0f} ms, max {max(times):.0f} ms; load {os.getloadavg()[0]:.1f}")
    for services in corpora.values():
        services.close()


if __name__ == "__main__":
    main()

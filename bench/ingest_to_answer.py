"""Benchmark: how soon a new report is answerable (issue 12: figures within 10 s of `troly ingest`).

Usage: .venv/bin/python bench/ingest_to_answer.py
A fresh data folder (empty embedding cache); `troly ingest` of the five seeds runs in its own
process while this one asks, every 0.2 s, one figure question per seed from the dev gold set
(../shared/eval/qa_dev.jsonl) through its own warm services. Prints, counted from the moment the
ingest process starts: when each seed's figure was first answered (every gold value among the
answer's numbers, as `troly eval` scores it), when the ingest printed each file's outcome, how many passages were in the vector index
at the first answer, and when the ingest (embedding included) finished.
"""
from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

from knowledge.qa.evaluate import correct, read_gold
from knowledge.services import Services
from knowledge.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TROLY = Path(sys.executable).with_name("troly")


def figure_questions() -> dict[str, dict]:
    """One figure question per seed (the first in the gold set), keyed by seed file name."""
    rows = read_gold(SHARED / "eval" / "qa_dev.jsonl")
    chosen: dict[str, dict] = {}
    for row in rows:
        if row["type"] == "figure" and row["values"] and row["seed"] not in chosen:
            chosen[row["seed"]] = row
    return chosen


def main() -> None:
    questions = figure_questions()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data")
        services = Services.open(settings)
        services.answerer.ask("dân số xã là bao nhiêu?")  # warm: models and indexes loaded before the clock runs
        load = os.getloadavg()[0]
        printed: list[tuple[float, str]] = []
        start = time.perf_counter()
        proc = subprocess.Popen([str(TROLY), "--data-dir", str(settings.data_dir), "ingest", str(SHARED / "seeds")],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

        def read() -> None:
            for line in proc.stdout:
                printed.append((time.perf_counter() - start, line.rstrip()))

        reader = threading.Thread(target=read)
        reader.start()
        answered: dict[str, float] = {}
        embedded_at_first = None
        while len(answered) < len(questions) and proc.poll() is None:
            for seed, row in questions.items():
                if seed not in answered:
                    if correct(row, services.answerer.ask(row["question"])):
                        answered[seed] = time.perf_counter() - start
                        if embedded_at_first is None:
                            embedded_at_first = services.retriever.vectors.count()
            time.sleep(0.2)
        proc.wait()
        reader.join()
        finished = time.perf_counter() - start
        passages = services.db.execute("SELECT count(*) FROM passages").fetchone()[0]
        services.close()
    print(f"{datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, {os.cpu_count()} cores, load average {load:.2f} "
          f"at start; troly ingest of {len(questions)} seeds, empty embedding cache, exit code {proc.returncode}")
    for seed, row in questions.items():
        when = f"{answered[seed]:.1f} s" if seed in answered else "not answered"
        print(f"  {seed[:3]} «{row['question']}» ({row['answer']}): answered at {when}")
    for at, line in printed:
        if line.startswith(("✓", "✗")):
            print(f"  {at:5.1f} s  {line[:90]}")
    if answered:
        print(f"first figure answered at {min(answered.values()):.1f} s, all at {max(answered.values()):.1f} s; "
              f"{embedded_at_first} of {passages} passages in the vector index at the first answer")
    print(f"troly ingest done (embedding included) at {finished:.1f} s")


if __name__ == "__main__":
    main()

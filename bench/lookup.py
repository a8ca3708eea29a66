"""Benchmark: directive lookup latency over the seeds and the sample corpus.

Usage: .venv/bin/python bench/lookup.py [--rounds N] [--db PATH]
Stores the corpus into a fresh SQLite file (or uses --db), then times the first lookup
(registry build: cold) and the warm lookups of the fragment forms officials type, with and
without a commune scope. Prints p50/p95/max in milliseconds.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

# bench/ingest.py would shadow the `ingest` package when this runs as a script
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.directives.lookup import lookup
from knowledge.directives.registry import _CACHE
from knowledge.store.loader import discover, ingest_file
from knowledge.store.schema import open_db

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [ROOT.parent / "shared" / "seeds", ROOT / "examples"]
FRAGMENTS = ["1669", "nq 1669", "nghi quyet 1669", "Nghị quyết 1669/NQ-UBTVQH15", "kết luận 176", "KH 59-KH/TU",
             "57-NQ/TW", "57-NQ/2025/TW", "61/2018/QĐ-TTg", "nghị định 61", "kế hoạch 02", "02",
             "sắp xếp đơn vị hành chính", "nq 9999"]


def _ms(values: list[float]) -> str:
    q = statistics.quantiles(values, n=20)
    return f"p50 {statistics.median(values) * 1000:.2f} ms, p95 {q[-1] * 1000:.2f} ms, max {max(values) * 1000:.2f} ms"


def run(db, rounds: int) -> None:
    n_cit = db.execute("SELECT count(*) FROM citations").fetchone()[0]
    n_docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    print(f"corpus: {n_docs} documents, {n_cit} citations; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs")
    cold = []
    for _ in range(rounds):
        _CACHE.clear()
        start = time.perf_counter()
        lookup(db, "1669")
        cold.append(time.perf_counter() - start)
    print(f"cold (registry build + lookup): {_ms(cold)}")
    communes = [r[0] for r in db.execute("SELECT DISTINCT commune FROM documents WHERE commune IS NOT NULL")]
    for label, scope in (("warm, all documents", None), ("warm, one commune", communes[:1] or None)):
        lookup(db, "1669", communes=scope)
        times = []
        for _ in range(rounds):
            for fragment in FRAGMENTS:
                start = time.perf_counter()
                lookup(db, fragment, communes=scope)
                times.append(time.perf_counter() - start)
        print(f"{label} ({len(times)} lookups): {_ms(times)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--db", type=Path, default=None, help="an existing knowledge base instead of the corpus")
    args = parser.parse_args()
    if args.db:
        run(open_db(args.db), args.rounds)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        for f in discover(p for p in CORPUS if p.exists()):
            ingest_file(db, f, max_bytes=10**8)
        run(db, args.rounds)


if __name__ == "__main__":
    main()

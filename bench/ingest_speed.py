"""Benchmark: the parse-and-store path (no embeddings) over the seeds and the sample corpus.

Usage: .venv/bin/python bench/ingest_speed.py [--rounds N]
Prints documents/s and MB/s for parsing alone and for parse + store into a fresh SQLite file.
"""
from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

from ingest.pipeline import parse_document
from knowledge.store.loader import discover, ingest_file
from knowledge.store.schema import open_db

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [ROOT.parent / "shared" / "seeds", ROOT / "examples"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = [f for f in discover(p for p in CORPUS if p.exists()) if f.suffix != ".doc"]
    total_mb = sum(f.stat().st_size for f in files) / 1e6

    start = time.perf_counter()
    for _ in range(args.rounds):
        for f in files:
            parse_document(f)
    parse_s = (time.perf_counter() - start) / args.rounds

    store_times = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            db = open_db(Path(tmp) / "bench.db")
            start = time.perf_counter()
            for f in files:
                ingest_file(db, f, max_bytes=10**9)
            store_times.append(time.perf_counter() - start)
            db.close()
    store_s = sum(store_times) / len(store_times)

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {date.today().isoformat()}")
    print(f"corpus: {len(files)} files, {total_mb:.2f} MB, {args.rounds} rounds")
    print(f"parse only:      {len(files) / parse_s:7.1f} docs/s  {total_mb / parse_s:6.2f} MB/s  ({parse_s * 1000:.0f} ms/round)")
    print(f"parse + store:   {len(files) / store_s:7.1f} docs/s  {total_mb / store_s:6.2f} MB/s  ({store_s * 1000:.0f} ms/round)")


if __name__ == "__main__":
    main()

"""Benchmark: cold start of `troly --help` and `troly docs` (issue 10: under 1 s, no LLM configured).

Usage: .venv/bin/python bench/startup.py [--runs N]
Each run is a new process (the `troly` entry point beside this Python), on a fresh data folder
holding the sample corpus (stored without embeddings: `docs` reads SQLite only). Prints the
median, min and max wall time of each command, and the load average before and after.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from knowledge.settings import Settings
from knowledge.store.loader import discover, ingest_file
from knowledge.store.schema import open_db

ROOT = Path(__file__).resolve().parent.parent
TROLY = Path(sys.executable).with_name("troly")


def wall(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([str(TROLY), *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data")
        settings.ensure_dirs()
        db = open_db(settings.db_path)
        stored = [ingest_file(db, p, max_bytes=10**8) for p in discover([ROOT / "examples"])]
        db.close()
        env = {k: v for k, v in os.environ.items() if not k.startswith("TROLY_LLM")}
        env["TROLY_DATA_DIR"] = str(settings.data_dir)
        load_before = os.getloadavg()[0]
        times: dict[str, list[float]] = {"troly --help": [], "troly docs": []}
        wall(["docs"], env)  # the first run after an install fills the file cache; not counted
        for _ in range(args.runs):
            times["troly --help"].append(wall(["--help"], env))
            times["troly docs"].append(wall(["docs"], env))
        load_after = os.getloadavg()[0]
    print(f"{datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {load_before:.2f} -> {load_after:.2f}; "
          f"{len(stored)} documents stored; {args.runs} cold runs each")
    for command, runs in times.items():
        print(f"{command:14} median {statistics.median(runs):.2f} s (min {min(runs):.2f}, max {max(runs):.2f})")


if __name__ == "__main__":
    main()

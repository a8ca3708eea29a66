"""Benchmark: how ingest, index, query and memory costs grow with the number of reports (issue 6).

Usage: .venv/bin/python bench/scale.py --reports 100|1000|10000 [--vectors auto|real|template|none]
       [--root /tmp/troly-scale] [--jobs 2] [--allow-real-1000]

Over the synthetic corpus of bench/synth_corpus.py (kept under --root, outside the repo, and
reused across runs), in a fresh data directory:
  1. ingest without embeddings (parse + store): docs/s, MB/s, SQLite size;
  2. vectors, by --vectors (auto: "real" up to 100 reports, or 1000 with --allow-real-1000,
     else "template"):
     - real: Services.sync() from an empty embedding cache: true embedding throughput (passages/s);
     - template: what makes 1,000+ reports affordable on 2 cores. Every passage's embedded text
       is cut into lines and sentences, each reduced to a template (digit runs -> "#", commune
       names -> "X"); each distinct template is embedded once with the real embedder and kept
       in <root>/template_vectors.db across runs (synthetic reports share their wording, so
       there are a few hundred); a passage's vector is the renormalised mean of its units'
       vectors plus a 5% random perturbation seeded by the passage text, so no two vectors are
       identical. These vectors are written into the store's embedding cache, then the ordinary
       Services.sync() fills Chroma from it: index size, query latency and memory are measured on
       a full-size index of real-model vectors, but the passages/s figure is upsert speed, not
       embedding speed;
     - none: skip vectors and the query measurements;
     The sync also builds and saves the BM25 index (knowledge.search.lexical_live): included in sync_s.
  3. warm query latency: answerer.ask over 22 fixed questions (after one warm-up round), p50/p95;
     and the same with the term cache cleared before each question (a question never seen);
  4. directive lookup latency (knowledge.directives.lookup.lookup) over 10 fragments, first call and warm;
  5. adding one new report to the full knowledge base: ingest + sync (real embedding of its new
     passages), then the first query after it (its passages reach BM25 through the delta);
  6. a restart: Services.open on the same data (Chroma opened, saved BM25 index loaded on the
     first query) and the first query's time;
  7. peak RSS of this process (ru_maxrss).
Prints one JSON object and appends it to <root>/results.jsonl.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import sqlite3
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench import synth_corpus  # noqa: E402
from ingest.text.terms import terms  # noqa: E402
from knowledge.directives.lookup import lookup  # noqa: E402
from knowledge.search.embedcache import content_hash, to_blob  # noqa: E402
from knowledge.search.retrieval import embed_text  # noqa: E402
from knowledge.services import Services  # noqa: E402
from knowledge.settings import Settings  # noqa: E402
from knowledge.store.loader import ingest_file  # noqa: E402
from knowledge.store.schema import open_db  # noqa: E402

SEED = 7
LOOKUPS = ["57-NQ/TW", "nq 57", "nghị định 61", "1687", "45/2020/NĐ-CP", "quyết định 06",
           "21-KL/TW", "chỉ thị 05", "kế hoạch 12/KH-UBND", "quy dinh 144"]


def shape(n_reports: int) -> tuple[int, int]:
    """(communes, reports per commune): 10 x 10, 100 x 10, 100 x 100."""
    communes = min(100, max(1, n_reports // 10))
    return communes, n_reports // communes


def questions(names: list[str]) -> list[str]:
    a, b, c = (names * 3)[:3]
    return [
        f"Dân số xã {a} là bao nhiêu?", f"Xã {b} có bao nhiêu thôn?", f"Diện tích tự nhiên của xã {c}",
        f"Thu ngân sách xã {a} quý I năm 2025", "Thu nhập bình quân đầu người năm 2024",
        f"Tỷ lệ hộ nghèo của xã {b}", f"Đảng bộ xã {c} có bao nhiêu đảng viên?",
        "Kết nạp bao nhiêu đảng viên mới trong 6 tháng đầu năm 2025?", "Kết quả đánh giá, xếp loại chất lượng đảng viên",
        "Số hồ sơ thủ tục hành chính tiếp nhận", f"ty le ho so truc tuyen xa {a}",
        "Nghị quyết 57-NQ/TW về chuyển đổi số", "Nghị định 61/2018/NĐ-CP một cửa liên thông",
        "Bao nhiêu trường đạt chuẩn quốc gia?", "Tiêm chủng mở rộng cho trẻ em", "Công an xã xử lý bao nhiêu vụ việc?",
        "Số thanh niên nhập ngũ", "Những hạn chế trong cải cách hành chính", "Phương hướng nhiệm vụ kỳ tới",
        f"năng suất lúa xã {b}", "Căn cứ kế hoạch nào để triển khai chuyển đổi số?",
        f"Xã {c} thực hiện theo nghị định nào về một cửa liên thông?",
    ]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def db_mb(db) -> float:
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(db.execute("PRAGMA database_list").fetchone()[2])
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()) / 1e6


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# ---------------------------------------------------------------- template vectors

_DIGITS = re.compile(r"\d+(?:[.,/]\d+)*")
_UNIT_END = re.compile(r"(?<=[.;:])\s+")


class TemplateVectors:
    """Real vectors of number/name-masked passage templates, cached in a SQLite file outside the repo."""

    def __init__(self, path: Path, embedder, names: list[str]) -> None:
        self.embedder = embedder
        self.conn = sqlite3.connect(path)
        self.conn.execute("CREATE TABLE IF NOT EXISTS t (key TEXT, model TEXT, vector BLOB, PRIMARY KEY (key, model))")
        alternation = "|".join(sorted({re.escape(v) for n in names for v in (n, n.upper())}, key=len, reverse=True))
        self.names = re.compile(alternation) if alternation else None
        self.embedded = 0

    def template(self, text: str) -> str:
        text = self.names.sub("X", text) if self.names else text
        return _DIGITS.sub("#", text)

    def units(self, text: str) -> list[str]:
        """The passage's lines and sentences as templates: what is embedded, once each, ever."""
        parts = (u.strip() for line in text.split("\n") for u in _UNIT_END.split(line))
        return [self.template(u) for u in parts if u] or ["#"]

    def vectors(self, texts: list[str], batch: int = 32) -> list[np.ndarray]:
        """Per passage: the renormalised mean of its units' template vectors, perturbed."""
        units = [self.units(t) for t in texts]
        keys = [[hashlib.sha256(u.encode()).hexdigest() for u in us] for us in units]
        known: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(k for ks in keys for k in ks))
        for start in range(0, len(unique), 500):
            chunk = unique[start:start + 500]
            rows = self.conn.execute(f"SELECT key, vector FROM t WHERE model = ? AND key IN ({','.join('?' * len(chunk))})",
                                     [self.embedder.name, *chunk]).fetchall()
            known.update((k, np.frombuffer(v, dtype="<f4")) for k, v in rows)
        todo: dict[str, str] = {}
        for ks, us in zip(keys, units):
            for k, u in zip(ks, us):
                if k not in known:
                    todo.setdefault(k, u)
        items = list(todo.items())
        for start in range(0, len(items), batch):
            part = items[start:start + batch]
            new = self.embedder.embed_passages([u for _, u in part])
            self.conn.executemany("INSERT OR REPLACE INTO t VALUES (?, ?, ?)",
                                  [(k, self.embedder.name, to_blob(v)) for (k, _), v in zip(part, new)])
            self.conn.commit()
            known.update((k, np.asarray(v, dtype="<f4")) for (k, _), v in zip(part, new))
        self.embedded += len(items)
        return [self._perturb(np.mean([known[k] for k in ks], axis=0), t) for ks, t in zip(keys, texts)]

    @staticmethod
    def _perturb(v: np.ndarray, text: str) -> np.ndarray:
        rng = np.random.default_rng(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little"))
        noise = rng.standard_normal(v.shape[0]).astype("f4")
        out = v + 0.05 * noise / np.linalg.norm(noise)
        return out / np.linalg.norm(out)


def prefill_cache(services: Services, tv: TemplateVectors, chunk: int = 5000) -> tuple[int, int]:
    """Write template vectors into the store's embedding cache for every passage, a chunk of
    passages at a time; (distinct passage texts, distinct templates)."""
    db, embedder = services.db, services.embedder
    seen: set[str] = set()
    templates: set[str] = set()
    last = 0
    while True:
        rows = db.execute("""SELECT p.rowid, d.title, p.context, p.text FROM passages p JOIN documents d ON d.id = p.doc_id
                             WHERE p.rowid > ? ORDER BY p.rowid LIMIT ?""", [last, chunk]).fetchall()
        if not rows:
            return len(seen), len(templates)
        last = rows[-1][0]
        texts = [t for t in dict.fromkeys(embed_text(*r[1:]) for r in rows) if content_hash(t) not in seen]
        seen.update(content_hash(t) for t in texts)
        templates.update(u for t in texts for u in tv.units(t))
        vectors = tv.vectors(texts)
        with db.conn:
            db.conn.executemany(
                "INSERT OR REPLACE INTO embeddings (content_hash, model, dim, vector) VALUES (?, ?, ?, ?)",
                [(content_hash(t), embedder.name, embedder.dim, to_blob(v)) for t, v in zip(texts, vectors)])


# ---------------------------------------------------------------- phases


def build(args, settings: Settings, files, names: list[str], total_mb: float) -> dict:
    """Phases 1-2: the knowledge base of the corpus, with its figures."""
    out: dict = {}
    # 1. ingest without embeddings
    db = open_db(settings.db_path)
    t0 = time.perf_counter()
    failed = 0
    for path, commune in files:
        failed += ingest_file(db, path, max_bytes=10**9, commune=commune).status == "failed"
    ingest_s = time.perf_counter() - t0
    passages = db.execute("SELECT count(*) FROM passages").fetchone()[0]
    out.update(ingest_s=round(ingest_s, 1), ingest_docs_per_s=round(len(files) / ingest_s, 1),
               ingest_mb_per_s=round(total_mb / ingest_s, 2), failed=failed, passages=passages,
               figures=db.execute("SELECT count(*) FROM figures").fetchone()[0],
               citations=db.execute("SELECT count(*) FROM citations").fetchone()[0], db_mb=round(db_mb(db), 1))
    db.close()
    out["rss_after_ingest_mb"] = round(peak_rss_mb())

    mode = args.vectors
    if mode == "auto":
        mode = "real" if args.reports <= 100 or (args.reports <= 1000 and args.allow_real_1000) else "template"
    out["vectors"] = mode
    if mode == "none":
        return out

    # 2. vectors
    services = Services.open(settings)
    if mode == "template":
        tv = TemplateVectors(args.root / "template_vectors.db", services.embedder, names)
        t0 = time.perf_counter()
        distinct, templates = prefill_cache(services, tv)
        out.update(distinct_passage_texts=distinct, templates=templates, templates_embedded_now=tv.embedded,
                   template_prefill_s=round(time.perf_counter() - t0, 1))
    t0 = time.perf_counter()
    report = services.sync()
    sync_s = time.perf_counter() - t0
    out.update(sync_s=round(sync_s, 1), sync_passages_per_s=round(report.added / sync_s, 1),
               index_mb=round(folder_mb(settings.chroma_path), 1), bm25_mb=round(folder_mb(settings.lexical_path), 1),
               db_with_cache_mb=round(db_mb(services.db), 1))
    services.close()
    out["rss_after_build_mb"] = round(peak_rss_mb())
    return out


def run(args) -> dict:
    n_communes, per_commune = shape(args.reports)
    corpus_dir = args.root / f"corpus-seed{SEED}"
    t0 = time.perf_counter()
    files = synth_corpus.generate(corpus_dir, n_communes, per_commune, SEED, args.jobs)
    gen_s = time.perf_counter() - t0
    names = [c.name for c in synth_corpus.communes(n_communes, SEED)]
    total_mb = sum(p.stat().st_size for p, _ in files) / 1e6
    out: dict = {"reports": len(files), "communes": n_communes, "corpus_mb": round(total_mb, 2),
                 "generate_s": round(gen_s, 1)}

    data = args.root / f"kb-{args.reports}"
    settings = Settings(data_dir=data, _env_file=None)
    built = data / "built.json"
    if args.reuse and built.exists():  # phases 1-2 done by an earlier run: measure queries again
        out.update(json.loads(built.read_text(encoding="utf-8")), reused_build=True)
    else:
        shutil.rmtree(data, ignore_errors=True)
        settings.ensure_dirs()
        out.update(build(args, settings, files, names, total_mb))
        built.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    if out["vectors"] == "none":
        out["peak_rss_mb"] = round(peak_rss_mb())
        return out
    services = Services.open(settings)

    # 3. queries
    qs = questions(names)
    t0 = time.perf_counter()
    services.answerer.ask(qs[0])
    out["first_query_s"] = round(time.perf_counter() - t0, 2)
    for q in qs:  # warm-up round
        services.answerer.ask(q)
    times = []
    for _ in range(args.rounds):
        for q in qs:
            t0 = time.perf_counter()
            services.answerer.ask(q)
            times.append((time.perf_counter() - t0) * 1000)
    out.update(query_p50_ms=round(statistics.median(times)), query_p95_ms=round(pct(times, 95)),
               query_max_ms=round(max(times)))
    cold = {}
    for q in qs:
        terms.cache_clear()
        t0 = time.perf_counter()
        services.answerer.ask(q)
        cold[q] = (time.perf_counter() - t0) * 1000
    out.update(query_uncached_p50_ms=round(statistics.median(cold.values())),
               query_uncached_p95_ms=round(pct(list(cold.values()), 95)),
               query_uncached_slowest=max(cold, key=cold.get))

    # 4. lookup
    t0 = time.perf_counter()
    lookup(services.db, LOOKUPS[0])
    out["lookup_first_ms"] = round((time.perf_counter() - t0) * 1000)
    times = []
    for _ in range(args.rounds):
        for text in LOOKUPS:
            t0 = time.perf_counter()
            lookup(services.db, text)
            times.append((time.perf_counter() - t0) * 1000)
    out.update(lookup_p50_ms=round(statistics.median(times), 1), lookup_p95_ms=round(pct(times, 95), 1))

    # 5. one new report (a commune's next report, not in the corpus)
    c = synth_corpus.communes(n_communes, SEED)[0]
    extra = args.root / f"extra-{args.reports}"
    shutil.rmtree(extra, ignore_errors=True)
    runs = services.db.execute("SELECT count(*) FROM documents WHERE source LIKE ?", [f"{extra}%"]).fetchone()[0]
    # a report not seen before, also on a reused build (whose earlier runs each added one)
    new_path, commune = synth_corpus.write_one((c, 900 + per_commune + runs, SEED + 1, extra))
    t0 = time.perf_counter()
    outcome = services.ingest(extra / new_path, commune=commune)
    t_ingest = time.perf_counter() - t0
    added = services.sync().added
    t_total = time.perf_counter() - t0
    t1 = time.perf_counter()
    services.answerer.ask(qs[0])
    out.update(add_one_status=outcome.status, add_one_ingest_s=round(t_ingest, 2), add_one_total_s=round(t_total, 2),
               add_one_passages=added, add_one_next_query_s=round(time.perf_counter() - t1, 2))
    services.close()

    # 6. restart
    t0 = time.perf_counter()
    services = Services.open(settings)
    opened = time.perf_counter()
    services.answerer.ask(qs[1])
    out.update(reopen_s=round(opened - t0, 2), reopen_first_query_s=round(time.perf_counter() - opened, 2))
    services.close()
    out["peak_rss_mb"] = round(peak_rss_mb())
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--vectors", choices=["auto", "real", "template", "none"], default="auto")
    parser.add_argument("--allow-real-1000", action="store_true", help="embed 1,000 reports for real (~20 min+)")
    parser.add_argument("--root", type=Path, default=Path("/tmp/troly-scale"))
    parser.add_argument("--jobs", type=int, default=2, help="processes for corpus generation")
    parser.add_argument("--reuse", action="store_true", help="keep the knowledge base an earlier run built (phases 1-2)")
    parser.add_argument("--rounds", type=int, default=2, help="timed rounds over the questions")
    args = parser.parse_args()
    if args.vectors == "real" and args.reports > 1000 or (args.vectors == "real" and args.reports > 100
                                                          and not args.allow_real_1000):
        parser.error("real embeddings above 100 reports need --allow-real-1000 (and at most 1,000)")
    args.root.mkdir(parents=True, exist_ok=True)
    result = {"date": datetime.now().isoformat(timespec="seconds"), "machine": platform.processor() or platform.machine(),
              "cores": os.cpu_count(), "load_before": os.getloadavg(), **run(args)}
    result["load_after"] = os.getloadavg()
    line = json.dumps(result, ensure_ascii=False)
    with (args.root / "results.jsonl").open("a", encoding="utf-8") as f:
        f.write(line + "\n")
    print(line)


if __name__ == "__main__":
    main()

"""`troly doctor`: checks that the knowledge base is whole and repairs what can be repaired.

Checks, in order (a damaged SQLite file stops the rest: nothing else can be trusted):
- sqlite: PRAGMA integrity_check on the file, opened read-only;
- orphans: rows whose document is gone (PRAGMA foreign_key_check); repair deletes them;
- documents: documents without paragraphs (never whole); repair re-ingests them from their
  source file when it is still there, else deletes them and names the file to ingest again;
- directives: the registry agrees with the citations; repair recomputes the keys that drift;
- embeddings: cached vectors of the configured model have its dimension; repair deletes bad ones
  (vectors of other models are kept: switching back costs nothing);
- index: the Chroma collection was built by the configured embedder and holds exactly one vector
  per stored passage; repair rebuilds a collection of another model (or a damaged folder, moved
  aside), deletes stale vectors and adds missing ones through `Retriever.sync` (the same path as
  `Services.sync`), embedding only passages absent from the cache.
"""
from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from knowledge.search import embedcache
from knowledge.search.embedder import Embedder, make_embedder
from knowledge.search.retrieval import Retriever, passage_id
from knowledge.search.vectors import EmbedderMismatchError, VectorIndex, collection_name
from knowledge.settings import Settings
from knowledge.store.documents import (
    bump_generation,
    delete_document,
    refresh_directives,
)
from knowledge.store.indexes import CANDIDATE_INDEXES
from knowledge.store.loader import ingest_file
from knowledge.store.schema import open_db

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
CHILD_TABLES = ("sections", "paragraphs", "doc_tables", "cells", "figures", "citations", "passages")


@dataclass(frozen=True)
class Check:
    name: str  # "sqlite" | "orphans" | "documents" | "directives" | "embeddings" | "index"
    ok: bool
    message: str  # Vietnamese, for the user
    repaired: bool = False


@dataclass(frozen=True)
class DoctorReport:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """Everything fine now (found fine, or repaired)."""
        return all(c.ok or c.repaired for c in self.checks)

    def as_dict(self) -> dict:
        return {"ok": self.ok, "checks": [asdict(c) for c in self.checks]}


# ---- SQLite ----------------------------------------------------------------------------


def sqlite_integrity(path: Path) -> Check:
    """PRAGMA integrity_check on the file, read-only (nothing is migrated or written)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        rows = [str(err)]
    if rows == ["ok"]:
        return Check("sqlite", True, "Tệp cơ sở dữ liệu SQLite nguyên vẹn (integrity_check: ok).")
    shown = "; ".join(rows[:3])
    return Check("sqlite", False,
                 f"Tệp cơ sở dữ liệu {path} bị hỏng ({shown}). Không tự sửa được: hãy khôi phục từ bản sao lưu "
                 f"hoặc cứu dữ liệu bằng `sqlite3 {path.name} .recover`, rồi nạp lại các tệp.")


def orphan_rows(db: Database) -> dict[str, list[int]]:
    """Rowids of rows whose parent row is missing, by table."""
    out: dict[str, list[int]] = {}
    for table, rowid, _parent, _fk in db.execute("PRAGMA foreign_key_check").fetchall():
        out.setdefault(table, []).append(rowid)
    return out


def check_orphans(db: Database, repair: bool) -> Check:
    orphans = orphan_rows(db)
    if not orphans:
        return Check("orphans", True, "Không có dòng dữ liệu mồ côi (mọi đoạn, bảng, số liệu đều thuộc một tài liệu).")
    listed = ", ".join(f"{t}: {len(ids)}" for t, ids in sorted(orphans.items()))
    if not repair:
        return Check("orphans", False, f"Có dòng dữ liệu không thuộc tài liệu nào ({listed}).")
    with db.atomic():
        bump_generation(db)
        for table, ids in orphans.items():
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                db.execute(f"DELETE FROM [{table}] WHERE rowid IN ({', '.join('?' * len(chunk))})", chunk)
    return Check("orphans", False, f"Đã xóa các dòng dữ liệu không thuộc tài liệu nào ({listed}).", repaired=True)


def incomplete_documents(db: Database) -> list[dict]:
    return db.execute_returning_dicts(
        "SELECT id, source, file, commune FROM documents d"
        " WHERE NOT EXISTS (SELECT 1 FROM paragraphs p WHERE p.doc_id = d.id) ORDER BY id"
    )


def check_documents(db: Database, repair: bool, max_bytes: int) -> Check:
    broken = incomplete_documents(db)
    total = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    if not broken:
        return Check("documents", True, f"{total} tài liệu, tài liệu nào cũng đầy đủ nội dung.")
    names = ", ".join(d["file"] for d in broken)
    if not repair:
        return Check("documents", False, f"{len(broken)} tài liệu thiếu nội dung: {names}.")
    lost = []
    for doc in broken:
        delete_document(db, doc["id"])
        source = Path(doc["source"])
        outcome = ingest_file(db, source, max_bytes=max_bytes, commune=doc["commune"], source=doc["source"])
        if outcome.status == "failed":
            lost.append(doc["source"])
    message = f"Đã dựng lại {len(broken) - len(lost)} tài liệu thiếu nội dung từ tệp gốc."
    if lost:
        message += f" Không còn tệp gốc của: {', '.join(lost)}: hãy nạp lại các tệp này."
    return Check("documents", False, message, repaired=not lost)


def directive_drift(db: Database) -> list[str]:
    """Directive keys whose registry row disagrees with the citations (count, or row missing/extra)."""
    rows = db.execute(
        """SELECT key FROM (
               SELECT c.key AS key, count(*) AS n, d.citation_count AS stored
               FROM citations c LEFT JOIN directives d ON d.key = c.key GROUP BY c.key)
           WHERE stored IS NULL OR stored != n
           UNION
           SELECT key FROM directives WHERE key NOT IN (SELECT key FROM citations)"""
    ).fetchall()
    return sorted(r[0] for r in rows)


def check_directives(db: Database, repair: bool) -> Check:
    drift = directive_drift(db)
    if not drift:
        return Check("directives", True, "Danh mục văn bản được trích dẫn khớp với các trích dẫn.")
    if not repair:
        return Check("directives", False, f"{len(drift)} văn bản trong danh mục không khớp với các trích dẫn.")
    with db.atomic():
        refresh_directives(db, drift)
    return Check("directives", False, f"Đã tính lại {len(drift)} văn bản trong danh mục trích dẫn.", repaired=True)


# ---- embeddings and the vector index -----------------------------------------------------


def cache_models(db: Database) -> dict[tuple[str, int], int]:
    """(model, dim) -> number of cached vectors."""
    return {(m, d): n for m, d, n in db.execute(
        f"SELECT model, dim, count(*) FROM {embedcache.TABLE} GROUP BY model, dim").fetchall()}


def check_embeddings(db: Database, embedder: Embedder, repair: bool) -> Check:
    models = cache_models(db)
    bad_where = "model = ? AND (dim != ? OR length(vector) != ?)"
    params = [embedder.name, embedder.dim, 4 * embedder.dim]
    bad = db.execute(f"SELECT count(*) FROM {embedcache.TABLE} WHERE {bad_where}", params).fetchone()[0]
    own = sum(n for (m, d), n in models.items() if m == embedder.name and d == embedder.dim) - bad
    others = {m: n for (m, _), n in models.items() if m != embedder.name}
    note = ""
    if others:
        note = " Bộ nhớ đệm còn giữ vector của mô hình khác (" + ", ".join(f"{m}: {n}" for m, n in sorted(others.items())) \
            + "), không ảnh hưởng gì."
    if not bad:
        return Check("embeddings", True, f"Bộ nhớ đệm có {own} vector của mô hình đang dùng ({embedder.name}).{note}")
    if not repair:
        return Check("embeddings", False, f"{bad} vector trong bộ nhớ đệm của {embedder.name} sai số chiều.{note}")
    with db.atomic():
        db.execute(f"DELETE FROM {embedcache.TABLE} WHERE {bad_where}", params)
    return Check("embeddings", False, f"Đã xóa {bad} vector sai số chiều khỏi bộ nhớ đệm (sẽ tính lại).{note}",
                 repaired=True)


def check_candidate_index(db: Database, index, repair: bool) -> Check:
    """A knowledge.store.fts table against its content table (figures, citations)."""
    name = {"figures": "số liệu", "citations": "trích dẫn văn bản"}[index.content]
    missing, extra = index.drift(db)
    if not missing and not extra:
        return Check(index.table, True, f"Chỉ mục tìm {name} khớp cơ sở dữ liệu.")
    drift = f"thiếu {missing}, thừa {extra} dòng"
    if not repair:
        return Check(index.table, False, f"Chỉ mục tìm {name} lệch ({drift}). Chạy `troly doctor --repair` để sửa.")
    with db.atomic():
        index.rebuild(db)
    return Check(index.table, False, f"Đã dựng lại chỉ mục tìm {name} ({drift}).", repaired=True)


def passage_ids(db: Database) -> set[str]:
    return {passage_id(d, i) for d, i in db.execute("SELECT doc_id, idx FROM passages").fetchall()}


def _open_index(settings: Settings, embedder: Embedder, repair: bool) -> tuple[object | None, list[str], bool]:
    """(VectorIndex or None, problems found, whether a repair was made) for the configured store."""
    def open_():
        return VectorIndex(embedder, None if settings.chroma_host else settings.chroma_path,
                           host=settings.chroma_host, port=settings.chroma_port)

    try:
        return open_(), [], False
    except EmbedderMismatchError as err:
        problem = str(err)
        if not repair:
            return None, [problem], False
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma = ChromaSettings(anonymized_telemetry=False)
        client = (chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma)
                  if settings.chroma_host else chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma))
        client.delete_collection(collection_name("passages", embedder.name))
        return open_(), [problem], True
    except Exception as err:  # a damaged Chroma folder raises many kinds of errors
        log.warning("vector index failed to open", exc_info=True)
        problem = f"Không mở được chỉ mục vector ({type(err).__name__}: {err})."
        if not repair or settings.chroma_host:
            return None, [problem], False
        aside = settings.chroma_path.with_name(f"{settings.chroma_path.name}.hong-{datetime.now():%Y%m%d%H%M%S}")
        _forget_chroma_system(settings.chroma_path)
        shutil.move(str(settings.chroma_path), str(aside))
        return open_(), [problem + f" Đã chuyển thư mục hỏng sang {aside.name} và dựng lại."], True


def _forget_chroma_system(path: Path) -> None:
    """Drop chromadb's in-process client for this folder (it caches one per path), so a new one starts clean."""
    from chromadb.api.shared_system_client import SharedSystemClient

    system = SharedSystemClient._identifier_to_system.pop(str(path), None)
    SharedSystemClient._identifier_to_refcount.pop(str(path), None)
    if system is not None:
        try:
            system.stop()
        except Exception:  # a damaged system may fail to stop: it is discarded anyway
            log.debug("stopping the damaged chroma system failed", exc_info=True)


def check_index(db: Database, settings: Settings, embedder: Embedder, repair: bool,
                progress: Progress | None = None) -> Check:
    vectors, problems, rebuilt = _open_index(settings, embedder, repair)
    if vectors is None:
        return Check("index", False, " ".join(problems) + " Chạy `troly doctor --repair` để dựng lại chỉ mục.")
    stored = passage_ids(db)
    indexed = set(vectors.ids())
    missing, stale = stored - indexed, indexed - stored
    if not missing and not stale and not rebuilt:
        return Check("index", True, f"Chỉ mục vector khớp cơ sở dữ liệu: {len(stored)} đoạn, mô hình {embedder.name}.")
    drift = f"chỉ mục thiếu {len(missing)} đoạn và thừa {len(stale)} đoạn so với cơ sở dữ liệu"
    if not repair:
        return Check("index", False, f"Chỉ mục vector lệch: {drift}. Chạy `troly doctor --repair` để sửa.")
    report = Retriever(db, embedder, vectors, settings.lexical_path).sync(progress=progress)
    after_missing = len(stored - set(vectors.ids()))
    message = " ".join(problems + [f"Đã đồng bộ chỉ mục ({drift}): thêm {report.added}, bỏ {report.removed} đoạn."])
    if after_missing:
        return Check("index", False, message + f" Vẫn còn thiếu {after_missing} đoạn.")
    return Check("index", False, message, repaired=True)


# ---- the whole run -------------------------------------------------------------------------


def run_doctor(settings: Settings, *, repair: bool = False, embedder: Embedder | None = None,
               progress: Progress | None = None) -> DoctorReport:
    """Every check in order; with `repair`, fix what can be fixed. `embedder` defaults to the configured one."""
    path = settings.db_path
    if not path.exists():
        return DoctorReport((Check("sqlite", True, f"Chưa có cơ sở dữ liệu ({path}): chưa nạp tài liệu nào."),))
    checks = [sqlite_integrity(path)]
    if not checks[0].ok:
        return DoctorReport(tuple(checks))
    db = open_db(path)
    try:
        max_bytes = int(settings.max_file_mb * 1e6)
        embedder = embedder or make_embedder(settings.embedder, settings.embedder_model_path)
        checks.append(check_orphans(db, repair))
        checks.append(check_documents(db, repair, max_bytes))
        checks.append(check_directives(db, repair))
        checks.extend(check_candidate_index(db, index, repair) for index in CANDIDATE_INDEXES)
        checks.append(check_embeddings(db, embedder, repair))
        checks.append(check_index(db, settings, embedder, repair, progress))
    finally:
        db.close()
    return DoctorReport(tuple(checks))


def report_lines(report: DoctorReport) -> list[str]:
    """One line per check for the terminal: ✓ fine, 🔧 repaired, ✗ needs attention."""
    mark = {True: "✓", False: "✗"}
    lines = [f"{'🔧' if c.repaired else mark[c.ok]} {c.message}" for c in report.checks]
    lines.append("Kho tri thức ổn." if report.ok else "Kho tri thức còn lỗi (xem các dòng ✗ ở trên).")
    return lines


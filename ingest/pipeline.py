"""From a file to a ParsedDocument: the one path every ingest takes.

read -> normalise -> outline (sections, paragraphs) -> tables -> metadata
-> citations -> figures. Pure apart from reading the file.

`parse_bounded` runs that path in a worker process held to the time and memory limits
(ingest.readers.limits): a deadline checked between pages or paragraphs cannot stop a parse
stuck inside one call (pdfminer on one huge page, lxml, zlib, a converter that hangs), while
a process can always be killed, with the converters it started. Workers are fresh
interpreters (`python -m ingest.pipeline`), never forks of the caller, whose other threads (a
chat bot's) may hold locks; an idle one is reused for the next file, one that was stopped or
grew large is replaced.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

from ingest.citations.mentions import extract_citations
from ingest.errors import IngestError, LimitExceeded
from ingest.figures.cells import table_figures
from ingest.figures.prose import extract_figures
from ingest.metadata.extract import extract_metadata
from ingest.model import Citation, Figure, ParsedDocument, Table
from ingest.normalize import normalize_blocks
from ingest.readers import DEFAULT_LIMITS, Limits, read_file
from ingest.readers.limits import memory_reason, time_reason
from ingest.structure import build_outline
from ingest.tables import build_table

log = logging.getLogger(__name__)

# Bump when parsing changes what is extracted: stored documents are then re-parsed on re-ingest.
PARSER_VERSION = 9
STATED_ABOVE = 3  # paragraphs above a table whose figures may give the units of its columns' totals


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_document(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> ParsedDocument:
    """Parse one file. Raises ingest.errors.IngestError (Vietnamese message) on bad input."""
    path = Path(path)
    raw = read_file(path, limits)
    blocks = normalize_blocks(raw.blocks, raw.fmt)
    sections, paragraphs = build_outline(blocks)
    grids = [b.table for b in blocks if b.table is not None]

    tables: list[Table] = []
    table_paragraph: dict[int, int] = {}
    previous_text = ""
    for p in paragraphs:
        if p.table is not None:
            tables.append(build_table(grids[p.table], p.table + 1, previous_text, p.section))
            table_paragraph[p.table] = p.index
        else:
            previous_text = p.text

    prose = [p for p in paragraphs if p.table is None]
    metadata = extract_metadata(
        [p.text for p in prose],
        [s.heading for s in sections],
        tables=["\n".join(t.row_text(r) for r in range(len(t.rows))) for t in tables],
    )

    citations: list[tuple[int, Citation]] = []
    figures: list[tuple[int, Figure]] = []
    for p in prose:
        found = extract_citations(p.text, commune=metadata.commune)
        citations.extend((p.index, c) for c in found)
        figures.extend((p.index, f) for f in extract_figures(p.text, exclude=[(c.start, c.end) for c in found]))
    for k, table in enumerate(tables):  # what the lines just above a table state may give its columns' units
        at = table_paragraph[k]
        stated = [f for i, f in figures if at - STATED_ABOVE <= i < at]
        figures.extend((at, f) for f in table_figures(table, stated))

    return ParsedDocument(
        path=str(path),
        fmt=raw.fmt,
        content_hash=file_hash(path),
        metadata=metadata,
        sections=tuple(sections),
        paragraphs=tuple(paragraphs),
        tables=tuple(tables),
        citations=tuple(citations),
        figures=tuple(figures),
        warnings=raw.warnings,
        pages=raw.pages,
        encoding=raw.encoding,
        ocr_pages=raw.ocr_pages,
    )


# ---- parsing in a worker process, held to the time and memory limits ----------------------

_POLL_S = 0.05
_RECYCLE_MB = 300  # a worker holding more than this after a file is stopped: the memory goes back
_HEADER = struct.Struct("!Q")  # each message: its length, then the pickle


def parse_bounded(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> ParsedDocument:
    """`parse_document` in a worker process, stopped (with the converters it started) when it runs over
    limits.max_seconds or its resident memory over limits.max_memory_mb. Raises IngestError."""
    path = Path(path)
    request = (str(path), limits, os.getcwd(), dict(os.environ), logging.getLogger().getEffectiveLevel())
    started = time.monotonic()
    worker = _POOL.take()
    try:
        kind, value, records, peak_mb = worker.run(request, path, limits, started + limits.max_seconds)
    except BaseException:
        worker.stop()
        raise
    _POOL.give_back(worker)
    for name, level, message in records:  # the worker's log, in the caller's handlers
        logging.getLogger(name).log(level, "%s", message)
    log.info("parsed %s in %.1f s, peak memory %.0f MB", path.name, time.monotonic() - started, peak_mb,
             extra={"peak_mb": peak_mb})
    if kind == "ok":
        return value
    if kind == "bug":  # its traceback goes into the caller's log with the caller's own
        raise RuntimeError(f"unexpected error while parsing {path}, in the parsing process:\n{value}")
    raise (LimitExceeded if kind == "limit" else IngestError)(str(path), value)


class _Worker:
    """One parsing process, in a session of its own: stopping it stops the converters it started."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.proc = subprocess.Popen([sys.executable, "-m", "ingest.pipeline"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, start_new_session=True, env=env)

    def run(self, request: tuple, path: Path, limits: Limits, deadline: float) -> tuple:
        payload = pickle.dumps(request)
        try:
            self.proc.stdin.write(_HEADER.pack(len(payload)) + payload)
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass  # it is gone: said below
        fd = self.proc.stdout.fileno()
        data, size = bytearray(), None
        while size is None or len(data) < _HEADER.size + size:
            if select.select([fd], [], [], _POLL_S)[0]:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    raise IngestError(str(path), f"bộ đọc tệp dừng đột ngột (mã {self.proc.wait()}), có thể tệp bị hỏng")
                data += chunk
                if size is None and len(data) >= _HEADER.size:
                    size = _HEADER.unpack_from(data)[0]
            elif time.monotonic() > deadline:
                raise LimitExceeded(str(path), time_reason(limits.max_seconds))
            elif memory_mb(self.proc.pid, "VmRSS") > limits.max_memory_mb:
                raise LimitExceeded(str(path), memory_reason(limits.max_memory_mb))
        return pickle.loads(data[_HEADER.size:])

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


class _Pool:
    """Idle workers, each used by one caller at a time."""

    def __init__(self) -> None:
        self.idle: list[_Worker] = []
        self.lock = threading.Lock()

    def take(self) -> _Worker:
        with self.lock:
            while self.idle:
                worker = self.idle.pop()
                if worker.proc.poll() is None:
                    return worker
        return _Worker()

    def give_back(self, worker: _Worker) -> None:
        if memory_mb(worker.proc.pid, "VmRSS") > _RECYCLE_MB:
            worker.stop()
            return
        with self.lock:
            self.idle.append(worker)

    def forget(self) -> None:
        """In a forked child: the parent's workers are the parent's."""
        for worker in self.idle:
            worker.proc.stdin.close()
            worker.proc.stdout.close()
        self.idle, self.lock = [], threading.Lock()


_POOL = _Pool()
os.register_at_fork(after_in_child=_POOL.forget)


def memory_mb(pid: int | str, field: str) -> float:
    """A memory figure of /proc/PID/status (VmRSS: now, VmHWM: peak) in MB; 0 where /proc cannot say."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.items.append((record.name, record.levelno, self.format(record)))


def _serve() -> None:
    """A worker's loop: a request on stdin, its reply on the original stdout (stray prints go to stderr)."""
    requests, replies = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    records = _Records()
    logging.getLogger().handlers[:] = [records]
    while len(header := requests.read(_HEADER.size)) == _HEADER.size:
        path, limits, cwd, environ, level = pickle.loads(requests.read(_HEADER.unpack(header)[0]))
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(environ)
        logging.getLogger().setLevel(level)
        records.items = []
        _reset_peak()
        signal.alarm(int(limits.max_seconds) + 10)  # its default action ends the worker if the caller is gone
        kind, value = _parse(path, limits)
        signal.alarm(0)
        peak = memory_mb("self", "VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        payload = pickle.dumps((kind, value, records.items, peak))
        replies.write(_HEADER.pack(len(payload)) + payload)
        replies.flush()


def _parse(path: str, limits: Limits) -> tuple[str, object]:
    try:
        return "ok", parse_document(path, limits)
    except LimitExceeded as err:
        return "limit", err.reason
    except IngestError as err:
        return "error", err.reason
    except MemoryError:
        return "limit", memory_reason(limits.max_memory_mb)
    except Exception:  # a bug or an unexpected library error: the caller logs it
        return "bug", traceback.format_exc()


def _reset_peak() -> None:
    """Start VmHWM afresh, so that each file's peak is its own (Linux: clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        pass


if __name__ == "__main__":
    _serve()

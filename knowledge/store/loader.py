"""Ingest service: files and folders in, one stored document (or one clear failure) per file.

The CLI and the chat bots both call `ingest_file`; nothing else writes documents. A file is
parsed in a worker process held to the reading limits (`ingest.pipeline.parse_bounded`), then
stored in one transaction. A folder that cannot be opened is reported like a bad file.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from ingest.errors import IngestError, LimitExceeded
from ingest.pipeline import file_hash, parse_bounded
from ingest.readers import DEFAULT_LIMITS, Limits, check_readable
from knowledge.store.documents import current_document, store_document

log = logging.getLogger(__name__)

# Suffixes picked up when walking a folder (unsupported ones still get a clear message).
CANDIDATE_SUFFIXES = {".txt", ".docx", ".pdf", ".doc"}


@dataclass(frozen=True)
class FileOutcome:
    path: str
    status: str  # "added" | "replaced" | "unchanged" | "failed"
    doc_id: str | None = None
    message: str = ""  # Vietnamese, for the user
    figures: int = 0
    citations: int = 0


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and candidate files under folders (recursive, sorted, no hidden, symlinked
    folders not followed). A folder that cannot be listed is yielded itself: `ingest_file` reports it."""
    for path in paths:
        try:
            is_dir = path.is_dir()
        except OSError:  # cannot be reached: ingest_file says why
            is_dir = False
        if is_dir:
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    try:
        children = sorted(folder.iterdir())
        kinds = [(child, child.is_dir() and not child.is_symlink(), child.is_file()) for child in children]
    except OSError:
        yield folder
        return
    for child, is_dir, is_file in kinds:
        if child.name.startswith("."):
            continue
        if is_dir:
            yield from _walk(child)
        elif is_file and child.suffix.lower() in CANDIDATE_SUFFIXES:
            yield child


def ingest_file(
    db: Database, path: Path, *, max_bytes: int, commune: str | None = None, source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> FileOutcome:
    """Parse and store one file; every failure becomes a FileOutcome with a Vietnamese reason."""
    try:
        check_readable(path)  # before anything else opens it: a missing or unreadable file says so
        size = path.stat().st_size
        if size > max_bytes:
            raise LimitExceeded(
                str(path),
                f"tệp quá lớn ({size / 1e6:.1f} MB), giới hạn là {max_bytes / 1e6:.0f} MB",
            )
        try:
            content_hash = file_hash(path)
        except OSError as err:
            raise IngestError(str(path), f"không đọc được tệp ({err.strerror or err})") from err
        known = current_document(db, content_hash, commune)
        if known:  # the same bytes, already parsed by this parser: nothing to do
            return FileOutcome(str(path), "unchanged", known["id"], figures=known["figures"],
                               citations=known["citations"])
        doc = parse_bounded(path, limits)
        result = store_document(db, doc, source=source or str(path.resolve()), size=size, commune=commune)
    except IngestError as err:
        return FileOutcome(str(path), "failed", message=str(err))
    except Exception:  # a bug or an unexpected library error: keep going with the other files
        log.exception("unexpected error while ingesting %s", path)
        return FileOutcome(str(path), "failed", message=f"Không nạp được tệp «{path}»: lỗi không mong đợi khi đọc tệp.")
    return FileOutcome(
        str(path), result.status, result.doc_id, figures=len(doc.figures), citations=len(doc.citations)
    )

"""Ingest service: files and folders in, one stored document (or one clear failure) per file.

The CLI and the chat bots both call `ingest_file`; nothing else writes documents.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from ingest.errors import IngestError
from ingest.pipeline import file_hash, parse_document
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
    """Files named directly, and candidate files under folders (recursive, sorted, no hidden)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in CANDIDATE_SUFFIXES:
                    yield child
        else:
            yield path


def ingest_file(
    db: Database, path: Path, *, max_bytes: int, commune: str | None = None, source: str | None = None
) -> FileOutcome:
    """Parse and store one file; every failure becomes a FileOutcome with a Vietnamese reason."""
    try:
        if not path.exists():
            raise IngestError(str(path), "không tìm thấy tệp hoặc thư mục này")
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                str(path),
                f"tệp quá lớn ({size / 1e6:.1f} MB), giới hạn là {max_bytes / 1e6:.0f} MB",
            )
        known = current_document(db, file_hash(path), commune)
        if known:  # the same bytes, already parsed by this parser: nothing to do
            return FileOutcome(str(path), "unchanged", known["id"], figures=known["figures"],
                               citations=known["citations"])
        doc = parse_document(path)
        result = store_document(db, doc, source=source or str(path.resolve()), size=size, commune=commune)
    except IngestError as err:
        return FileOutcome(str(path), "failed", message=str(err))
    except Exception:  # a bug or an unexpected library error: keep going with the other files
        log.exception("unexpected error while ingesting %s", path)
        return FileOutcome(str(path), "failed", message=f"Không nạp được tệp «{path}»: lỗi không mong đợi khi đọc tệp.")
    return FileOutcome(
        str(path), result.status, result.doc_id, figures=len(doc.figures), citations=len(doc.citations)
    )

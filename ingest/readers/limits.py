"""What reading one file may cost, the same for every reader, each limit with its own Vietnamese reason.

The readers check what they can see cheaply and early: characters as they are read (`CharBudget`),
PDF pages before any is extracted, a .docx package's sizes before it is unpacked
(`ingest.readers.package`). Time and memory are bounded from outside, by running the parse in a
child process (`ingest.pipeline.parse_bounded`): only that stops a parse stuck inside pdfminer,
lxml, zlib or an outside converter. The defaults leave room for real commune reports (5–100
pages, under 300,000 characters); `knowledge.settings` exposes each as a TROLY_INGEST_* setting.
"""
from __future__ import annotations

from dataclasses import dataclass

from ingest.errors import LimitExceeded


@dataclass(frozen=True)
class Limits:
    max_chars: int = 1_000_000  # characters of text in one document
    max_pages: int = 500  # pages in one PDF
    max_seconds: float = 600.0  # to read and parse one file, OCR included
    max_memory_mb: int = 450  # resident memory of the process parsing one file
    max_unzipped_mb: float = 150.0  # a .docx package, every member uncompressed
    max_xml_mb: float = 25.0  # its XML parts uncompressed (parsed into memory whole)
    max_zip_members: int = 2_000  # members of a .docx package


DEFAULT_LIMITS = Limits()


def thousands(n: float) -> str:
    """Vietnamese digit grouping: 1000000 -> '1.000.000'."""
    return f"{round(n):,}".replace(",", ".")


def chars_reason(limit: int) -> str:
    return f"tài liệu dài hơn {thousands(limit)} ký tự, quá giới hạn cho một tệp: hãy tách thành các tệp nhỏ hơn"


def pages_reason(pages: int, limit: int) -> str:
    return f"tệp PDF có {thousands(pages)} trang, quá giới hạn {thousands(limit)} trang: hãy tách thành các tệp nhỏ hơn"


def time_reason(seconds: float) -> str:
    return f"đọc tệp quá {thousands(seconds)} giây nên đã dừng (tệp quá phức tạp hoặc bị hỏng)"


def memory_reason(mb: int) -> str:
    return f"đọc tệp cần hơn {thousands(mb)} MB bộ nhớ nên đã dừng (tệp bị hỏng hoặc được nén bất thường)"


class CharBudget:
    """Characters read so far from one file; `take` raises LimitExceeded once they pass the limit,
    so a reader stops at the first page or paragraph over it rather than at the end."""

    def __init__(self, path: str, limit: int) -> None:
        self.path, self.limit, self.used = path, limit, 0

    def take(self, text: str) -> None:
        self.used += len(text)
        if self.used > self.limit:
            raise LimitExceeded(self.path, chars_reason(self.limit))

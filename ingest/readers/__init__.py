"""Readers: the only ingest code that touches files. A path in, a RawDocument out.

`read_file` dispatches on the suffix (.txt, .docx, .pdf, and old Word .doc through
an outside converter) after the checks every format shares (`check_readable`:
exists, is a file, readable, not empty); each format module turns its own failures
into `IngestError` with a Vietnamese reason, and keeps to the `Limits` it is given.
"""
from __future__ import annotations

import os
from pathlib import Path

from ingest.errors import IngestError
from ingest.model import RawDocument
from ingest.readers.doc import read_doc
from ingest.readers.limits import DEFAULT_LIMITS, Limits
from ingest.readers.pdf import read_pdf
from ingest.readers.text import decode_text, read_txt
from ingest.readers.word import read_docx

__all__ = ["SUPPORTED_SUFFIXES", "DEFAULT_LIMITS", "Limits", "check_readable", "read_file", "read_txt", "read_docx",
           "read_pdf", "read_doc", "decode_text"]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".docx", ".pdf")  # read natively; .doc needs a converter

_READERS = {".txt": read_txt, ".docx": read_docx, ".pdf": read_pdf}
_ZIP_MAGIC = b"PK\x03\x04"


def read_file(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read one .txt/.docx/.pdf/.doc file. Raises IngestError (Vietnamese reason naming the file)."""
    path = Path(path)
    head = check_readable(path)
    suffix = path.suffix.lower()
    if suffix == ".doc":
        if head.startswith(_ZIP_MAGIC):  # a .docx that was renamed .doc: read it as what it is
            return read_docx(path, limits)
        return read_doc(path, limits=limits)
    reader = _READERS.get(suffix)
    if reader is None:
        shown = f"«{suffix}»" if suffix else "không có phần mở rộng"
        raise IngestError(
            str(path),
            f"định dạng tệp {shown} chưa được hỗ trợ (chỉ nhận {', '.join(SUPPORTED_SUFFIXES + ('.doc',))})",
        )
    return reader(path, limits)


def check_readable(path: Path) -> bytes:
    """The first bytes of the file, after the checks shared by every format."""
    try:
        is_dir = path.is_dir()  # stat: fails when a folder on the way cannot be entered
    except PermissionError as err:
        raise IngestError(str(path), "không có quyền truy cập tệp (hoặc thư mục chứa tệp)") from err
    if is_dir:
        if not os.access(path, os.R_OK | os.X_OK):
            raise IngestError(str(path), "không có quyền mở thư mục này nên các tệp bên trong chưa được nạp")
        raise IngestError(str(path), "đây là thư mục, không phải tệp")
    if not path.exists():
        raise IngestError(str(path), "không tìm thấy tệp hoặc thư mục này")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except PermissionError as err:
        raise IngestError(str(path), "không có quyền đọc tệp") from err
    except OSError as err:
        raise IngestError(str(path), f"không đọc được tệp ({err.strerror or err})") from err
    if not head:
        raise IngestError(str(path), "tệp rỗng")
    return head

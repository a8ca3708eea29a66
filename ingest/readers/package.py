"""A .docx (zip) package checked before python-docx unpacks it.

From the zip's central directory, at no cost: the member count and the total uncompressed size
(a 5 MB zip bomb unpacking to 1.5 GB is refused here, before anything is inflated). Then each
member is streamed once in small chunks: a member that starts like XML counts towards the XML
limit (python-docx parses XML parts whole into memory, ~10 bytes for each byte) and must not
declare a DTD or entities (Word never writes one; an entity bomb or an external entity needs
one). Python's zipfile never inflates a member past its declared size, so the declared sizes
are what python-docx can read.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ingest.errors import IngestError, LimitExceeded
from ingest.readers.limits import Limits, thousands

MB = 1_000_000
_CHUNK = 1 << 16
_MARKERS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_OVERLAP = max(len(m) for m in _MARKERS)
BROKEN_REASON = "tệp .docx bị hỏng hoặc tải về chưa hết (không giải nén được)"
DTD_REASON = ("tệp .docx chứa khai báo DTD/thực thể XML mà Word không bao giờ tạo ra "
              "(có thể là tệp độc hại): không đọc")


def check_package(path: Path, limits: Limits) -> None:
    """Raise IngestError when the package is over a limit, declares a DTD, or cannot be unzipped."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            if len(members) > limits.max_zip_members:
                raise LimitExceeded(str(path), f"tệp .docx chứa {thousands(len(members))} thành phần, quá giới hạn "
                                             f"{thousands(limits.max_zip_members)}: không phải tài liệu Word thông thường")
            total = sum(m.file_size for m in members)
            if total > limits.max_unzipped_mb * MB:
                raise LimitExceeded(str(path), f"tệp .docx khi giải nén chiếm {_mb(total)} MB, quá giới hạn "
                                             f"{_mb(limits.max_unzipped_mb * MB)} MB (có thể là tệp nén độc hại)")
            xml = 0
            for member in members:
                if _scan(path, package, member):
                    xml += member.file_size
                    if xml > limits.max_xml_mb * MB:
                        raise LimitExceeded(str(path), f"phần chữ (XML) của tệp .docx khi giải nén dài hơn "
                                                     f"{_mb(limits.max_xml_mb * MB)} MB, quá giới hạn: hãy tách thành các tệp nhỏ hơn")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError,
            NotImplementedError) as err:  # damaged, truncated, encrypted or oddly compressed members
        raise IngestError(str(path), BROKEN_REASON) from err


def _scan(path: Path, package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether the member is XML (read whole, in chunks); raises IngestError if it declares a DTD."""
    if member.is_dir():
        return False
    with package.open(member) as stream:
        chunk = stream.read(_CHUNK)
        if not _xml_like(chunk):
            return False
        tail = b""
        while chunk:
            window = tail + chunk
            if any(m in window for m in _MARKERS):
                raise IngestError(str(path), DTD_REASON)
            tail = window[-_OVERLAP:]
            chunk = stream.read(_CHUNK)
    return True


def _xml_like(head: bytes) -> bool:
    head = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    return head.startswith((b"<", b"\x00<"))


def _mb(size: float) -> str:
    return thousands(size / MB)

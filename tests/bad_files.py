"""Hostile and oversized files, built on the spot (tests and bench/ingest_limits.py).

Bombs are real: the zip bomb and the PDF content-stream bomb inflate to what they claim. They
are built from one compressed block of zeros repeated (a deflate block ending in a full flush
compresses the same input to the same bytes), so a 1.5 GB member costs a CRC pass, not 1.5 GB
of compression.
"""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

from tests.conftest import EXAMPLES

DOCX = EXAMPLES / "tan_phong_bao_cao_6_thang_2026.docx"
TXT = EXAMPLES / "tan_phong_dang_uy_tong_ket_2025.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
MB = 1 << 20


def _deflated_zeros(megabytes: int, fill: bytes = b"\0") -> tuple[bytes, int, int]:
    """Raw deflate data of `megabytes` MiB of one repeated byte: (data, crc32, adler32)."""
    chunk = fill * MB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc, adler = 0, 1
    for _ in range(megabytes):
        crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
    return block * megabytes + compressor.flush(), crc, adler


def _write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """A zip of (name, raw deflate data, crc32, uncompressed size) members."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in members:
        encoded = name.encode()
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, len(out)) + encoded
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
        out += encoded + data
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                                 len(out), 0)
    path.write_bytes(bytes(out))


def _docx_members(replace: dict[str, bytes] | None = None) -> list[tuple[str, bytes, int, int]]:
    """The sample report's members, deflated, with some replaced."""
    members = []
    with zipfile.ZipFile(DOCX) as package:
        for info in package.infolist():
            data = (replace or {}).get(info.filename, package.read(info.filename))
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            members.append((info.filename, compressor.compress(data) + compressor.flush(), zlib.crc32(data),
                            len(data)))
    return members


def zip_bomb_docx(path: Path, unpacked_mb: int = 1500) -> Path:
    """The sample report plus a picture of zeros that unpacks to `unpacked_mb` MiB (a few MB on disk)."""
    data, crc, _ = _deflated_zeros(unpacked_mb)
    _write_zip(path, _docx_members() + [("word/media/image1.png", data, crc, unpacked_mb * MB)])
    return path


def docx_with_document(path: Path, document_xml: bytes) -> Path:
    _write_zip(path, _docx_members({"word/document.xml": document_xml}))
    return path


def entity_bomb_docx(path: Path) -> Path:
    """The sample report whose document.xml declares a billion-laughs entity and uses it in a paragraph."""
    xml = zipfile.ZipFile(DOCX).read("word/document.xml")
    entities = [b'<!ENTITY a "' + b"ha" * 50 + b'">']
    entities += [f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9)]
    dtd = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [\n' + b"\n".join(entities) + b"\n]>\n"
    body = xml[xml.index(b"<w:document"):]
    body = re.sub(rb"<w:t>[^<]{4,}</w:t>", b"<w:t>&j;</w:t>", body, count=1)
    return docx_with_document(path, dtd + body)


def many_members_docx(path: Path, extra: int) -> Path:
    empty = zlib.compressobj(6, zlib.DEFLATED, -15).flush()
    _write_zip(path, _docx_members() + [(f"customXml/item{i}.bin", empty, 0, 0) for i in range(extra)])
    return path


def report_text(chars: int) -> str:
    """Report-like Vietnamese text of about `chars` characters: the sample .txt, its figures renumbered."""
    base = TXT.read_text(encoding="utf-8")
    parts, size, k = [], 0, 0
    while size < chars:
        part = base.replace("2025", str(1900 + k % 120)) + "\n\n"
        parts.append(part)
        size += len(part)
        k += 1
    return "".join(parts)[:chars]


def big_text_file(path: Path, megabytes: int) -> Path:
    """A UTF-8 report of `megabytes` MB, written in pieces."""
    piece = report_text(1_000_000).encode("utf-8")
    with path.open("wb") as fh:
        written = 0
        while written < megabytes * 1_000_000:
            part = piece[: megabytes * 1_000_000 - written]
            fh.write(part)
            written += len(part)
    return path


def text_pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("sans", "", str(FONT))
    pdf.set_font("sans", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def corrupt_stream_pdf(path: Path, pages: list[str], damaged: set[int]) -> Path:
    """A text PDF whose content streams of the given 0-based pages have their bytes scrambled
    (lengths kept, so the file's structure stays sound: only those pages' content is lost)."""
    data = bytearray(text_pdf(path, pages).read_bytes())
    spans = _page_content_streams(bytes(data))
    for index in damaged:
        start, end = spans[index]
        for i in range(start + 8, end - 4):
            data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def _page_content_streams(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each page's content stream bytes, in page order (fpdf writes one per page)."""
    objects = {int(m.group(1)): m.end() for m in re.finditer(rb"(\d+) 0 obj\s*", data)}
    spans = []
    for m in re.finditer(rb"/Contents (\d+) 0 R", data):
        start = objects[int(m.group(1))]
        head = re.compile(rb"/Length (\d+)[^>]*>>\s*stream\r?\n").search(data, start)
        spans.append((head.end(), head.end() + int(head.group(1))))
    return spans


def flate_bomb_pdf(path: Path, unpacked_mb: int) -> Path:
    """A one-page PDF whose content stream inflates to `unpacked_mb` MiB of spaces."""
    raw, _, adler = _deflated_zeros(unpacked_mb, b" ")
    stream = b"\x78\xda" + raw + struct.pack(">I", adler)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path

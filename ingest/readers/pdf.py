"""PDF reader (pdfplumber): the text layer, one Block per line, page by page.

Owns: paragraph gaps (a blank Block where the vertical gap or a first-line
indent says a new paragraph starts), removal of running headers/footers and
page numbers (kept in RawDocument.dropped_lines), pages without a text layer
(scans, or a page-size picture with a few stray characters): recognised by
OCR (ingest.readers.ocr) when Tesseract is installed and recorded in
RawDocument.ocr_pages with a Vietnamese warning; otherwise all of them ->
IngestError saying what to install, some -> skipped with a warning. A page whose
content stream cannot be inflated is damaged, not a scan: skipped with its own
warning, or the whole file refused as damaged. Pages are separated by a blank
Block unless the text clearly runs on (no closing punctuation, next page starts
in lower case). Limits: the page count before any page is read, characters as
pages are read (ingest.readers.limits).
"""
from __future__ import annotations

import logging
import re
import statistics
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IngestError, LimitExceeded
from ingest.model import Block, RawDocument
from ingest.readers.limits import DEFAULT_LIMITS, CharBudget, Limits, pages_reason
from ingest.readers.ocr import OcrError, ocr_pages, ocr_unavailable
from ingest.text.normal import nfc, squash

log = logging.getLogger(__name__)

EDGE_LINES = 3  # lines looked at from the top and from the bottom of a page for headers/footers
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:(?:trang|page)\s*)?\d{1,4}(?:\s*(?:/|trên|of)\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
_CID = re.compile(r"\(cid:\d+\)")
_SENTENCE_END = re.compile(r"[.:;!?…)\]»”\"]$")
SCAN_MAX_CHARS = 20  # a page with fewer letters/digits than this over a page-size picture is a scan
SCAN_IMAGE_SHARE = 0.5  # share of the page area covered by pictures

OCR_REASON = "tệp PDF không có lớp chữ (có thể là bản scan hoặc ảnh chụp): cần nhận dạng ký tự (OCR) trước khi nạp"
DAMAGED_REASON = ("tệp bị hỏng: nội dung các trang PDF không giải mã được (lưu lỗi hoặc tải về chưa hết), "
                  "hãy xuất lại PDF từ bản gốc")


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    top: float
    bottom: float


def read_pdf(path: Path, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    with path.open("rb") as fh:
        if b"%PDF" not in fh.read(1024):
            raise IngestError(str(path), "tệp không phải PDF hợp lệ (thiếu phần đầu %PDF, có thể bị hỏng hoặc sai định dạng)")
    budget = CharBudget(str(path), limits.max_chars)
    pages, damaged = _extract_pages(path, limits.max_pages, budget)
    if not pages:
        raise IngestError(str(path), "tệp PDF không có trang nào")
    scans = [i for i, lines in enumerate(pages) if not lines and i not in damaged]
    missing_ocr = ocr_unavailable() if scans else None
    recognised, failed = ({}, {}) if missing_ocr or not scans else recognise(path, scans)
    for index, lines in recognised.items():
        budget.take("".join(line.text for line in lines))
        pages[index] = lines
    readable = [i for i, lines in enumerate(pages) if lines]
    if not readable:
        raise IngestError(str(path), DAMAGED_REASON if damaged else _unreadable_reason(missing_ocr))
    kept, dropped = strip_headers_footers([pages[i] for i in readable], [i + 1 for i in readable])
    if not any(kept):
        raise IngestError(str(path), _unreadable_reason(missing_ocr))
    blocks: list[Block] = []
    for page_index, lines in zip(readable, kept):
        if not lines:
            continue
        if blocks and not _runs_on(blocks[-1].text, lines[0].text):
            blocks.append(Block(text=""))
        blocks.extend(page_blocks(lines, page_index + 1))
    ocr_done = tuple(sorted(i + 1 for i in recognised))
    warnings = (ocr_warning(ocr_done),) if ocr_done else ()
    skipped = [i + 1 for i, lines in enumerate(pages) if not lines and i not in damaged]
    if skipped:
        warnings += (_skipped_warning(skipped, missing_ocr, failed),)
    if damaged:
        warnings += (f"{_which(sorted(i + 1 for i in damaged))} bị hỏng (nội dung không giải mã được) nên đã bỏ qua.",)
    return RawDocument(
        path=str(path), fmt="pdf", blocks=tuple(blocks), pages=len(pages), dropped_lines=dropped, warnings=warnings,
        ocr_pages=ocr_done,
    )


def recognise(path: Path, indexes: list[int]) -> tuple[dict[int, list[Line]], dict[int, str]]:
    """OCR of these 0-based pages: (lines of the pages where text was found, reasons of failures)."""
    found: dict[int, list[Line]] = {}
    failed: dict[int, str] = {}
    for index, result in ocr_pages(path, indexes):
        if isinstance(result, OcrError):
            failed[index] = str(result)
            continue
        lines = [Line(nfc(text).strip(), x0, top, bottom) for text, x0, top, bottom in result]
        lines = [line for line in lines if any(ch.isalnum() for ch in line.text)]
        if lines:
            found[index] = lines
        log.info("OCR of %s page %d: %d lines", path.name, index + 1, len(lines))
    return found, failed


def _which(pages) -> str:
    listed = ", ".join(str(p) for p in pages)
    return f"Trang {listed}" if len(pages) == 1 else f"Các trang {listed}"


def ocr_warning(pages: tuple[int, ...]) -> str:
    return f"{_which(pages)} được nhận dạng chữ bằng OCR (có thể có chỗ nhận sai, nên đối chiếu bản gốc)."


def _unreadable_reason(missing_ocr: str | None) -> str:
    if missing_ocr:
        return f"{OCR_REASON}; {missing_ocr}"
    return ("tệp PDF không có lớp chữ và nhận dạng ký tự (OCR) không đọc được chữ nào "
            "(ảnh quá mờ, trang trắng hoặc không phải văn bản)")


def _extract_pages(path: Path, max_pages: int, budget: CharBudget) -> tuple[list[list[Line]], set[int]]:
    """Lines per page (empty list: no usable text layer on that page), and the 0-based pages
    without text whose content stream is damaged. Each page's cache is dropped once it is read."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            count = _declared_pages(pdf)  # known before the pages are listed
            if count <= max_pages:
                count = len(pdf.pages)  # /Count may understate: the list is what is read
            if count > max_pages:
                raise LimitExceeded(str(path), pages_reason(count, max_pages))
            pages: list[list[Line]] = []
            damaged: set[int] = set()
            for index, page in enumerate(pdf.pages):
                raw = _raw_flate_streams(page)  # pdfminer drops the raw bytes once it inflates them
                lines = _page_lines(page)
                page.close()
                budget.take("".join(line.text for line in lines))
                if not lines and not all(map(_inflates, raw)):
                    damaged.add(index)
                pages.append(lines)
            return pages, damaged
    except IngestError:
        raise
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError) as err:
        inner = err.args[0] if isinstance(err, PdfminerException) and err.args else err
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise IngestError(str(path), "tệp PDF được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu rồi nạp lại") from err
        raise IngestError(str(path), "tệp PDF bị hỏng hoặc không đọc được") from err
    except Exception as err:  # pdfminer raises many types on damaged files
        log.debug("pdf read failed for %s", path, exc_info=True)
        raise IngestError(str(path), "tệp PDF bị hỏng hoặc không đọc được") from err


def _declared_pages(pdf) -> int:
    """/Count of the page tree (0 when missing or not a number)."""
    from pdfminer.pdftypes import resolve1

    count = resolve1((resolve1(pdf.doc.catalog.get("Pages")) or {}).get("Count"))
    return count if isinstance(count, int) else 0


def _raw_flate_streams(page) -> list[bytes]:
    """The page's unencrypted content streams whose first filter is FlateDecode, still compressed."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, resolve1

    raw = []
    for stream in map(resolve1, page.page_obj.contents):
        data = getattr(stream, "rawdata", None)
        if data is not None and not stream.decipher:
            filters = stream.get_filters()
            if filters and filters[0][0] in LITERALS_FLATE_DECODE:
                raw.append(data)
    return raw


def _inflates(data: bytes) -> bool:
    """Whether the bytes are one whole zlib stream (inflated 1 MB at a time, then dropped)."""
    inflater = zlib.decompressobj()
    try:
        while data and not inflater.eof:
            inflater.decompress(data, 1 << 20)
            data = inflater.unconsumed_tail
    except zlib.error:
        return False
    return inflater.eof


def _page_lines(page) -> list[Line]:
    raw = page.dedupe_chars().extract_text_lines(return_chars=False)
    lines = [Line(nfc(r["text"]).strip(), float(r["x0"]), float(r["top"]), float(r["bottom"])) for r in raw]
    lines = [line for line in lines if line.text]
    text = " ".join(line.text for line in lines)
    if text and len("".join(_CID.findall(text))) > len(text) / 3:
        return []  # glyphs without a Unicode map: as unreadable as a scan
    if sum(ch.isalnum() for ch in text) < SCAN_MAX_CHARS and _picture_share(page) > SCAN_IMAGE_SHARE:
        return []  # a scan with a stray text layer (a stamp, a page number)
    return lines


def _picture_share(page) -> float:
    area = float(page.width * page.height) or 1.0
    covered = sum(max(0.0, float(im["x1"] - im["x0"])) * max(0.0, float(im["bottom"] - im["top"])) for im in page.images)
    return min(1.0, covered / area)


def is_page_number(text: str) -> bool:
    """'2', 'Trang 2', '- 2 -', '2/5', 'Trang 2 trên 5'."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def _edge_key(text: str, page: int) -> str:
    """The line with its own page number masked: 'Báo cáo quý I - trang 3' matches on every page."""
    return _DIGITS.sub(lambda m: "#" if int(m.group()) == page else m.group(), squash(text).lower())


def strip_headers_footers(
    pages: list[list[Line]], numbers: list[int] | None = None
) -> tuple[list[list[Line]], tuple[str, ...]]:
    """Peel page numbers and lines recurring at the same edge of most pages; returns (pages, dropped).

    `numbers` are the pages' 1-based numbers in the file (default 1..n). Lines are peeled from each
    edge inwards (at most EDGE_LINES), stopping at the first line that is not a header/footer.
    """
    numbers = numbers or list(range(1, len(pages) + 1))
    top = Counter(k for n, lines in zip(numbers, pages) for k in {_edge_key(x.text, n) for x in lines[:EDGE_LINES]})
    bottom = Counter(k for n, lines in zip(numbers, pages) for k in {_edge_key(x.text, n) for x in lines[-EDGE_LINES:]})

    def droppable(counts: Counter, line: Line, page: int) -> bool:
        count = counts[_edge_key(line.text, page)]
        return is_page_number(line.text) or (count >= 2 and count * 2 > len(pages))

    kept: list[list[Line]] = []
    dropped: list[str] = []
    for n, lines in zip(numbers, pages):
        start, end = 0, len(lines)
        while start < min(EDGE_LINES, end) and droppable(top, lines[start], n):
            start += 1
        while end > max(start, len(lines) - EDGE_LINES) and droppable(bottom, lines[end - 1], n):
            end -= 1
        dropped.extend(x.text for x in lines[:start] + lines[end:])
        kept.append(lines[start:end])
    return kept, tuple(dict.fromkeys(dropped))


def page_blocks(lines: list[Line], page: int) -> list[Block]:
    """One Block per line, with a blank Block where a new paragraph starts."""
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top]
    pitch = statistics.median(pitches) if len(pitches) >= 2 else None
    margin = Counter(round(x.x0) for x in lines).most_common(1)[0][0]
    blocks = [Block(text=lines[0].text, page=page)]
    for prev, line in zip(lines, lines[1:]):
        height = max(line.bottom - line.top, 1.0)
        gap = pitch is not None and line.top - prev.top > pitch + max(3.0, 0.3 * height)
        indent = abs(prev.x0 - margin) <= 2 and line.x0 - margin >= max(8.0, 0.6 * height)
        if gap or indent:
            blocks.append(Block(text="", page=page))
        blocks.append(Block(text=line.text, page=page))
    return blocks


def _runs_on(last: str, first: str) -> bool:
    """True when a sentence clearly continues across the page break."""
    return bool(last) and not _SENTENCE_END.search(last) and first[:1].islower()


def _skipped_warning(pages: list[int], missing_ocr: str | None, failed: dict[int, str]) -> str:
    which = _which(pages)
    if missing_ocr:
        return f"{which} không có lớp chữ (có thể là ảnh scan) nên đã bỏ qua: cần nhận dạng ký tự (OCR) để đọc; {missing_ocr}."
    reasons = sorted(set(failed.values()))
    why = f" ({'; '.join(reasons)})" if reasons else ""
    return f"{which} không có lớp chữ và nhận dạng ký tự (OCR) không đọc được chữ nào{why} nên đã bỏ qua."

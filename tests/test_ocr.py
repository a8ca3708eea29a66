"""Scanned PDFs: pages without a text layer are OCR'd with Tesseract and recorded as such.

The scans are made here: Vietnamese lines (fictional xã Phú Lâm) drawn with Pillow in the
DejaVu font, embedded as a page-size picture with fpdf2 (no text layer at all).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.pipeline import parse_document
from ingest.readers import ocr, read_file
from ingest.readers.ocr import INSTALL_HINT, OcrError, ocr_unavailable, tsv_lines
from knowledge.store.documents import store_document
from knowledge.store.schema import open_db

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SCAN_LINES = [
    "ỦY BAN NHÂN DÂN XÃ PHÚ LÂM",
    "BÁO CÁO",
    "Kết quả thực hiện nhiệm vụ quý II năm 2024",
    "",
    "1. Dân số toàn xã có 12.345 người, tăng 1,2% so với cùng kỳ.",
    "2. Tổng số hộ nghèo giảm còn 112 hộ; đường giao thông nông thôn",
    "được bê tông hóa đạt 95,4%.",
]
TEXT_PAGE = "Phần mở đầu: báo cáo gồm hai trang, trang sau là bản chụp có chữ ký."

needs_font = pytest.mark.skipif(not FONT.exists(), reason="DejaVu font absent")
needs_tesseract = pytest.mark.skipif(ocr_unavailable() is not None, reason="Tesseract with Vietnamese data absent")


def _scan_image(lines: list[str]):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw, font = ImageDraw.Draw(image), ImageFont.truetype(str(FONT), 34)
    for i, line in enumerate(lines):
        draw.text((150, 150 + 60 * i), line, font=font, fill=0)
    return image


def _pdf(path: Path, pages: list[str | list[str]], stray_text: str | None = None) -> Path:
    """A PDF of text pages (str) and scanned pages (list of lines drawn in a picture)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("sans", "", str(FONT))
    pdf.set_font("sans", size=12)
    for page in pages:
        pdf.add_page()
        if isinstance(page, str):
            pdf.multi_cell(0, 8, page)
        else:
            pdf.image(_scan_image(page), x=0, y=0, w=210, h=297)
            if stray_text:  # a stamp or page number left as text over the scan
                pdf.set_xy(190, 285)
                pdf.cell(10, 5, stray_text)
    pdf.output(str(path))
    return path


@pytest.fixture
def no_tesseract(monkeypatch, tmp_path):
    """PATH without tesseract (and the availability cache cleared before and after)."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    ocr_unavailable.cache_clear()
    yield
    ocr_unavailable.cache_clear()


def _words(doc) -> str:
    return " ".join(b.text for b in doc.blocks)


@needs_font
@needs_tesseract
def test_scanned_page_is_recognised_and_recorded(tmp_path):
    path = _pdf(tmp_path / "bao_cao_scan.pdf", [TEXT_PAGE, SCAN_LINES])
    doc = read_file(path)
    assert doc.ocr_pages == (2,) and doc.pages == 2
    assert doc.warnings == ("Trang 2 được nhận dạng chữ bằng OCR (có thể có chỗ nhận sai, nên đối chiếu bản gốc).",)
    text = _words(doc)
    for expected in ["ỦY BAN NHÂN DÂN XÃ PHÚ LÂM", "BÁO CÁO", "12.345 người", "hộ nghèo giảm còn 112 hộ", "95,4%"]:
        assert expected in text, expected
    assert {b.page for b in doc.blocks if b.text} == {1, 2}
    assert [b.text for b in doc.blocks if b.page == 1 and b.text] == [TEXT_PAGE]


@needs_font
@needs_tesseract
def test_ocr_pages_reach_the_database_and_figures(tmp_path):
    parsed = parse_document(_pdf(tmp_path / "scan.pdf", [SCAN_LINES]))
    assert parsed.ocr_pages == (1,)
    assert any(f.value == 12345 and f.unit == "người" for _, f in parsed.figures)
    db = open_db(tmp_path / "kb.db")
    store_document(db, parsed, source="scan.pdf", size=1)
    row = db.execute("SELECT ocr_pages, warnings FROM documents").fetchone()
    assert json.loads(row[0]) == [1] and "OCR" in json.loads(row[1])[0]


@needs_font
@needs_tesseract
def test_picture_with_a_stray_text_layer_is_a_scan(tmp_path):
    doc = read_file(_pdf(tmp_path / "dau.pdf", [SCAN_LINES], stray_text="1"))
    assert doc.ocr_pages == (1,) and "hộ nghèo" in _words(doc)


@needs_font
def test_without_tesseract_a_scan_says_what_to_install(tmp_path, no_tesseract):
    assert INSTALL_HINT in ocr_unavailable()
    with pytest.raises(IngestError) as caught:
        read_file(_pdf(tmp_path / "scan.pdf", [SCAN_LINES]))
    assert "OCR" in caught.value.reason and "apt-get install tesseract-ocr tesseract-ocr-vie" in caught.value.reason


@needs_font
def test_without_tesseract_the_text_pages_are_kept(tmp_path, no_tesseract):
    doc = read_file(_pdf(tmp_path / "nua_scan.pdf", [TEXT_PAGE, SCAN_LINES]))
    assert doc.ocr_pages == () and _words(doc).strip() == TEXT_PAGE
    assert len(doc.warnings) == 1 and "Trang 2" in doc.warnings[0] and INSTALL_HINT in doc.warnings[0]


def test_missing_vietnamese_data_is_named(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "tesseract"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'List of available languages (2):'\necho eng\necho osd\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    ocr_unavailable.cache_clear()
    try:
        assert "tesseract-ocr-vie" in ocr_unavailable() and "tiếng Việt" in ocr_unavailable()
    finally:
        ocr_unavailable.cache_clear()


@needs_font
@needs_tesseract
def test_a_failing_page_is_skipped_with_the_reason(tmp_path, monkeypatch):
    def broken(image):
        raise OcrError("Tesseract báo lỗi khi nhận dạng chữ")

    monkeypatch.setattr(ocr, "run_tesseract", broken)
    doc = read_file(_pdf(tmp_path / "loi.pdf", [TEXT_PAGE, SCAN_LINES]))
    assert doc.ocr_pages == ()
    assert "Trang 2" in doc.warnings[0] and "Tesseract báo lỗi" in doc.warnings[0]


def test_tsv_lines_groups_words_and_scales():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "4\t1\t1\t1\t1\t0\t100\t200\t400\t40\t-1\t",
        "5\t1\t1\t1\t1\t1\t100\t200\t120\t40\t95\tDân",
        "5\t1\t1\t1\t1\t2\t240\t204\t80\t38\t96\tsố",
        "5\t1\t1\t1\t2\t1\t130\t260\t90\t40\t91\t12.345",
        "5\t1\t1\t1\t2\t2\t230\t262\t90\t40\t12\t ",
    ]
    lines = tsv_lines("\n".join([header, *rows]), scale=2.0)
    assert lines == [("Dân số", 50.0, 100.0, 121.0), ("12.345", 65.0, 130.0, 150.0)]


def test_ci_installs_what_the_hint_names():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert all(package in ci for package in INSTALL_HINT.split()[2:])

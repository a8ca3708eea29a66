"""Readers on the sample corpus (examples/) and on bad inputs made in tmp_path."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.readers import SUPPORTED_SUFFIXES, read_file
from ingest.readers.numbering import format_number
from ingest.readers.pdf import Line, is_page_number, strip_headers_footers
from ingest.readers.text import decode_text
from tests.conftest import EXAMPLES

DOCX = EXAMPLES / "tan_phong_bao_cao_6_thang_2026.docx"
PDF = EXAMPLES / "tan_phong_cchc_cds_quy_1_2026.pdf"
TXT = EXAMPLES / "tan_phong_dang_uy_tong_ket_2025.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

SENTENCE = "Ủy ban nhân dân xã Hòa Bình báo cáo: dân số 12.345 người, tỷ lệ hồ sơ trực tuyến đạt 98,5%."


def _vn_number(text: str) -> int:
    return int(text.replace(".", ""))


# ---- .docx -------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_doc():
    return read_file(DOCX)


def test_docx_paragraphs_keep_order_styles_and_empty_lines(docx_doc):
    assert docx_doc.fmt == "docx" and docx_doc.path == str(DOCX)
    texts = [b.text for b in docx_doc.blocks]
    assert texts[0] == "ỦY BAN NHÂN DÂN XÃ TÂN PHONG"
    assert "Số: 45/BC-UBND" in texts
    style = {b.text: b.style for b in docx_doc.blocks if b.text}
    assert style["BÁO CÁO"] == "Title"
    assert style["I. ĐẶC ĐIỂM TÌNH HÌNH"] == "Heading 1"
    assert style["1. Cải cách hành chính"] == "Heading 2"
    assert style["Số: 45/BC-UBND"] == "Normal"
    assert any(b.text == "" and b.table is None for b in docx_doc.blocks)
    assert texts.index("I. ĐẶC ĐIỂM TÌNH HÌNH") < texts.index("III. TỒN TẠI, HẠN CHẾ") < texts.index("Trần Minh Khôi")
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_docx_list_labels_as_word_renders_them(docx_doc):
    blocks = list(docx_doc.blocks)
    start = next(i for i, b in enumerate(blocks) if b.text.startswith("IV. NHIỆM VỤ"))
    tasks = [b.numbering for b in blocks[start + 1 :] if b.numbering]
    assert tasks == ["1.", "2.", "a)", "b)", "3.", "4."]
    bullets = [b for b in blocks if b.style == "List Bullet"]  # numbering inherited from the style
    assert len(bullets) == 3 and {b.numbering for b in bullets} == {"-"}
    highlights = [b.numbering for b in blocks[: start] if b.style == "List Paragraph"]
    assert highlights == ["a)", "b)", "c)"]  # a second list: its own counter
    assert all(b.numbering == "" for b in blocks if b.style.startswith("Heading"))


def test_docx_table_in_place_with_merged_cells_resolved(docx_doc):
    blocks = list(docx_doc.blocks)
    k = next(i for i, b in enumerate(blocks) if b.table is not None)
    assert blocks[k - 2].text.startswith("Biểu 1.")
    assert any(b.text == "2. Chuyển đổi số" for b in blocks[k + 1 :])
    grid = blocks[k].table
    assert {len(row) for row in grid} == {8}
    assert grid[0][2:5] == ("Số hồ sơ tiếp nhận",) * 3  # gridSpan repeats the origin
    assert grid[0][5:8] == ("Kết quả giải quyết",) * 3
    assert grid[1][:2] == ("STT", "Lĩnh vực")  # vMerge continuation repeats the cell above
    assert grid[1][2:] == ("Tổng số", "Trực tuyến", "Trực tiếp", "Đúng hạn", "Quá hạn", "Đang giải quyết")
    assert grid[-1][:2] == ("Tổng cộng", "Tổng cộng")
    body = grid[2:-1]
    for col in range(2, 8):  # every body value came through: the columns add up to the total row
        assert sum(_vn_number(row[col]) for row in body) == _vn_number(grid[-1][col])


def test_docx_renamed_doc_is_read_as_docx(tmp_path):
    renamed = tmp_path / "bao_cao.doc"
    renamed.write_bytes(DOCX.read_bytes())
    assert read_file(renamed).fmt == "docx"


# ---- .pdf --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_doc():
    return read_file(PDF)


def test_pdf_lines_carry_their_page(pdf_doc):
    assert pdf_doc.fmt == "pdf" and pdf_doc.pages == 3 and pdf_doc.warnings == ()
    text_blocks = [b for b in pdf_doc.blocks if b.text]
    assert {b.page for b in text_blocks} == {1, 2, 3}
    pages = [b.page for b in text_blocks]
    assert pages == sorted(pages)
    page_of = {b.text: b.page for b in text_blocks}
    assert page_of["Số: 21/BC-UBND"] == 1 and page_of["Phạm Văn Đức"] == 3
    assert any(b.text == "" and b.page is None for b in pdf_doc.blocks)  # the break between pages 1 and 2
    first_on_3 = next(i for i, b in enumerate(pdf_doc.blocks) if b.page == 3)
    assert pdf_doc.blocks[first_on_3 - 1].page == 2  # a sentence running on to page 3: no blank between
    assert any(b.text == "" and b.page == 1 for b in pdf_doc.blocks)  # paragraph gaps inside a page
    assert "2.436 hồ sơ" in " ".join(b.text for b in text_blocks)


def test_pdf_running_header_and_page_numbers_dropped(pdf_doc):
    header = "UBND xã Tân Phong - Báo cáo CCHC và chuyển đổi số quý I năm 2026"
    assert header in pdf_doc.dropped_lines
    assert {"- 1 -", "- 2 -", "- 3 -"} <= set(pdf_doc.dropped_lines)
    texts = [b.text for b in pdf_doc.blocks]
    assert header not in texts
    assert not any(is_page_number(t) for t in texts if t)


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 85.0, 50.0 + 15 * i, 62.0 + 15 * i) for i, t in enumerate(texts)]


def test_header_footer_peeling_keeps_body_lines():
    pages = [
        _lines(
            "Báo cáo quý II - xã Mỹ Lộc - trang " + str(n),
            f"Nội dung trang {n} có số liệu {n * 7} hộ.",
            "Kết luận chung.",
            f"Dòng riêng của trang {n}.",
            f"Dòng cuối trang {n}: {n * 11} người.",
            f"- {n} -",
        )
        for n in range(1, 5)
    ]
    pages[0] = _lines("ỦY BAN NHÂN DÂN XÃ MỸ LỘC", "Kết luận chung.", "Dòng cuối trang đầu.", "1")
    kept, dropped = strip_headers_footers(pages)
    assert dropped == (
        "1",
        "Báo cáo quý II - xã Mỹ Lộc - trang 2", "- 2 -",
        "Báo cáo quý II - xã Mỹ Lộc - trang 3", "- 3 -",
        "Báo cáo quý II - xã Mỹ Lộc - trang 4", "- 4 -",
    )
    assert [x.text for x in kept[0]] == ["ỦY BAN NHÂN DÂN XÃ MỸ LỘC", "Kết luận chung.", "Dòng cuối trang đầu."]
    # lines that differ only in their figures, and a recurring line inside the page, stay
    assert [x.text for x in kept[2]] == [
        "Nội dung trang 3 có số liệu 21 hộ.", "Kết luận chung.", "Dòng riêng của trang 3.", "Dòng cuối trang 3: 33 người."
    ]


@pytest.mark.parametrize("text", ["2", "Trang 2", "- 2 -", "trang 12 / 30", "– 7 –", "Page 3"])
def test_page_number_lines(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["2. Cải cách tổ chức bộ máy", "Năm 2026", "12,5 tỷ đồng"])
def test_not_page_numbers(text):
    assert not is_page_number(text)


def _pdf_with_pages(path: Path, pages: list[str | None]) -> Path:
    """A PDF whose pages hold the given text, or (None) only a picture: a scanned page."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_font("sans", "", str(FONT))
    for content in pages:
        pdf.add_page()
        if content is None:
            pdf.image(Image.new("RGB", (120, 160), (235, 235, 220)), x=20, y=20, w=120)
            pdf.rect(30, 200, 100, 40, style="F")
        else:
            pdf.set_font("sans", size=12)
            pdf.multi_cell(0, 8, content)
    pdf.output(str(path))
    return path


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font absent")
def test_pdf_some_pages_scanned_keeps_the_others_with_a_warning(tmp_path):
    path = _pdf_with_pages(tmp_path / "mot_phan_scan.pdf", [SENTENCE, None, "Kết luận: hoàn thành 100% kế hoạch."])
    doc = read_file(path)
    assert doc.pages == 3
    assert {b.page for b in doc.blocks if b.text} == {1, 3}
    assert "hoàn thành 100% kế hoạch" in " ".join(b.text for b in doc.blocks)
    assert len(doc.warnings) == 1 and "Trang 2" in doc.warnings[0] and "OCR" in doc.warnings[0]


# ---- .txt --------------------------------------------------------------------


def test_txt_sample_lines_tabs_and_blank_lines():
    doc = read_file(TXT)
    assert doc.fmt == "txt" and doc.encoding == "utf-8" and doc.pages is None
    texts = [b.text for b in doc.blocks]
    assert texts[0] == "ĐẢNG BỘ TỈNH HƯNG YÊN" and texts[-1] == "Lê Thị Thu Hà"
    assert texts[texts.index("PHẦN THỨ NHẤT") - 1] == ""  # paragraph boundaries survive
    rows = [t.split("\t") for t in texts if "\t" in t]
    assert len(rows) == 4 and {len(r) for r in rows} == {10}  # two header rows, trailing empty cell kept
    assert rows[1][:2] == ["", ""] and rows[3][:2] == ["Đảng viên", "1.098"]


def _cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: base vowels precomposed (â, ơ, ư...), tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = decomposed[0] + "".join(m for m in decomposed[1:] if m not in tones)
            tone = "".join(m for m in decomposed[1:] if m in tones)
            out += (unicodedata.normalize("NFC", base) + tone).encode("cp1258")
    return bytes(out)


ENCODINGS = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-sig": lambda s: s.encode("utf-8-sig"),
    "utf-16-le": lambda s: s.encode("utf-16"),  # Python writes a little-endian BOM
    "utf-16-be": lambda s: b"\xfe\xff" + s.encode("utf-16-be"),
    "cp1258": _cp1258,
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_txt_encodings_decode_to_the_same_nfc_text(tmp_path, encoding):
    content = f"BÁO CÁO\r\n\r\n{SENTENCE}\r\nTổng\t1.280\t26,64\r\n"
    data = ENCODINGS[encoding](content)
    if encoding == "cp1258":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # so the fallback is really exercised
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(data)
    doc = read_file(path)
    assert doc.encoding == encoding
    assert [b.text for b in doc.blocks] == ["BÁO CÁO", "", SENTENCE, "Tổng\t1.280\t26,64"]
    assert all(unicodedata.is_normalized("NFC", b.text) for b in doc.blocks)


def test_utf16_without_bom_is_recognised():
    text, encoding, replaced = decode_text(SENTENCE.encode("utf-16-le"))
    assert (text, encoding, replaced) == (SENTENCE, "utf-16-le", 0)


def test_utf8_with_a_stray_byte_from_word_is_kept():
    """A quote pasted from Word as a lone Windows-1252 byte (0x92) inside a UTF-8 report."""
    data = f"BÁO CÁO\n{SENTENCE}\n".encode("utf-8").replace("báo cáo:".encode(), "báo cáo".encode() + b"\x92s:")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text, encoding, replaced = decode_text(data)
    assert (encoding, replaced) == ("utf-8", 1)
    assert text == f"BÁO CÁO\n{SENTENCE}\n".replace("báo cáo:", "báo cáo\ufffds:")


def test_utf8_cut_inside_a_character_is_kept_with_a_warning(tmp_path):
    data = f"BÁO CÁO\n{SENTENCE}\nTổng số hộ".encode("utf-8")[:-1]  # "ộ" is 3 bytes: 2 are left
    path = tmp_path / "cat do.txt"
    path.write_bytes(data)
    doc = read_file(path)
    assert doc.encoding == "utf-8"
    assert [b.text for b in doc.blocks] == ["BÁO CÁO", SENTENCE, "Tổng số h\ufffd\ufffd"]
    assert doc.warnings == ("Có 2 byte không giải mã được theo bảng mã utf-8, đã thay bằng dấu «�».",)


def test_an_8bit_file_is_not_taken_for_utf8_with_stray_bytes():
    """The other side of the rule: Vietnamese in cp1258 has a stray byte per accented letter."""
    text, encoding, replaced = decode_text(_cp1258(f"{SENTENCE}\n" * 20))
    assert (encoding, replaced) == ("cp1258", 0) and text == f"{SENTENCE}\n" * 20


# ---- bad inputs --------------------------------------------------------------


def _encrypted_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Bao cao mat")
    pdf.set_encryption(owner_password="chu-so-huu", user_password="mat-khau")
    pdf.output(str(path))


BAD_INPUTS = {
    "rong.txt": (lambda p: p.write_bytes(b""), "tệp rỗng"),
    "rong.docx": (lambda p: p.write_bytes(b""), "tệp rỗng"),
    "chi_co_dong_trong.txt": (lambda p: p.write_text(" \n\t\n \n", encoding="utf-8"), "rỗng"),
    "nhi_phan.txt": (lambda p: p.write_bytes(bytes(range(0, 32)) * 40), "nhị phân"),
    "anh_doi_ten.txt": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16), "nhị phân"),
    "rac.docx": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), "không phải tài liệu Word"),
    "zip_hong.docx": (lambda p: p.write_bytes(b"PK\x03\x04 not really a zip archive"), "bị hỏng"),
    "cat_do.docx": (lambda p: p.write_bytes(DOCX.read_bytes()[: DOCX.stat().st_size // 2]), "bị hỏng"),
    "cu.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600), "Word cũ (.doc)"),
    "bang_tinh.xlsx": (lambda p: p.write_bytes(b"PK\x03\x04xx"), "chưa được hỗ trợ"),
    "rac.pdf": (lambda p: p.write_bytes(b"<html>not a pdf</html>"), "không phải PDF"),
    "mat_khau.pdf": (_encrypted_pdf, "mật khẩu"),
    "scan.pdf": (lambda p: _pdf_with_pages(p, [None, None]), "OCR"),
    "khong_co.docx": (None, "không tìm thấy"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_raises_a_vietnamese_reason_naming_the_file(tmp_path, name):
    make, reason = BAD_INPUTS[name]
    path = tmp_path / name
    if make is not None:
        make(path)
    with pytest.raises(IngestError) as caught:
        read_file(path)
    err = caught.value
    assert err.path == str(path) and name in str(err)
    assert reason in err.reason
    assert re.search(r"[ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵ]", err.reason)  # Vietnamese


def test_pdf_with_a_corrupt_content_stream_is_damaged_not_a_scan(tmp_path):
    from tests.bad_files import corrupt_stream_pdf

    path = corrupt_stream_pdf(tmp_path / "hong.pdf", [SENTENCE, "Kết luận: hoàn thành 100% kế hoạch."], {0, 1})
    with pytest.raises(IngestError) as caught:
        read_file(path)
    reason = caught.value.reason
    assert reason.startswith("tệp bị hỏng") and "OCR" not in reason and "Tesseract" not in reason
    path = corrupt_stream_pdf(tmp_path / "hong mot trang.pdf", [SENTENCE, "Kết luận: hoàn thành 100% kế hoạch."], {1})
    doc = read_file(path)
    assert [b.text for b in doc.blocks if b.text] == [SENTENCE]
    assert doc.warnings == ("Trang 2 bị hỏng (nội dung không giải mã được) nên đã bỏ qua.",)


def test_docx_without_any_text_is_empty(tmp_path):
    import docx

    path = tmp_path / "trang.docx"
    document = docx.Document()
    document.add_paragraph("")
    document.save(str(path))
    with pytest.raises(IngestError, match="rỗng"):
        read_file(path)


def test_supported_suffixes_and_folder(tmp_path):
    assert SUPPORTED_SUFFIXES == (".txt", ".docx", ".pdf")
    with pytest.raises(IngestError, match="thư mục"):
        read_file(tmp_path)


@pytest.mark.parametrize(
    ("n", "fmt", "label"),
    [(3, "decimal", "3"), (3, "decimalZero", "03"), (2, "lowerLetter", "b"), (27, "lowerLetter", "aa"),
     (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (5, "none", "")],
)
def test_format_number(n, fmt, label):
    assert format_number(n, fmt) == label

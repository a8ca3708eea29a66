"""The .docx of a draft follows Nghị định 30/2020/NĐ-CP: page, fonts, sizes, margins, alignment, indent,
heading levels, page numbers from page 2, Vietnamese text as drafted, the closing source list."""
from __future__ import annotations

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from knowledge.drafting.docx import export_docx
from knowledge.drafting.draft import draft_section
from tests.test_draft import build_phu_lam


@pytest.fixture
def exported(tmp_path):
    db, _ = build_phu_lam(tmp_path)
    draft = draft_section(db, None, "Kết quả thực hiện", "Phú Lâm", period="6 tháng đầu năm 2026",
                          topic="cải cách hành chính")
    return draft, Document(str(export_docx(draft, tmp_path / "out" / "du_thao.docx")))


def _mm(length) -> float:
    return length / Mm(1)


def test_page_and_margins(exported):
    _, doc = exported
    s = doc.sections[0]
    assert round(_mm(s.page_width)) == 210 and round(_mm(s.page_height)) == 297
    assert 20 <= round(_mm(s.top_margin)) <= 25 and 20 <= round(_mm(s.bottom_margin)) <= 25
    assert 30 <= round(_mm(s.left_margin)) <= 35 and 15 <= round(_mm(s.right_margin)) <= 20


def test_fonts_sizes_and_vietnamese_font_slots(exported):
    _, doc = exported
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and Pt(13) <= normal.font.size <= Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert runs
    for run in runs:
        assert run.font.name == "Times New Roman"
        assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman"
        assert Pt(12) <= run.font.size <= Pt(14)


def test_body_paragraphs_justified_with_first_line_indent(exported):
    draft, doc = exported
    body = [p for p in doc.paragraphs if "đã tiếp nhận 1.987 hồ sơ" in p.text]
    assert len(body) == 1
    fmt = doc.styles["Normal"].paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and body[0].alignment is None  # inherits justified
    assert Cm(1) <= fmt.first_line_indent <= Cm(1.27)
    assert fmt.space_after >= Pt(6) and 1.0 <= fmt.line_spacing <= 1.5
    texts = [p.text for p in doc.paragraphs]
    for block in draft.blocks:  # the drafted Vietnamese text, exactly
        if block.kind == "paragraph":
            assert draft.paragraph_text(block) in texts


def test_headings_levels(exported):
    _, doc = exported
    title = next(p for p in doc.paragraphs if p.text.startswith("II. "))
    assert title.text == title.text.upper() == "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH 6 THÁNG ĐẦU NĂM 2026"
    assert all(r.bold for r in title.runs)
    sources = next(p for p in doc.paragraphs if p.text == "Nguồn số liệu:")
    assert all(r.bold for r in sources.runs)
    item = next(p for p in doc.paragraphs if p.text.startswith("[1] Báo cáo số 52/BC-UBND ngày 18/6/2026"))
    assert "(tệp phu_lam_new.txt)" in item.text


def test_table_is_a_word_table(exported):
    draft, doc = exported
    block = next(b for b in draft.blocks if b.kind == "table")
    [table] = doc.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [list(r) for r in block.rows]
    assert all(r.font.size == Pt(12) for c in table.rows[1].cells for p in c.paragraphs for r in p.runs)


def test_page_numbers_from_page_two(exported):
    _, doc = exported
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    header = s.header._element.xml
    assert "PAGE" in header and 'w:fldCharType="begin"' in header
    assert "PAGE" not in s.first_page_header._element.xml
    [p] = s.header.paragraphs
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER

"""A drafted section as an official .docx (Nghị định 30/2020/NĐ-CP, Phụ lục I).

Owns the page and type layout: A4 portrait; margins top/bottom 20 mm, left 30 mm, right
15 mm; Times New Roman 14 pt (tables 12 pt) on every script slot (ascii, hAnsi, eastAsia,
cs) with Vietnamese as the language; justified body paragraphs with a 1.27 cm first-line
indent, 6 pt after, line spacing 1.15; headings "I." bold upper case, "1." bold, "a)" bold
italic; page numbers centred in the header from page 2 (a different, empty first-page
header); the sources as a closing "Nguồn số liệu" list.
"""
from __future__ import annotations

import logging
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from knowledge import prompts
from knowledge.drafting.result import Block, Draft

log = logging.getLogger(__name__)

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
FIRST_LINE_INDENT = Cm(1.27)
LINE_SPACING = 1.15
SPACE_AFTER = Pt(6)


def _set_fonts(r_pr_parent, size_pt: float | None = None) -> None:
    """Times New Roman on every script slot and Vietnamese as the language of an rPr holder."""
    r_pr = r_pr_parent.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    if size_pt:
        for tag in ("w:sz", "w:szCs"):
            el = r_pr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                r_pr.append(el)
            el.set(qn("w:val"), str(int(size_pt * 2)))


def _run(paragraph, text: str, *, bold=False, italic=False, size=BODY_PT):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    _set_fonts(run._r)
    return run


def _setup(doc: Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element, BODY_PT)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.space_before = Pt(0)
    fmt.space_after = SPACE_AFTER
    fmt.line_spacing = LINE_SPACING
    _page_numbers(section)


def _page_numbers(section) -> None:
    """PAGE field centred in the header, shown from page 2 (the first page has its own empty header)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    run = _run(paragraph, "", size=BODY_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if text.strip() == "PAGE" else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    section.first_page_header.is_linked_to_previous = False


def _heading(doc: Document, block: Block) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = True
    text = block.text.upper() if block.level == 1 else block.text
    _run(p, text, bold=True, italic=block.level >= 3)


def _widths(rows: tuple[tuple[str, ...], ...], header_rows: int, n_cols: int) -> list[float]:
    """Column widths (mm) over the text width: in proportion to each column's body text,
    never narrower than its longest word (header words included)."""
    usable = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
    need = []
    for j in range(n_cols):
        body = [r[j] for r in rows[header_rows:] if j < len(r)]
        words = [w for r in rows if j < len(r) for w in r[j].split()]
        longest_word = max((len(w) for w in words), default=1)
        need.append(max(longest_word + 3, min(max((len(t) for t in body), default=1), 30)))
    total = sum(need)
    return [usable * n / total for n in need]


def _merge_same(table, rows: tuple[tuple[str, ...], ...], header_rows: int, n_cols: int) -> None:
    """Merged cells come back from the reader as repeated text: merge them again.

    Header rows: a column whose header text repeats down the header rows is merged vertically,
    then runs of equal text across a header row horizontally. Body rows: a label repeated
    across the first columns ("Tổng cộng | Tổng cộng") is merged horizontally.
    """
    def text(i: int, j: int) -> str:
        return rows[i][j] if j < len(rows[i]) else ""

    vertical = set()
    for j in range(n_cols):
        if header_rows > 1 and text(0, j) and all(text(i, j) == text(0, j) for i in range(header_rows)):
            table.cell(0, j).merge(table.cell(header_rows - 1, j))
            vertical.add(j)
    for i in range(len(rows)):
        j = 0
        while j < n_cols:
            k = j
            in_header = i < header_rows
            while k + 1 < n_cols and text(i, k + 1) == text(i, j) and text(i, j) \
                    and not (in_header and (j in vertical or k + 1 in vertical)) \
                    and (in_header or not any(c.isdigit() for c in text(i, j))):
                k += 1
            if k > j:
                table.cell(i, j).merge(table.cell(i, k))
            j = k + 1


def _table(doc: Document, draft: Draft, block: Block) -> None:
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Cm(0)
    caption.paragraph_format.keep_with_next = True
    _run(caption, draft.marked(block.sentences[0]), bold=True, size=TABLE_PT + 1)
    n_cols = max(len(r) for r in block.rows)
    table = doc.add_table(rows=len(block.rows), cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(block.rows, block.header_rows, n_cols)
    for j, column in enumerate(table.columns):
        column.width = Mm(widths[j])
    for i, row in enumerate(block.rows):
        header = i < block.header_rows
        tr_pr = table.rows[i]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if header:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for j in range(n_cols):
            cell = table.cell(i, j)
            cell.width = Mm(widths[j])
            p = cell.paragraphs[0]
            p.paragraph_format.first_line_indent = Cm(0)
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.line_spacing = 1.0
            value = row[j] if j < len(row) else ""
            numeric = bool(value) and not any(c.isalpha() for c in value)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if header or numeric else WD_ALIGN_PARAGRAPH.LEFT
            _run(p, value, bold=header, size=TABLE_PT)
    _merge_same(table, block.rows, block.header_rows, n_cols)
    for i in range(len(block.rows)):  # a merge keeps the first cell's text; drop the copies it appended
        for cell in table.rows[i].cells:
            extra = cell.paragraphs[1:]
            for para in extra:
                if para.text == cell.paragraphs[0].text or not para.text:
                    para._p.getparent().remove(para._p)
    doc.add_paragraph()


def _front(doc: Document, draft: Draft) -> None:
    """A short note on page 1: what this is, for which commune and period, and that it must be checked."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    _run(p, "DỰ THẢO", bold=True)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    what = f"Phần «{draft.section}»" + (f" – {draft.topic}" if draft.topic else "") + f", xã {draft.commune}"
    if draft.period:
        what += f", {draft.period}"
    _run(p, f"({what}; soạn từ các báo cáo đã nạp, cần rà soát trước khi sử dụng)", italic=True, size=BODY_PT - 1)


def export_docx(draft: Draft, path: Path | str) -> Path:
    """Write the draft as a .docx and return its path."""
    path = Path(path)
    doc = Document()
    _setup(doc)
    _front(doc, draft)
    for block in draft.blocks:
        if block.kind == "heading":
            _heading(doc, block)
        elif block.kind == "table":
            _table(doc, draft, block)
        else:
            _run(doc.add_paragraph(), draft.paragraph_text(block))
    for note in draft.notes:
        _run(doc.add_paragraph(), note, italic=True)
    head = doc.add_paragraph()
    head.paragraph_format.keep_with_next = True
    _run(head, prompts.render("draft_common", "sources_heading", draft.templates), bold=True)
    for d in draft.documents:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.first_line_indent = Cm(-0.75)
        p.paragraph_format.left_indent = Cm(0.75)
        _run(p, f"[{d['ref']}] {d['reference']}", size=BODY_PT - 1)
    doc.core_properties.title = f"Dự thảo {draft.section} – xã {draft.commune}"
    doc.core_properties.language = "vi-VN"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    log.info("draft written to %s", path)
    return path

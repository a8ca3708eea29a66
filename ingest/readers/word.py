"""Word (.docx) reader: the body in order, paragraphs and tables interleaved.

Works on the body XML (python-docx opens the package): paragraph text is taken
from runs, hyperlinks, insertions and content controls (deletions and text
boxes are skipped); soft line breaks stay as "\\n" inside the paragraph. Each
paragraph gets its style name and the list label Word would render
(numbering.xml resolved by `ListNumbering`). Tables become grids with merged
cells resolved: gridSpan and vMerge continuations repeat the origin's text.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.errors import IngestError
from ingest.model import Block, Grid, RawDocument
from ingest.readers.numbering import W, ListNumbering, to_int, wval
from ingest.textutil import nfc, squash

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# elements whose children belong to the paragraph's visible text
_TEXT_CONTAINERS = {
    W + t for t in ("hyperlink", "ins", "moveTo", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml", "dir", "bdo")
}


def read_docx(path: Path) -> RawDocument:
    document = _open(path)
    body = document.element.body
    styles = _style_names(document)
    numbering = ListNumbering.from_document(document)
    blocks: list[Block] = []
    for el in _body_elements(body):
        if el.tag == W + "tbl":
            grid = table_grid(el)
            if grid:
                blocks.append(Block(table=grid))
            continue
        style_id = _pstyle(el)
        num = numbering.paragraph_label(el, style_id) if numbering else ""
        style = styles.get(style_id or "", styles.get("", ""))
        blocks.append(Block(text=nfc(paragraph_text(el)).strip(), style=style, numbering=num))
    if not any(b.text or b.table for b in blocks):
        raise IngestError(str(path), "tệp rỗng (tài liệu Word không có nội dung chữ)")
    return RawDocument(path=str(path), fmt="docx", blocks=tuple(blocks))


def _open(path: Path):
    import docx  # python-docx; imported here so .txt/.pdf reading does not need it

    with path.open("rb") as fh:
        head = fh.read(4)
    if head == _OLE_MAGIC:
        raise IngestError(
            str(path),
            "tệp Word được đặt mật khẩu hoặc thực chất là định dạng Word cũ (.doc): hãy bỏ mật khẩu hoặc lưu lại thành .docx",
        )
    if not head.startswith(b"PK"):
        raise IngestError(str(path), "tệp không phải tài liệu Word .docx hợp lệ (nội dung sai định dạng hoặc bị hỏng)")
    try:
        return docx.Document(str(path))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as err:
        raise IngestError(str(path), "tệp .docx bị hỏng hoặc tải về chưa hết (không giải nén được)") from err
    except Exception as err:  # KeyError, lxml syntax errors, wrong content type...
        raise IngestError(str(path), "tệp .docx bị hỏng hoặc không phải tài liệu Word (không đọc được nội dung)") from err


def _body_elements(parent):
    """Paragraphs and tables in document order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _body_elements(content)
        elif child.tag == W + "customXml":
            yield from _body_elements(child)


def paragraph_text(p) -> str:
    parts: list[str] = []
    _collect_text(p, parts)
    return "".join(parts)


def _collect_text(el, parts: list[str]) -> None:
    for child in el.iterchildren():
        if child.tag == W + "r":
            _run_text(child, parts)
        elif child.tag in _TEXT_CONTAINERS:
            _collect_text(child, parts)


def _run_text(run, parts: list[str]) -> None:
    for child in run.iterchildren():
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            parts.append("\t")
        elif tag == W + "cr" or (tag == W + "br" and child.get(W + "type") in (None, "textWrapping")):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")


def _pstyle(p) -> str | None:
    ppr = p.find(W + "pPr")
    return wval(ppr, "pStyle") if ppr is not None else None


def _style_names(document) -> dict[str, str]:
    """styleId -> UI name ("Heading1" -> "Heading 1"); key "" is the default paragraph style."""
    from docx.styles import BabelFish

    names: dict[str, str] = {}
    for style in document.styles.element.findall(W + "style"):
        sid, name = style.get(W + "styleId"), wval(style, "name")
        if sid and name:
            names[sid] = BabelFish.internal2ui(name)
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true"):
                names[""] = names[sid]
    return names


# ---- tables -------------------------------------------------------------


def table_grid(tbl) -> Grid:
    """Rows of cell texts, merged cells repeated across their span, every row the same width."""
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(W + "tr"):
        trpr = tr.find(W + "trPr")
        row = [""] * to_int(wval(trpr, "gridBefore"), 0)
        for tc in _row_cells(tr):
            tcpr = tc.find(W + "tcPr")
            span = max(1, to_int(wval(tcpr, "gridSpan"), 1))
            vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
            hmerge = wval(tcpr, "hMerge")
            col = len(row)
            if vmerge is not None and vmerge.get(W + "val", "continue") == "continue" and rows and col < len(rows[-1]):
                text = rows[-1][col]
            elif hmerge == "continue" and row:
                text = row[-1]
            else:
                text = cell_text(tc)
            row.extend([text] * span)
        row.extend([""] * to_int(wval(trpr, "gridAfter"), 0))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    if not width:
        return ()
    return tuple(tuple(r + [""] * (width - len(r))) for r in rows)


def _row_cells(tr):
    for child in tr.iterchildren():
        if child.tag == W + "tc":
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            inner = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if inner is not None:
                yield from _row_cells(inner)


def cell_text(tc) -> str:
    """The cell's paragraphs (and nested tables) on one line, whitespace squashed."""
    parts: list[str] = []
    for el in _body_elements(tc):
        if el.tag == W + "tbl":
            parts.extend(" ".join(c for c in row if c) for row in table_grid(el))
        else:
            parts.append(paragraph_text(el))
    return squash(" ".join(p for p in parts if p.strip()))

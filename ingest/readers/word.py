"""Word (.docx) reader: the body in order, paragraphs and tables interleaved.

Works on the body XML (python-docx opens the package): paragraph text is taken
from runs, hyperlinks, insertions and content controls (deletions and text
boxes are skipped); soft line breaks stay as "\\n" inside the paragraph. Each
paragraph gets its style name and the list label Word would render
(numbering.xml resolved by `ListNumbering`). Tables become grids with merged
cells resolved: gridSpan and vMerge continuations repeat the origin's text.
Runs set in legacy Vietnamese fonts (.VnTime/.VnTimeH: TCVN3, VNI-Times: VNI; see
`RunFonts`) are converted to Unicode; a document with no such font whose text still
reads as TCVN3/VNI (fonts substituted on the way) is converted by ingest.text.legacy's
statistics. Either way RawDocument.encoding names the legacy encoding and a warning says so.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.errors import IngestError
from ingest.model import Block, Grid, RawDocument
from ingest.readers.fonts import RunFonts
from ingest.readers.limits import DEFAULT_LIMITS, CharBudget, Limits
from ingest.readers.numbering import ListNumbering, W, to_int, wval
from ingest.readers.package import BROKEN_REASON, check_package
from ingest.text import legacy
from ingest.text.normal import nfc, squash

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# elements whose children belong to the paragraph's visible text
_TEXT_CONTAINERS = {
    W + t for t in ("hyperlink", "ins", "moveTo", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml", "dir", "bdo")
}


@dataclass
class LegacyFonts:
    """Run fonts of one document and the legacy encodings met while reading it."""

    fonts: RunFonts
    found: set[str] = field(default_factory=set)


def read_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    document = _open(path, limits)
    budget = CharBudget(str(path), limits.max_chars)
    body = document.element.body
    styles = _style_names(document)
    numbering = ListNumbering.from_document(document)
    fonts = LegacyFonts(RunFonts.from_document(document))
    blocks: list[Block] = []
    for el in _body_elements(body):
        if el.tag == W + "tbl":
            grid = table_grid(el, fonts)
            budget.take("".join(c for row in grid for c in row))
            if grid:
                blocks.append(Block(table=grid))
            continue
        style_id = _pstyle(el)
        num = numbering.paragraph_label(el, style_id) if numbering else ""
        style = styles.get(style_id or "", styles.get("", ""))
        text = nfc(paragraph_text(el, fonts)).strip()
        budget.take(text)
        blocks.append(Block(text=text, style=style, numbering=num))
    if not any(b.text or b.table for b in blocks):
        raise IngestError(str(path), "tệp rỗng (tài liệu Word không có nội dung chữ)")
    found = sorted(fonts.found)
    if not found:
        blocks, statistical = convert_legacy_blocks(blocks)
        found = [statistical] if statistical else []
    warnings = tuple(legacy.converted_warning(e) for e in found)
    return RawDocument(path=str(path), fmt="docx", blocks=tuple(blocks), encoding="+".join(found) or None,
                       warnings=warnings)


def convert_legacy_blocks(blocks: list[Block]) -> tuple[list[Block], str | None]:
    """Blocks whose text (or cells) read as TCVN3/VNI converted; the encoding found, if any."""
    texts, found = legacy.convert_lines([b.text for b in blocks])
    out = [replace(b, text=t) for b, t in zip(blocks, texts)]
    for i, b in enumerate(out):
        if b.table is not None:
            cells, in_table = legacy.convert_lines([c for row in b.table for c in row])
            if in_table:
                width = len(b.table[0])
                out[i] = replace(b, table=tuple(tuple(cells[r * width:(r + 1) * width]) for r in range(len(b.table))))
                found = found or in_table
    return out, found


def _open(path: Path, limits: Limits):
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
    check_package(path, limits)
    try:
        return docx.Document(str(path))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as err:
        raise IngestError(str(path), BROKEN_REASON) from err
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


def paragraph_text(p, fonts: LegacyFonts | None = None) -> str:
    """The paragraph's visible text; with `fonts`, runs in legacy fonts converted to Unicode."""
    pieces: list[tuple[str, tuple[str | None, bool]]] = []  # (text, (legacy encoding, capitals))
    _collect_text(p, pieces, fonts, _pstyle(p) if fonts else None)
    out: list[str] = []
    for key, group in _group_by_key(pieces):
        text = "".join(group)
        encoding, upper = key
        converted = legacy.convert_font_text(text, encoding, upper) if encoding else None
        if converted is not None:
            text = converted
            fonts.found.add(encoding)
        out.append(text)
    return "".join(out)


def _group_by_key(pieces):
    """Consecutive pieces with the same key joined (a word split across runs converts whole)."""
    groups: list[tuple[tuple, list[str]]] = []
    for text, key in pieces:
        if groups and groups[-1][0] == key:
            groups[-1][1].append(text)
        else:
            groups.append((key, [text]))
    return groups


_UNICODE: tuple[str | None, bool] = (None, False)


def _collect_text(el, pieces: list, fonts: LegacyFonts | None, pstyle: str | None) -> None:
    for child in el.iterchildren():
        if child.tag == W + "r":
            key = fonts.fonts.legacy(child, pstyle) if fonts else _UNICODE
            parts: list[str] = []
            _run_text(child, parts, soft_hyphen=key[0] == legacy.TCVN3)
            pieces.append(("".join(parts), key))
        elif child.tag in _TEXT_CONTAINERS:
            _collect_text(child, pieces, fonts, pstyle)


def _run_text(run, parts: list[str], soft_hyphen: bool = False) -> None:
    """The run's characters; `soft_hyphen`: Word's optional hyphen is TCVN3's "ư" (0xAD)."""
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
        elif tag == W + "softHyphen" and soft_hyphen:
            parts.append("\u00ad")


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


def table_grid(tbl, fonts: LegacyFonts | None = None) -> Grid:
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
                text = cell_text(tc, fonts)
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


def cell_text(tc, fonts: LegacyFonts | None = None) -> str:
    """The cell's paragraphs (and nested tables) on one line, whitespace squashed."""
    parts: list[str] = []
    for el in _body_elements(tc):
        if el.tag == W + "tbl":
            parts.extend(" ".join(c for c in row if c) for row in table_grid(el, fonts))
        else:
            parts.append(paragraph_text(el, fonts))
    return squash(" ".join(p for p in parts if p.strip()))

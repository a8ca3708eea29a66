"""Clean text and rebuild paragraphs: the step between readers and structure.

Owns two things:
- `clean_line`: a stack of small pure character-level fixes (NFC, Unicode spaces,
  invisible and control characters, runs of spaces). Letters are never changed.
- `normalize_blocks`: for plain text and PDF extractions, re-joins hard-wrapped lines into
  paragraphs and groups tab-separated rows into table blocks; docx blocks are only cleaned.

Joining rules (txt/pdf), in order, for a line after an open paragraph:
- a heading/list label ("PHẦN A", "I.", "1.1.", "a)", "-", "+", "*", "•") starts a paragraph;
- a line with no letter or digit ("____", "*") closes the paragraph and is dropped;
- a bare page number is dropped (hard-wrapped text only); a URL or footnote line ("¹ ...")
  inside an unfinished sentence is moved after the paragraph it interrupts;
- an all-caps line (a title) is never glued to a following line in lower case;
- a line starting in lower case continues the paragraph (blank lines in between do not
  matter: PDF extractions put them mid-sentence), unless the paragraph ended with . ! ? ;
  in a one-paragraph-per-line text;
- a line starting with a digit continues an unfinished paragraph;
- a line starting in upper case continues only hard-wrapped text, when the previous line
  is nearly full width and ends inside a sentence (a letter, digit, comma, hyphen), or
  with ":"/";" (not after a heading), or with "." and no blank line in between (in a text
  that separates paragraphs with blank lines).
A text is "hard-wrapped" when it is a PDF, or when many lines run on into a lower-case line.
Lines are joined with one space; a line ending in a hyphen glued to a word ("02/KH-") is
joined without one ("02/KH-UBND").
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ingest.model import Block, Grid
from ingest.structure import heading_label
from ingest.text.normal import nfc

log = logging.getLogger(__name__)

_LINE_BREAKS = "\r\n\v\f\x85\u2028\u2029"
_SPACE_RUN = re.compile(r" {2,}")
_SPACE_AROUND_TAB = re.compile(r" *\t *")
_WORD_HYPHEN_END = re.compile(r"\w-$")

# Bullets that open a list item; "**" (markdown bold) is not a bullet.
_BULLET = re.compile(r"^(?:[-+•·–—▪■●○◦➢➤►✓❖\uf0b7\uf0a7\uf0d8\uf076]|\*(?!\*))")
_OTHER_LABEL = re.compile(r"^(?:\((?:\d{1,2}|[a-zđ])\)|\d{1,2}\))\s")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S")
_PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–—])?$", re.IGNORECASE)
_TERMINAL = ".!?…"
_CLOSERS = "\"'”’»)]*"
_OPENERS = "\"'“‘«([*"

HARD_WRAP_RUN_ON_SHARE = 0.25  # share of lines running on into a lower-case line
FULL_LINE_SHARE = 0.7  # a line this long (vs the 90th percentile) was wrapped by width


# ---- character level -------------------------------------------------------------------


def drop_invisible(text: str) -> str:
    """Remove zero-width and format characters (soft hyphen, BOM, bidi marks) and controls but TAB."""
    if text.isprintable():  # fast path: no control, format or odd space character at all
        return text
    out = []
    for ch in text:
        if ch == "\t":
            out.append(ch)
        elif ch in _LINE_BREAKS:
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def unify_spaces(text: str) -> str:
    """NBSP, narrow NBSP, em/en/thin spaces and the like become a plain space."""
    if text.isprintable():
        return text
    return "".join(" " if ch != " " and unicodedata.category(ch) == "Zs" else ch for ch in text)


def collapse_spaces(text: str) -> str:
    """One space for a run of spaces, none around a TAB (TABs separate table cells)."""
    return _SPACE_AROUND_TAB.sub("\t", _SPACE_RUN.sub(" ", text))


def strip_spaces(text: str) -> str:
    return text.strip(" ")


def clean_line(text: str) -> str:
    """One line (or docx paragraph) cleaned: invisible chars out, spaces unified, NFC, trimmed."""
    for step in (drop_invisible, unify_spaces, nfc, collapse_spaces, strip_spaces):
        text = step(text)
    return text


def clean_grid(grid: Grid) -> Grid:
    """Every cell cleaned (TABs inside a cell become spaces), rows padded to equal width."""
    rows = [[clean_line(cell).replace("\t", " ") for cell in row] for row in grid]
    width = max((len(r) for r in rows), default=0)
    return tuple(tuple(r + [""] * (width - len(r))) for r in rows)


# ---- line classification ---------------------------------------------------------------


def is_label_line(text: str) -> bool:
    """True when the line opens with a heading or list label: it starts a paragraph."""
    return bool(_BULLET.match(text) or _OTHER_LABEL.match(text) or heading_label(text))


def has_content(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def is_all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and not any(ch.islower() for ch in letters)


def ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS + " ").endswith(tuple(_TERMINAL))


def _start_char(text: str) -> str:
    stripped = text.lstrip(_OPENERS + " ")
    return stripped[:1]


def _is_interjection(text: str) -> bool:
    return bool(_URL.match(text) or _FOOTNOTE.match(text))


# ---- paragraph assembly ----------------------------------------------------------------


@dataclass
class _Para:
    lines: list[str]
    page: int | None
    pending: list[Block] = field(default_factory=list)  # URL/footnote lines it interrupted

    @property
    def last(self) -> str:
        return self.lines[-1]

    def text(self) -> str:
        out = self.lines[0]
        for line in self.lines[1:]:
            glue = "" if _WORD_HYPHEN_END.search(out) else " "
            out = out + glue + line
        return _SPACE_RUN.sub(" ", out)


@dataclass(frozen=True)
class _Layout:
    hard_wrapped: bool
    full_line: float  # a line at least this long was wrapped by the page width
    blank_separated: bool  # blank lines are used between paragraphs


def _layout(lines: Sequence[str], fmt: str) -> _Layout:
    texts = [t for t in lines if t and "\t" not in t]
    lengths = sorted(len(t) for t in texts)
    p90 = lengths[int(len(lengths) * 0.9)] if lengths else 0
    run_on = 0
    for prev, nxt in zip(texts, texts[1:]):
        if not ends_sentence(prev) and _start_char(nxt).islower():
            run_on += 1
    share = run_on / max(len(texts) - 1, 1)
    hard = fmt == "pdf" or (share >= HARD_WRAP_RUN_ON_SHARE and p90 <= 150)
    blanks = sum(1 for t in lines if not t) / max(len(lines), 1)
    return _Layout(hard_wrapped=hard, full_line=FULL_LINE_SHARE * p90, blank_separated=blanks >= 0.1)


def continues(para: _Para, line: str, layout: _Layout, after_blank: bool = False) -> bool:
    """Whether `line` (not a label, not blank) continues the open paragraph."""
    prev = para.last
    first = _start_char(line)
    if not first:
        return False
    if is_all_caps(prev) and not (is_all_caps(line) and layout.hard_wrapped and len(prev) >= layout.full_line):
        return False
    if first.islower():
        return layout.hard_wrapped or not prev.rstrip(_CLOSERS + " ").endswith(tuple(_TERMINAL + ";"))
    if first.isdigit():
        return not ends_sentence(prev) and (layout.hard_wrapped or heading_label(para.lines[0]) is None)
    if not layout.hard_wrapped or len(prev) < layout.full_line:
        return False
    tail = prev.rstrip(" ")[-1:]
    if tail.isalnum() or tail in ",-":
        return True
    if tail in ":;":  # a list introduced mid-paragraph ("như sau: Quy trình ...")
        return heading_label(para.lines[0]) is None
    # a full line ending a sentence, the next sentence on the next line: the same paragraph
    # unless a blank line (in a text that separates paragraphs with them) says otherwise
    return tail == "." and layout.blank_separated and not after_blank


def _split_lines(blocks: Sequence[Block]) -> list[tuple[str, int | None]]:
    out = []
    for b in blocks:
        if b.table is not None:
            continue
        for raw in b.text.split("\n"):
            out.append((clean_line(raw.replace("\r", "")), b.page))
    return out


def _tab_rows(lines: list[tuple[str, int | None]], start: int) -> int:
    """End index of the run of TAB lines starting at `start`."""
    end = start
    while end < len(lines) and "\t" in lines[end][0] and has_content(lines[end][0]):
        end += 1
    return end


def _table_block(rows: Sequence[tuple[str, int | None]]) -> Block:
    grid = clean_grid(tuple(tuple(text.split("\t")) for text, _ in rows))
    return Block(table=grid, page=rows[0][1])


def _join_lines(blocks: Sequence[Block], fmt: str) -> list[Block]:
    out: list[Block] = []
    para: _Para | None = None

    def flush() -> None:
        nonlocal para
        if para is not None:
            out.append(Block(text=para.text(), page=para.page))
            out.extend(para.pending)
        para = None

    # Tables given as blocks keep their place: process block by block, lines within.
    segments: list[list[tuple[str, int | None]] | Block] = []
    for b in blocks:
        if b.table is not None:
            segments.append(b)
        elif segments and isinstance(segments[-1], list):
            segments[-1].extend(_split_lines([b]))
        else:
            segments.append(_split_lines([b]))
    all_lines = [ln for seg in segments if isinstance(seg, list) for ln in seg]
    layout = _layout([t for t, _ in all_lines], fmt)
    log.debug("layout %s", layout)

    for seg in segments:
        if isinstance(seg, Block):
            flush()
            out.append(replace(seg, text=clean_line(seg.text), table=clean_grid(seg.table)))
            continue
        i = 0
        after_blank = False
        while i < len(seg):
            text, page = seg[i]
            if "\t" in text and has_content(text):
                end = _tab_rows(seg, i)
                if end - i >= 2:
                    flush()
                    out.append(_table_block(seg[i:end]))
                    i = end
                    continue
                text = collapse_spaces(text.replace("\t", " ")).strip()
            i += 1
            if not text:
                after_blank = True
                continue
            if not has_content(text):
                flush()
                continue
            if layout.hard_wrapped and _PAGE_NUMBER.match(text):
                continue
            if _is_interjection(text):
                if para is not None and not ends_sentence(para.last):
                    para.pending.append(Block(text=text, page=page))
                else:
                    flush()
                    out.append(Block(text=text, page=page))
                continue
            if para is not None and not is_label_line(text) and continues(para, text, layout, after_blank):
                para.lines.append(text)
            else:
                flush()
                para = _Para([text], page)
            after_blank = False
    flush()
    return out


def _clean_block(block: Block) -> Block | None:
    if block.table is not None:
        grid = clean_grid(block.table)
        if not any(cell for row in grid for cell in row):
            return None
        return replace(block, text=clean_line(block.text), table=grid)
    text = clean_line(block.text).replace("\t", " ")
    text = collapse_spaces(text).strip()
    if not text:
        return None
    return replace(block, text=text, numbering=clean_line(block.numbering))


def normalize_blocks(blocks: Sequence[Block], fmt: str) -> list[Block]:
    """Cleaned blocks; for "txt"/"pdf" lines re-joined into paragraphs and TAB rows into tables.

    Output blocks are never empty. A re-joined paragraph keeps the page of its first line;
    a table block has `table` set (raw cells, rows padded to equal width) and empty text.
    """
    if fmt in ("txt", "pdf"):
        return _join_lines(blocks, fmt)
    cleaned = (_clean_block(b) for b in blocks)
    return [b for b in cleaned if b is not None]

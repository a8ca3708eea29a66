"""The heading tree of a report: which paragraphs are headings, and where each paragraph sits.

Owns the heading schemes ("PHẦN A"/"PHẦN THỨ NHẤT", "A.", "I.", "1.", "1.1.", "a)", Word
heading styles) and `build_outline`, which turns normalised blocks into Sections and
Paragraphs.

How a labelled paragraph is judged: bullets and "(1)" items are never headings. Numbered
items are read in sibling groups (1., 2., 3. under the same parent); the whole group is a
list when most items read like prose (long, several sentences, or ending with "." / ";"
past 100 chars) or when no item has anything under it; otherwise each item is a heading
unless it is plainly prose or starts in lower case. A Word heading style overrides the
group vote (not plain prose).

How levels are assigned (a stack of open headings):
1. a scheme already on the stack pops back to it (a sibling);
2. a letter or Roman numeral continuing the ordinal of an open letter/Roman heading is its
   sibling ("A." then "II.": the writer's "A" stood for "I");
3. a scheme seen before goes back to the depth it first took; a new scheme nests under the
   stack top, after closing open headings whose scheme normally ranks below it
   (PHẦN > A./I. > 1. > 1.1. > 1.1.1. > a); letters and Roman numerals are not ordered
   against each other: whichever comes first holds the other).
The closing block ("Nơi nhận:") empties the stack: an annex after the signature starts at
the top again, and an all-caps annex title followed by headings or a table is a section.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.model import Block, Paragraph, Section

_VI_LETTERS = "abcdđeghiklmnopqrstuvxyfjwz"  # Vietnamese order, then the foreign letters
_PHAN_WORDS = {"NHẤT": 1, "HAI": 2, "BA": 3, "TƯ": 4, "BỐN": 4, "NĂM": 5, "SÁU": 6, "BẢY": 7, "TÁM": 8, "CHÍN": 9, "MƯỜI": 10}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_VALID_ROMAN = re.compile(r"^(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")

_MARKUP = re.compile(r"^(?:\*\*|__)\s*")
_PHAN = re.compile(
    r"^(PHẦN|Phần|CHƯƠNG|Chương)\s+(THỨ\s+\w+|[Tt]hứ\s+\w+|[IVXLC]+|[A-Z]|\d{1,2})(?=$|[\s.:\-–—])"
)
_ROMAN = re.compile(r"^([IVXLC]+)(?:\.(?=\s|$|[^\W\d_])|/(?=\s|$))")
_LETTER = re.compile(r"^([A-ZĐ])[./](?=\s|$)")
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(\.(?=\s|$|[^\W\d_])|/(?=\s|$))?(?=\s|$|[^\W\d_])")
_ALPHA = re.compile(r"^([a-zđ])\)(?=\s|$)")
_STYLE = re.compile(r"^(?:heading|tiêu đề)\s*(\d)$", re.IGNORECASE)
_CLOSING = re.compile(r"^(?:\*\*)?\s*(?:Nơi nhận|Nơi gửi)\s*:?", re.IGNORECASE)
_SIGNATURE = re.compile(r"^(?:\*\*)?\s*(?:T/M|TM\.|KT\.|TL\.|Q\.|TUQ\.)", re.IGNORECASE)
_ANNEX_WORD = re.compile(r"^(?:\*\*)?\s*(?:PHỤ LỤC|Phụ lục|BIỂU|Biểu mẫu)\b")
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+(?=[^\W\d_])")

# Canonical rank of each scheme (smaller = higher in the tree).
RANK = {"phan": 0, "chuong": 1, "letter": 2, "roman": 3, "number": 4, "number2": 5,
        "number3": 6, "number4": 7, "alpha": 8}
TOP_FAMILY = ("letter", "roman")
LIST_PROSE_CHARS = 250
WEAK_PROSE_CHARS = 100
TITLE_MAX_CHARS = 300


# ---- labels ----------------------------------------------------------------------------


def _strip_markup(text: str) -> str:
    return _MARKUP.sub("", text.strip())


def _roman_value(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


def _letter_ordinal(ch: str) -> int:
    ch = ch.lower()
    return _VI_LETTERS.index(ch) + 1 if ch in _VI_LETTERS else 0


def _glued_lower(t: str, end: int) -> bool:
    """A label glued to the next word must be followed by a capital ("1.Công", not "1.tháng")."""
    nxt = t[end:end + 1]
    return bool(nxt) and not nxt.isspace() and not nxt.isupper()


def _parse_label(text: str) -> tuple[str, str, int] | None:
    """(scheme, label as written, ordinal) for a heading label opening `text`."""
    t = _strip_markup(text)
    if m := _PHAN.match(t):
        word, ordinal = m.group(2), 0
        tail = word.split()[-1].upper()
        if word[:3].upper() == "THỨ":
            if tail not in _PHAN_WORDS:
                return None
            ordinal = _PHAN_WORDS[tail]
        elif tail.isdigit():
            ordinal = int(tail)
        elif _VALID_ROMAN.match(tail) and (len(tail) > 1 or tail in "IVX"):
            ordinal = _roman_value(tail)
        else:
            ordinal = _letter_ordinal(tail)
        scheme = "phan" if m.group(1).upper() == "PHẦN" else "chuong"
        return scheme, f"{m.group(1)} {word}", ordinal
    if (m := _ROMAN.match(t)) and not _glued_lower(t, m.end()) and _VALID_ROMAN.match(m.group(1)) and (len(m.group(1)) > 1 or m.group(1) in "IVX"):
        return "roman", m.group(0), _roman_value(m.group(1))
    if m := _LETTER.match(t):
        return "letter", m.group(0), _letter_ordinal(m.group(1))
    if (m := _NUMBER.match(t)) and (m.group(2) or "." in m.group(1)) and not _glued_lower(t, m.end()):
        parts = m.group(1).split(".")
        rest = t[m.end():].lstrip()
        if m.group(2) is None and rest[:1].islower():
            return None  # "2.5 triệu": a number, not a label
        scheme = "number" if len(parts) == 1 else f"number{len(parts)}"
        return scheme, m.group(0), int(parts[-1])
    if m := _ALPHA.match(t):
        return "alpha", m.group(0), _letter_ordinal(m.group(1))
    return None


def heading_label(text: str) -> tuple[str, str] | None:
    """(scheme, label) when `text` opens with a heading label: ("roman", "II."), ("number2", "1.1.").

    Schemes: phan, chuong, letter, roman, number, number2..number4, alpha. Bullets and "(1)"
    are not heading labels. A lone "I."/"V."/"X." reads as Roman; build_outline fixes it to a
    letter from context (after "H.").
    """
    parsed = _parse_label(text)
    return (parsed[0], parsed[1]) if parsed else None


def _heading_style_level(style: str) -> int | None:
    m = _STYLE.match(style.strip())
    return int(m.group(1)) if m else None


# ---- judging labelled paragraphs -------------------------------------------------------


@dataclass
class _Item:
    text: str
    page: int | None
    table: int | None = None
    scheme: str | None = None
    label: str = ""
    ordinal: int = 0
    heading: bool = False
    styled: bool = False  # a Word heading style
    absorbed: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return _strip_markup(self.text)[len(self.label):].lstrip(" :.-–—").rstrip()


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and not any(ch.islower() for ch in letters)


def _prose(body: str) -> tuple[bool, bool]:
    """(strong, weak) evidence that a labelled paragraph is prose, not a title."""
    if _is_caps(body) and len(body) <= 2 * TITLE_MAX_CHARS:
        return False, False
    sentences = len(_SENTENCE_BREAK.findall(body))
    ends_stop = body.rstrip(" \"'”’)*").endswith((".", ";", "…"))
    strong = (len(body) > LIST_PROSE_CHARS and (ends_stop or sentences >= 1)) or sentences >= 2 or len(body) > 2 * LIST_PROSE_CHARS
    # "b) Công khai đầy đủ 286 thủ tục hành chính;": an item of an enumeration, however short
    weak = strong or sentences >= 1 or (ends_stop and len(body) > WEAK_PROSE_CHARS) or body.rstrip().endswith(";")
    return strong, weak


def _fix_letter_roman(items: Sequence[_Item]) -> None:
    """A lone I/V/X right after the letter before it ("H." then "I.") is a letter."""
    last_roman, last_letter = 0, 0
    for it in items:
        if it.scheme == "roman" and len(it.label.rstrip("./ ")) == 1:
            as_letter = _letter_ordinal(it.label[0])
            continues_roman = it.ordinal > 1 and last_roman == it.ordinal - 1
            if not continues_roman and last_letter > 0 and last_letter == as_letter - 1:
                it.scheme, it.ordinal = "letter", as_letter
        if it.scheme == "roman":
            last_roman = it.ordinal
        elif it.scheme == "letter":
            last_letter = it.ordinal


def _sibling_groups(items: Sequence[_Item]) -> list[list[_Item]]:
    """Runs of same-scheme labels numbered in sequence (1., 2., 3.), nesting restarts."""
    groups: list[list[_Item]] = []
    open_groups: list[list[_Item]] = []
    for it in items:
        if it.scheme not in RANK:
            continue
        for k in range(len(open_groups) - 1, -1, -1):
            g = open_groups[k]
            if g[-1].scheme == it.scheme and g[-1].ordinal + 1 == it.ordinal:
                del open_groups[k + 1:]
                g.append(it)
                break
        else:
            while open_groups and RANK[open_groups[-1][-1].scheme] > RANK[it.scheme]:
                open_groups.pop()
            g = [it]
            open_groups.append(g)
            groups.append(g)
    return groups


def _holds_nothing(group: Sequence[_Item], items: Sequence[_Item], position: dict[int, int]) -> bool:
    """Every item runs straight into the next one (or into a higher label, or the end)."""
    for k, it in enumerate(group):
        n = position[id(it)] + 1
        nxt = items[n] if n < len(items) else None
        if k + 1 < len(group):
            if nxt is not group[k + 1]:
                return False
        elif nxt is not None and not _ends_body(nxt) and (
                nxt.scheme not in RANK or _rank(nxt.scheme) > _rank(it.scheme)):
            return False
    return True


def _ends_body(it: _Item) -> bool:
    """The closing block ("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN") ends the report's body: nothing under
    the last items of a list right above it."""
    return it.table is None and bool(_CLOSING.match(it.text) or _SIGNATURE.match(it.text))


def _mark_headings(items: Sequence[_Item]) -> None:
    """Decide heading or list item for every labelled paragraph, group by group."""
    labelled = [it for it in items if it.scheme in RANK]
    position = {id(it): n for n, it in enumerate(items)}
    for group in _sibling_groups(labelled):
        votes = [_prose(it.body) for it in group]
        is_list = 2 * sum(weak for _, weak in votes) > len(group)
        if len(group) >= 2 and group[0].scheme not in ("phan", "chuong") and _holds_nothing(group, items, position):
            is_list = True  # "a) ...; b) ...; c) ..." with nothing under any of them
        for it, (strong, _) in zip(group, votes):
            starts_lower = it.body[:1].islower()
            it.heading = (it.styled or not is_list) and not strong and not starts_lower


def _absorb_titles(items: list[_Item]) -> list[_Item]:
    """A heading that is only a label ("PHẦN THỨ NHẤT", "I.") takes its title from the next lines."""
    out: list[_Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        out.append(it)
        i += 1
        if not it.heading or it.body:
            continue
        limit = 6 if it.scheme in ("phan", "chuong") else 1
        while (i < len(items) and len(it.absorbed) < limit and items[i].table is None
               and not items[i].heading and items[i].scheme is None
               and len(items[i].text) <= TITLE_MAX_CHARS
               and (_is_caps(items[i].text) or not it.absorbed)):
            it.absorbed.append(items[i].text)
            i += 1
    return out


# ---- the tree --------------------------------------------------------------------------


@dataclass
class _Open:
    scheme: str
    ordinal: int
    section: int


def _rank(scheme: str) -> float:
    if scheme == "annex":
        return -1
    if scheme.startswith("style"):
        return 2 + int(scheme[5:])  # Heading 1 ~ Roman, Heading 2 ~ "1.", ...
    return RANK.get(scheme, 9)


def _ranks_below(open_scheme: str, scheme: str) -> bool:
    """An open heading closes before a new scheme it normally ranks below.

    Letters and Roman numerals are not ordered against each other: "A." > "I." and
    "I." > "A." are both in use, so whichever comes first holds the other.
    """
    if open_scheme in TOP_FAMILY and scheme in TOP_FAMILY:
        return False
    return _rank(open_scheme) > _rank(scheme)


def _place(stack: list[_Open], scheme: str, ordinal: int, depth_of: dict[str, int]) -> None:
    """Pop `stack` to where a heading of `scheme` goes (its parent ends on top).

    `depth_of` remembers the depth each scheme first took in this document: a scheme seen
    before closes every open heading at its depth or deeper; a new one closes the open
    headings whose scheme normally ranks below it.
    """
    for k, entry in enumerate(stack):
        if entry.scheme == scheme:
            del stack[k:]
            return
    if scheme in TOP_FAMILY and ordinal > 1:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].scheme in TOP_FAMILY and stack[k].ordinal == ordinal - 1:
                del stack[k:]
                depth_of.setdefault(scheme, k)
                return
    if scheme in depth_of:
        while stack and depth_of.get(stack[-1].scheme, len(stack) - 1) >= depth_of[scheme]:
            stack.pop()
    else:
        while stack and _ranks_below(stack[-1].scheme, scheme):
            stack.pop()
        depth_of[scheme] = len(stack)


def _items(blocks: Sequence[Block]) -> list[_Item]:
    items: list[_Item] = []
    tables = 0
    for b in blocks:
        if b.table is not None:
            rows = ["\t".join(r) for r in b.table]
            items.append(_Item(text="\n".join(rows), page=b.page, table=tables))
            tables += 1
            continue
        text = b.text.strip()
        if b.numbering and not text.startswith(b.numbering):
            text = f"{b.numbering} {text}"
        if not text:
            continue
        it = _Item(text=text, page=b.page)
        parsed = _parse_label(text)
        if parsed:
            it.scheme, it.label, it.ordinal = parsed
        level = _heading_style_level(b.style)
        it.styled = level is not None
        if level is not None and parsed is None:
            it.scheme, it.heading = f"style{level}", not _prose(text)[0]
        items.append(it)
    return items


def build_outline(blocks: Sequence[Block]) -> tuple[list[Section], list[Paragraph]]:
    """Sections (the heading tree) and every paragraph placed in it, tables included.

    A table block becomes a Paragraph with `table` = its 0-based index among the table
    blocks and `text` = its rows as TAB-joined lines joined by "\\n".
    """
    items = _items(blocks)
    _fix_letter_roman(items)
    _mark_headings(items)
    items = _absorb_titles(items)

    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    stack: list[_Open] = []
    depth_of: dict[str, int] = {}
    current: int | None = None
    closing = False
    for n, it in enumerate(items):
        if it.table is None and not it.heading and _CLOSING.match(it.text) and sections:
            closing, stack = True, []
        if not it.heading and closing and _is_annex_title(it, items[n + 1:n + 2]):
            it.heading, it.scheme, it.label = True, "annex", ""
            stack = []
        if it.heading:
            _place(stack, it.scheme, it.ordinal, depth_of)
            parent = stack[-1].section if stack else None
            heading = " ".join([it.text, *it.absorbed])
            path = (sections[parent].path if parent is not None else ()) + (heading,)
            current = len(sections)
            sections.append(Section(index=current, parent=parent, level=len(stack),
                                    label=it.label.strip(), heading=heading, path=path))
            stack.append(_Open(it.scheme, it.ordinal, current))
            paragraphs.append(Paragraph(index=len(paragraphs), text=heading, section=current,
                                        is_heading=True, page=it.page))
            continue
        paragraphs.append(Paragraph(index=len(paragraphs), text=it.text, section=current,
                                    page=it.page, table=it.table))
    return sections, paragraphs


def _is_annex_title(it: _Item, following: Sequence[_Item]) -> bool:
    if it.table is not None or it.scheme is not None or len(it.text) > TITLE_MAX_CHARS:
        return False
    if _SIGNATURE.match(it.text):
        return False
    if _ANNEX_WORD.match(it.text):
        return True
    nxt = following[0] if following else None
    return _is_caps(it.text) and nxt is not None and (nxt.heading or nxt.table is not None)

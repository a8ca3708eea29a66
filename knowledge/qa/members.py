"""Which member of a group an ask names, and whether a figure's place names the same: a numbered
name ("thôn Tân Phúc 2", "đợt 1"), a village ("thôn Phú Khương"), a table's row ("Hộ tịch",
"Lĩnh vực khác", the total)."""
from __future__ import annotations

import itertools
import re

from knowledge.qa.lexicon import FILLER, FUNCTION_WORDS, QUESTION_WORDS
from knowledge.qa.matching import ask_terms, folded_text, found, merged
from knowledge.qa.question import Ask
from knowledge.qa.terms import expand_abbreviations

_NUMBERED = re.compile(r"\b([a-z]+) (?:so )?(\d{1,2})\b(?! ?%)(?![/.,]\d)")
_NOT_NAMES = FILLER | {"ngay", "thang", "nam", "quy", "tuan", "gio", "dat", "chiem", "tang", "giam", "gan"}


def numbered_names(text: str) -> dict[str, str]:
    """The names numbered in a text, by their last word: "thôn Tân Phúc 2" -> {"phuc": "2"}."""
    return {w: n.lstrip("0") for w, n in _NUMBERED.findall(folded_text(text)) if w not in _NOT_NAMES}


def numbers_unsaid(ask: Ask, context: str) -> bool:
    """A number the ask names ("Huy hiệu 75 năm tuổi Đảng", "mức độ 2", "Đề án 06") that the figure's
    context never says (its periods are asked apart)."""
    said = {n.lstrip("0") for n in re.findall(r"\d+", folded_text(context))}
    return any(n.lstrip("0") not in said for n in re.findall(r"\b\d+\b", ask.words))


_ORDINAL_CELL = re.compile(r"^\s*(?:[0-9]+(?:\.[0-9]+)*\.?|[IVXivx]+\.?|[a-zđ][.)]?|[-+*])\s*$")
_NUMBER_CELL = re.compile(r"^\s*[0-9][0-9.,/ ]*%?\s*$")
ROW_NAME_SYLLABLES = 4  # a row named this briefly names a member (a field, a village), not a measure


def _row_name(row: str) -> list[str]:
    """The folded syllables naming a table row: its cells before the first number, ordinals left out."""
    cells = row.split("\t")
    while cells and _ORDINAL_CELL.match(cells[0]):
        cells = cells[1:]
    name = " ".join(itertools.takewhile(lambda c: not _NUMBER_CELL.match(c), cells))
    return folded_text(expand_abbreviations(folded_text(name))).split()


def row_asked(ask: Ask, row: str, table: str) -> bool:
    """May a cell of this row of the table answer? The total row and a measure's row (a longer
    name, weighed by coverage instead) may; a member's row ("Hộ tịch", "Lĩnh vực khác", "Chi bộ
    trực thuộc") when the ask names it, or names part of it and no other row ("lĩnh vực đất đai"
    is the row "Đất đai", not "Lĩnh vực khác"; "số hồ sơ trễ hạn" is the total's, not "Hộ tịch")."""
    name = _row_name(row)
    if not name or len(name) > ROW_NAME_SYLLABLES or name[0] in ("tong", "cong", "toan"):
        return True
    asked = set(folded_text(expand_abbreviations(ask.words)).split())
    wanted = ask_terms(ask)

    def named(syllables: list[str]) -> bool:
        return all(s in asked or found(s, wanted) for s in syllables if s not in FUNCTION_WORDS)

    if named(name):
        return True
    others = [n for n in map(_row_name, table.split("\n")) if n and n != name and len(n) <= ROW_NAME_SYLLABLES]
    if any(named(n) for n in others):
        return False
    parts = [f"{a} {b}" for a, b in zip(name, name[1:])] or name
    return any(merged(p) in wanted for p in parts)


_PLACE = re.compile(r"(?<!bao nhieu )(?<!may )(?<!so )(?<!cac )(?<!nhung )(?<!tung )(?<!moi )"
                    r"\b(?:thon|ap|xom|lang|to dan pho|khu pho|khu dan cu) ([a-z]+(?: [a-z]+)?)")


def place_asked(ask: Ask) -> str:
    """The village a question names ("thôn Phú Khương có bao nhiêu ..." -> "phu khuong"), or ""."""
    m = _PLACE.search(folded_text(ask.words))
    words = []
    for w in m.group(1).split() if m else ():
        if w in FILLER or w in FUNCTION_WORDS or w in QUESTION_WORDS:
            break
        words.append(w)
    return " ".join(words)

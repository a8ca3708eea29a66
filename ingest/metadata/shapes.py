"""What every part of the metadata reader tests a line for: its folded form (cached), all
capitals, its words; the national motto, a "V/v ..." subject, quoted text."""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.text.normal import fold

MOTTO = re.compile(r"^(?:cong hoa xa hoi chu nghia viet nam|dang cong san viet nam|doc lap\W+tu do\W+hanh phuc)\W*$")
VV = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\b")
QUOTED = re.compile(r"[“\"‘«]+[^”\"’»“«]*(?:[”\"’»]+|$)")
_TOKEN = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def fold_line(text: str) -> str:
    """fold(), cached: the reader folds the same lines again and again."""
    return fold(text)


def is_caps(line: str) -> bool:
    """Every letter a capital (and at least one letter)."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def strip_end(text: str) -> str:
    """Without the punctuation a title or number line ends with."""
    return text.strip().rstrip(" .,;:/").strip()


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of each word."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]

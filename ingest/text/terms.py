"""Folded content terms and idf-weighted overlap: the lexical yardstick of the answerers."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from ingest.text.normal import fold
from ingest.text.tokens import ABBREVIATION_TOKENS, tokenize

# Folded function words and question words that say nothing about what is asked.
STOP = frozenset(
    """a ai bao bay cac cai chi cho co con cua da dang duoc gi gom hay hien hoi khi khong la lam len luc
    ma may moi mot nao nay ne neu nhieu nhu nhung noi o ra roi sao se so thi tai the theo trong tu va ve
    voi vay vi xa yeu nay do den ay tren duoi sau truoc hon""".split()
) - {"dang"}  # "đảng" folds to "dang": keep it


@lru_cache(maxsize=8192)
def terms(text: str) -> frozenset[str]:
    """Diacritic-folded tokens (symbols whole) minus function words; an abbreviation counts by its
    expansion only ("CCHC" -> cai cach hanh chinh), so it matches the words spelled out.

    Cached: the figures of one paragraph share its text, and questions revisit the same paragraphs."""
    return frozenset(t for t in tokenize((text or "").replace("²", "2"))
                     if t == fold(t) and t not in STOP and t not in ABBREVIATION_TOKENS)


class Idf:
    """Inverse document frequency over a set of texts (the candidates at hand)."""

    def __init__(self, docs: Iterable[set[str]]) -> None:
        docs = list(docs)
        self.n = len(docs)
        self.df = Counter(t for d in docs for t in d)

    def __call__(self, term: str) -> float:
        return math.log(1 + (self.n + 1) / (self.df.get(term, 0) + 0.5))

    def coverage(self, wanted: set[str], found: set[str]) -> float:
        """Share of the wanted terms' weight present in `found` (0 when nothing is wanted)."""
        total = sum(self(t) for t in wanted)
        return sum(self(t) for t in wanted & found) / total if total else 0.0


_SYLLABLE = re.compile(r"[0-9a-z]+(?:[./][0-9a-z]+)*")


def phrase_terms(text: str) -> set[str]:
    """Folded syllables and adjacent-syllable pairs: "dân số" -> {"dan", "so", "dan so"}.

    Vietnamese words are often two syllables: pairs keep "dân số" from matching any "dân".
    """
    found = syllables(text)
    return set(found) | {f"{a} {b}" for a, b in zip(found, found[1:])}


def syllables(text: str) -> list[str]:
    """Folded syllables in order ("1.000" and "d/c" whole)."""
    return _SYLLABLE.findall(fold((text or "").replace("²", "2")))

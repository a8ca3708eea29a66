"""How the words of an ask are found in a text: folded, pairs with the sources' spelling confusions
merged ("suất sắc" is "xuất sắc"), synonyms of a term or of one of its syllables."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ingest.text.normal import fold
from knowledge.qa.lexicon import SYNONYMS, spelling
from knowledge.qa.question import Ask
from knowledge.qa.terms import content_terms


def merged(term: str) -> str:
    """A term as matched: a pair of syllables with the sources' spelling confusions merged ("suất
    sắc" is "xuất sắc"); a single syllable as written ("trăm" is not "chậm")."""
    return spelling(term) if " " in term else term


@lru_cache(maxsize=8192)
def text_terms(text: str) -> frozenset[str]:
    """Content terms of a text, pairs with the sources' spelling confusions merged."""
    return frozenset(merged(t) for t in content_terms(text))


@lru_cache(maxsize=8192)
def folded_text(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9%]+", " ", fold(text)) + " "


def has_phrase(text: str, phrase: str) -> bool:
    """Does the text say the phrase (folded; spelling confusions merged for phrases of several syllables)?"""
    folded = folded_text(text)
    if f" {phrase} " in folded:
        return True
    return " " in phrase and f" {spelling(phrase)} " in spelling(folded)


def found(term: str, terms: frozenset[str]) -> bool:
    """The term, or a synonym of it or of one of its syllables ("đàn heo" is "đàn lợn"), among the terms;
    a synonym of three syllables or more when all its terms are ("một cửa": "tiếp nhận và trả kết quả")."""
    if term in terms or any(_says(s, terms) for s in _SYNONYMS.get(term, ())):
        return True
    if " " in term:
        a, b = term.split(" ", 1)
        return any(f"{spelling(x)} {b}" in terms for x in _SYNONYMS.get(a, ())) or any(
            f"{a} {spelling(y)}" in terms for y in _SYNONYMS.get(b, ()))
    return False


# Synonyms by a term as it is matched (a pair's onsets merged: "trang bị" is "chang bi") and as written.
_SYNONYMS = {spelling(k): v for k, v in SYNONYMS.items()} | SYNONYMS


def _says(synonym: str, terms: frozenset[str]) -> bool:
    return text_terms(synonym) <= terms if synonym.count(" ") > 1 else merged(synonym) in terms


def ask_terms(ask: Ask) -> frozenset[str]:
    return frozenset(merged(t) for t in ask.terms)


def term_idf(term: str, idf: Callable[[str], float]) -> float:
    parts = term.split(" ")
    return sum(idf(p) for p in parts) / len(parts) * (1.2 if len(parts) > 1 else 1.0)

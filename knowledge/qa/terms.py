"""The content terms of a text, as questions and reports are matched on them.

A term is a folded content syllable or a pair of adjacent ones (knowledge.qa.lexicon says which
words are fillers, function words and compounds); abbreviations stand for the words they spell.
"""
from __future__ import annotations

from ingest.text.normal import fold
from ingest.text.tokens import ABBREVIATION_WORDS, tokenize
from knowledge.qa.lexicon import COMPOUNDS, FILLER, FUNCTION_WORDS, QUESTION_WORDS


def content_terms(text: str) -> frozenset[str]:
    """Folded content syllables of a text (an abbreviation by the words it stands for), fillers
    removed, plus each pair of adjacent syllables holding a content syllable and no function or
    question word, not opened by the count word "số": "hồ sơ", "dân số", "tình hình", "xã hội"
    are pairs ("tình", "xã" alone are fillers); "số đảng", "hội của", "mấy thôn" are not; a
    compound ("chế độ", "cơ chế") always is, one word: its syllables are no terms alone."""
    syllables = [t for t in tokenize(text.replace("²", "2"))
                 if t == fold(t) and not t[:1].isdigit() and t not in ABBREVIATION_WORDS]
    bound = {i + j for i, pair in enumerate(zip(syllables, syllables[1:])) if " ".join(pair) in COMPOUNDS
             for j in (0, 1)}
    pairs = {f"{a} {b}" for a, b in zip(syllables, syllables[1:])
             if f"{a} {b}" in COMPOUNDS or (a not in FILLER or b not in FILLER) and a != "so"
             and not {a, b} & (QUESTION_WORDS | FUNCTION_WORDS)}
    return frozenset({t for i, t in enumerate(syllables) if t not in FILLER and i not in bound} | pairs)


def expand_abbreviations(folded: str) -> str:
    """ "tthc" -> "thu tuc hanh chinh": how reports spell a unit the question abbreviates."""
    return " ".join(fold(" ".join(ABBREVIATION_WORDS[w])) if w in ABBREVIATION_WORDS else w for w in folded.split())

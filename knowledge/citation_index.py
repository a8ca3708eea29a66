"""The citation search index (knowledge.fts): `text` holds the folded syllables of the sentence
citing a directive, with its kind, subject and issuer: what knowledge.directive_qa ranks on."""
from __future__ import annotations

import re

from knowledge.fts import CandidateIndex
from knowledge.terms import syllables, terms

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"[0-9a-z./]+")  # what the FTS5 tokenizer keeps whole


def citing_sentence(citation: dict) -> str:
    """The sentence of the paragraph that holds the mention (whole, if it is short)."""
    text, start, end = citation["paragraph_text"], citation["start"], citation["end"]
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _SENTENCE_END.finditer(text, end)), len(text))
    return text[left:right].strip()


def _row(citation: dict) -> tuple[str]:
    """Syllables as written, plus the words abbreviations stand for ("CCHC" -> cai cach hanh chinh)."""
    text = " ".join(p for p in (citation["kind"], citation["subject"], citation["issuer"], citing_sentence(citation)) if p)
    found = syllables(text)
    return (" ".join(found + sorted(t for t in terms(text) if WORD.fullmatch(t) and t not in found)),)


CITATIONS = CandidateIndex(
    "citation_terms", "citations", ("text",),
    """SELECT x.rowid, x.doc_id, x.kind, x.subject, x.issuer, x.start, x."end", p.text AS paragraph_text
       FROM citations x JOIN paragraphs p ON p.doc_id = x.doc_id AND p.idx = x.paragraph {where}""",
    _row)

"""The FTS5 candidate indexes (knowledge.store.fts) kept with the figures and citations tables.

- FIGURES: `units` holds the unit keys of what a figure counts (ingest.text.units.unit_keys),
  `text` the folded syllables of its label, unit and sentence: the fields the figure answerer reads.
- CITATIONS: `text` holds the folded syllables of the sentence citing a directive, with its
  kind, subject and issuer: what the directive answerer ranks on.
"""
from __future__ import annotations

import re

from ingest.text.sentences import citing_sentence
from ingest.text.terms import syllables, terms
from ingest.text.units import counted_names, unit_keys
from knowledge.store.fts import CandidateIndex


def _figure_row(figure: dict) -> tuple[str, str]:
    text = " ".join(syllables(f"{figure['label']} {figure['unit'] or ''} {figure['sentence']}"))
    return " ".join(sorted(unit_keys(counted_names(figure)))), text


FIGURES = CandidateIndex("figure_terms", "figures", ("units", "text"),
                         "SELECT x.rowid, x.doc_id, x.unit, x.label, x.sentence, x.start FROM figures x {where}", _figure_row)


WORD = re.compile(r"[0-9a-z./]+")  # what the FTS5 tokenizer keeps whole


def _citation_row(citation: dict) -> tuple[str]:
    """Syllables as written, plus the words abbreviations stand for ("CCHC" -> cai cach hanh chinh)."""
    cited = citing_sentence(citation["paragraph_text"], citation["start"], citation["end"])
    text = " ".join(p for p in (citation["kind"], citation["subject"], citation["issuer"], cited) if p)
    found = syllables(text)
    return (" ".join(found + sorted(t for t in terms(text) if WORD.fullmatch(t) and t not in found)),)


CITATIONS = CandidateIndex(
    "citation_terms", "citations", ("text",),
    """SELECT x.rowid, x.doc_id, x.kind, x.subject, x.issuer, x.start, x."end", p.text AS paragraph_text
       FROM citations x JOIN paragraphs p ON p.doc_id = x.doc_id AND p.idx = x.paragraph {where}""",
    _citation_row)

CANDIDATE_INDEXES = (FIGURES, CITATIONS)  # written and deleted with their content rows

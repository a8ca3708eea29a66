"""The figure search index (knowledge.fts): `units` holds the unit keys of what a figure counts
(knowledge.units.unit_keys), `text` the folded syllables of its label, unit and sentence: the
fields the answer gate of knowledge.figure_qa reads."""
from __future__ import annotations

from knowledge.fts import CandidateIndex, any_of
from knowledge.terms import syllables
from knowledge.units import counted_names, unit_keys


def _row(figure: dict) -> tuple[str, str]:
    text = " ".join(syllables(f"{figure['label']} {figure['unit'] or ''} {figure['sentence']}"))
    return " ".join(sorted(unit_keys(counted_names(figure)))), text


FIGURES = CandidateIndex("figure_terms", "figures", ("units", "text"),
                         "SELECT x.rowid, x.doc_id, x.unit, x.label, x.sentence, x.start FROM figures x {where}", _row)


def match_expression(unit_names: set[str], required: set[str], ranking: set[str]) -> str | None:
    """An FTS5 query: figures counting one of `unit_names` (when any) and holding one of the
    `required` syllables in label, unit or sentence (when any); `ranking` syllables only rank."""
    filters = []
    if unit_names:
        filters.append("units : " + any_of(unit_keys(unit_names)))
    if required:
        filters.append("text : " + any_of(required))
    if not filters:
        return None
    expression = " AND ".join(filters)
    if ranking:  # "F AND (R OR F)" selects what F selects, ranked by R too
        expression += f" AND (text : {any_of(ranking)} OR {filters[0]})"
    return expression

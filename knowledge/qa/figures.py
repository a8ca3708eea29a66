"""Figure questions: pick, for each 'how many' of a question, the stored figure that answers it.

A figure answers an ask only when it passes a gate: if the question names a counted noun
("bao nhiêu đảng viên") the figure must count it (its unit, or a table cell's column
header), and a generic one ("người", "%", "tỷ đồng") must also come with the measure
("dân số"); with no counted noun the measure phrase must be in the figure's label or
sentence. Nothing passes -> the ask is unanswered and the caller abstains rather than return a
number that answers something else. Among those that pass, idf-weighted coverage of the
question by the sentence (then its paragraph) decides.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from ingest.text.normal import squash
from ingest.text.sentences import sentence_spans
from ingest.text.terms import STOP, Idf, phrase_terms, syllables, terms
from ingest.text.units import GENERIC_UNITS, norm_unit, unit_keys, unit_match
from knowledge.qa.question import Ask, Question
from knowledge.store.fts import any_of
from knowledge.store.indexes import FIGURES

# What comparative adjectives and short forms measure ("rộng" is asked about the area).
MEASURE_WORDS = {"rong": "dien tich", "rong hon": "dien tich", "dong": "dan so", "dong hon": "dan so"}



@dataclass(frozen=True)
class FigureHit:
    ask: Ask
    figure: dict  # a row of figures joined with its document and section
    score: float


CANDIDATES_PER_ASK = 300  # figures scored per ask, the best by FTS5 rank (knowledge.store.indexes)


def candidate_figures(db: Database, question: Question, doc_ids: Sequence[str] | None,
                      limit: int = CANDIDATES_PER_ASK) -> list[dict]:
    """The figures worth scoring for the question: for each ask, those that can pass its gate
    (what they count, the measure's syllables), the `limit` best by FTS5 rank; joined with their
    document, section and paragraph."""
    if doc_ids is not None and not doc_ids:
        return []
    ranking = set(syllables(question.content)) - STOP
    rowids: set[int] = set()
    previous: Ask | None = None
    for ask in question.asks:
        need = _Need.of(ask, previous)
        required = {t for t in need.measure_phrases if " " not in t} if need.measure_required else set()
        expression = match_expression({norm_unit(need.unit)} - {""}, required, ranking)
        if expression:
            rowids.update(FIGURES.candidates(db, expression, doc_ids, limit))
        previous = ask
    return load_figures(db, sorted(rowids)) if rowids else []


def load_figures(db: Database, rowids: Sequence[int] | None = None) -> list[dict]:
    """Figures (these, all when None) joined with their document, section and paragraph."""
    where = f"WHERE f.rowid IN ({', '.join('?' * len(rowids))})" if rowids is not None else ""
    return db.execute_returning_dicts(
        f"""SELECT f.*, f.rowid AS rowid, d.commune, d.date AS doc_date, s.path AS section_path,
                   p.text AS paragraph_text
            FROM figures f JOIN documents d ON d.id = f.doc_id
            JOIN paragraphs p ON p.doc_id = f.doc_id AND p.idx = f.paragraph
            LEFT JOIN sections s ON s.doc_id = f.doc_id AND s.idx = f.section
            {where} ORDER BY f.doc_id, f.seq""",
        list(rowids or []),
    )


def _measure(ask: Ask) -> str:
    text = re.sub(r"\b(xa|phuong|thi tran)\b", " ", ask.measure)  # "dân số của xã": the commune is not the measure
    text = squash(text)
    return MEASURE_WORDS.get(text, text)


def _counted_noun(measure: str) -> str:
    """ "số hồ sơ TTHC tiếp nhận" asks a count of "hồ sơ ...": the noun after "số"/"số lượng"."""
    m = re.match(r"(?:tong so|so luong|so)\s+(.+)", measure)
    return m.group(1) if m else ""


@dataclass(frozen=True)
class _Need:
    """What an ask requires of a figure (the gate of the module docstring)."""
    unit: str  # the counted noun asked ("" when none)
    inherited: str  # the previous ask's unit, when this one states none (a bonus, not required)
    measure_phrases: set[str]
    generic: bool  # the unit says little alone: the measure is required too

    @classmethod
    def of(cls, ask: Ask, context: Ask | None) -> "_Need":
        measure = _measure(ask) or (context and _measure(context)) or ""
        unit = ask.unit or _counted_noun(measure)
        inherited = "" if unit else (context.unit if context else "")
        generic = bool(unit) and norm_unit(unit).split(" ")[0] in GENERIC_UNITS
        return cls(unit, inherited, phrase_terms(measure) - {"so", "co", "la", "va"}, generic)

    @property
    def measure_required(self) -> bool:
        return not self.unit or (self.generic and bool(self.measure_phrases))


@dataclass(frozen=True)
class _Bags:
    near: set[str]  # label + unit
    local: set[str]  # the sentence and the one before it ("Năm 2022: 20 đồng chí. 14 đồng chí ...")
    phrases: set[str]  # syllables and pairs of label, unit and sentence


def local_context(figure: dict) -> str:
    """The figure's sentence with the sentence before it, when the paragraph has one."""
    text, start = figure.get("paragraph_text") or "", figure["start"]
    if start < 0 or not text:
        return figure["sentence"]
    spans = sentence_spans(text)
    at = next((i for i, (a, b) in enumerate(spans) if a <= start < b), None)
    if at is None:
        return figure["sentence"]
    return text[spans[max(0, at - 1)][0]:spans[at][1]]


def figure_quote(figure: dict, limit: int = 500) -> str:
    """What to quote for a figure: its whole paragraph when short, else its local context."""
    text = figure.get("paragraph_text") or ""
    if figure["start"] >= 0 and text and len(text) <= limit:
        return text
    return local_context(figure)


def figure_bags(figure: dict) -> _Bags:
    near = terms(f"{figure['label']} {figure['unit'] or ''}")
    local = terms(local_context(figure))
    phrases = phrase_terms(f"{figure['label']} {figure['unit'] or ''} {figure['sentence']}")
    return _Bags(near, local, phrases)


def _paragraph_bag(figure: dict) -> frozenset[str]:
    """Terms of the figure's paragraph and section path: read only for figures past the gate."""
    return terms(figure.get("paragraph_text") or "") | terms(figure["section_path"] or "")


def score_figures(question: Question, ask: Ask, figures: Sequence[dict], bags: Sequence[_Bags], idf: Idf,
                  context: Ask | None = None, anchor: dict | None = None) -> list[FigureHit]:
    """Candidates that pass the gate for this ask, best first (see the module docstring).

    `context` is the previous ask of the same question ("... bao nhiêu hồ sơ, chiếm mấy phần trăm"):
    its measure and unit carry over when this ask states none. `anchor` is the figure chosen for it:
    figures of the same sentence are preferred.
    """
    wanted = terms(question.content)
    need = _Need.of(ask, context)
    hits = []
    for fig, bag in zip(figures, bags):
        u = unit_match(need.unit or need.inherited, fig)
        m = idf.coverage(need.measure_phrases, bag.phrases) if need.measure_phrases else 0.0
        if need.unit:  # a counted noun was asked: the figure must count it
            if not u or (need.generic and need.measure_phrases and m < 0.5):
                continue
        elif m < 0.6:
            continue
        c = idf.coverage(wanted, bag.near | bag.local)
        p = idf.coverage(wanted, bag.near | bag.local | _paragraph_bag(fig))
        label = idf.coverage(bag.near, wanted | need.measure_phrases)  # how much of the label was asked
        same_sentence = anchor is not None and anchor["doc_id"] == fig["doc_id"] and anchor["sentence"] == fig["sentence"]
        total = 1.0 if "tong" in wanted and "tong" in terms(fig["label"]) else 0.0  # "tổng cộng" asks the Tổng row
        score = u + 2 * m + c + 0.5 * p + 0.5 * label + total + (1.0 if same_sentence else 0.0)
        hits.append(FigureHit(ask, fig, score))
    hits.sort(key=lambda h: (-h.score, h.figure["doc_id"], h.figure["seq"]))
    return hits


def answer_figures(question: Question, figures: Sequence[dict]) -> list[FigureHit]:
    """The best figure for each ask (distinct figures), leaving out asks nothing answers well."""
    if not figures:
        return []
    bags = [figure_bags(f) for f in figures]
    idf = Idf(b.local | b.near | b.phrases for b in bags)
    chosen: list[FigureHit] = []
    used: set[tuple[str, int]] = set()
    previous: Ask | None = None
    for ask in question.asks:
        anchor = chosen[-1].figure if chosen else None
        hits = [h for h in score_figures(question, ask, figures, bags, idf, context=previous, anchor=anchor)
                if (h.figure["doc_id"], h.figure["seq"]) not in used]
        if hits:
            hit = _latest_of_equals(hits)
            chosen.append(hit)
            used.add((hit.figure["doc_id"], hit.figure["seq"]))
        previous = ask
    return chosen


def _same_measure(a: dict, b: dict) -> bool:
    """Same unit, and labels that start alike ("dân số" / "dân số tính đến ngày 31/5/2026")."""
    la, lb = norm_unit(a["label"]).split(" ")[:2], norm_unit(b["label"]).split(" ")[:2]
    return norm_unit(a["unit"]) == norm_unit(b["unit"]) and la == lb


def _latest_of_equals(hits: Sequence[FigureHit], margin: float = 0.5) -> FigureHit:
    """Among hits scoring within `margin` of the best that measure the same thing, the one from
    the newest report: the latest population, not last year's."""
    best = hits[0]
    same = [h for h in hits if h.score >= best.score - margin and _same_measure(h.figure, best.figure)]
    return max(same, key=lambda h: (h.figure["doc_date"] or "", h.score))


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

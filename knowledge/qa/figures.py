"""Figure asks ("bao nhiêu", "mấy", "tỷ lệ"): the stored figure that answers each, or the near misses.

For each ask: candidate figures (FTS5 narrowing by what they count and the ask's words, plus
the figures of the passages retrieval ranks first), each with its evidence chain
(knowledge.qa.evidence); the hard checks of knowledge.qa.checks sort out near misses; the
fitted ranker orders the rest and the answer model gives the confidence of the best.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from sqlite_utils import Database

from ingest.text.normal import fold
from ingest.text.periods import Period
from ingest.text.tokens import ABBREVIATION_WORDS
from ingest.text.units import norm_unit, unit_keys
from knowledge.qa import checks, evidence, matching
from knowledge.qa.confidence import Models
from knowledge.qa.lexicon import RATE_VERBS
from knowledge.qa.question import Ask, Question
from knowledge.search.retrieval import Hit
from knowledge.store import reads
from knowledge.store.fts import any_of
from knowledge.store.indexes import FIGURES
from knowledge.store.records import FigureRecord

CANDIDATES_PER_ASK = 150  # figures read per ask, the best by FTS5 rank
LATEST_MARGIN = 1.5  # among candidates this close to the best, of the same measure, the newest report's wins


@dataclass(frozen=True)
class Candidate:
    ask: Ask
    evidence: evidence.Evidence
    features: dict[str, float]
    failed: str  # "" when every check passes, else "unit" | "time" | "contrast" | "qualifier" | "part" | "excluded"
    score: float
    parts: tuple["Candidate", ...] = ()  # a sum: the figures of each group asked ("cán bộ" + "công chức")

    @property
    def value(self) -> float:
        return sum(p.value for p in self.parts) if self.parts else self.evidence.figure.value


@dataclass(frozen=True)
class FigureAnswer:
    ask: Ask
    best: Candidate | None
    confidence: float
    near: tuple[Candidate, ...]  # of the right measure but another period or qualifier
    passing: tuple[Candidate, ...] = ()  # every candidate passing the checks, best first


def match_expression(unit_names: set[str], required: set[str], ranking: set[str], named: str = "",
                     short: Iterable[str] = ()) -> str | None:
    """An FTS5 query: figures counting one of `unit_names` (when any) or whose text names the
    `named` phrase or one of its `short` abbreviations (a figure with no unit may be labelled by
    it), and holding one of the
    `required` syllables in label, unit or sentence (when any); `ranking` syllables only rank."""
    filters = []
    if unit_names:
        units = "units : " + any_of(unit_keys(unit_names))
        named = " OR ".join([f'text : "{named}"'] * bool(named) + [f"text : {any_of(short)}"] * bool(short))
        filters.append(f"({units} OR {named})" if named else units)
    if required:
        filters.append("text : " + any_of(required))
    if not filters:
        return None
    expression = " AND ".join(filters)
    if ranking:  # "F AND (R OR F)" selects what F selects, ranked by R too
        expression += f" AND (text : {any_of(ranking)} OR {filters[0]})"
    return expression


def _abbreviations_of(target: str) -> set[str]:
    """The abbreviations that stand for the start of a target ("tthc" for "thu tuc hanh chinh ...")."""
    return {a for a, words in ABBREVIATION_WORDS.items() if target.startswith(fold(" ".join(words)) + " ")
            or target == fold(" ".join(words))}


class FigureEngine:
    def __init__(self, db: Database, idf: Callable[[str], float], models: Models) -> None:
        self.db = db
        self.idf = idf
        self.models = models

    def candidate_rowids(self, ask: Ask, scope: Sequence[str] | None, hits: Sequence[Hit]) -> list[int]:
        if scope is not None and not scope:
            return []
        words = {t for t in ask.terms if " " not in t}
        unit = {"%"} if ask.kind == "percent" else ({norm_unit(ask.target)} - {""})
        required = set() if unit else {t for t in words if self.idf(t) > 1.0}
        named = " ".join(ask.target.split()[:2]) if ask.kind != "percent" else ""  # checks.unit_fits' unitless case
        expression = match_expression(unit, required, words, named, _abbreviations_of(ask.target))
        rowids = set(FIGURES.candidates(self.db, expression, scope, CANDIDATES_PER_ASK)) if expression else set()
        rowids |= set(reads.figure_rowids_in_sections(self.db, [(h.doc_id, h.section) for h in hits[:5]]))
        return sorted(rowids)

    def answer(self, question: Question, scope: Sequence[str] | None, hits: Sequence[Hit],
               period: Period | None = None, asks: Sequence[Ask] | None = None) -> list[FigureAnswer]:
        """One FigureAnswer per count/percent ask of the question (or of `asks`)."""
        period = period if period is not None else question.period
        out: list[FigureAnswer] = []
        previous: Candidate | None = None
        for ask in asks if asks is not None else question.asks:
            if ask.kind not in ("count", "percent"):
                continue
            own = ask.target and ask.kind != "percent"  # "bao nhiêu hộ" names its measure; "chiếm bao nhiêu %" does not
            fresh = {t for t in ask.terms - (previous.ask.terms if previous else frozenset())
                     if not set(t.split()) & set(RATE_VERBS)}  # what this ask adds but "chiếm", "đạt"
            if previous is not None and not own and not fresh:  # "..., chiếm tỷ lệ bao nhiêu": of the same
                ask = Ask(ask.kind, ask.target, f"{previous.ask.words} {ask.words}",
                          ask.terms | previous.ask.terms, ask.excluded | previous.ask.excluded)
            found = self.decide(question, ask, self.candidates(ask, scope, hits, period), period)
            out.append(found)
            previous = found.best or previous
        return out

    def candidates(self, ask: Ask, scope, hits: Sequence[Hit], period: Period | None) -> list[Candidate]:
        """Every candidate figure of the ask, checked and scored (failed ones included)."""
        figures = reads.figures(self.db, rowids=sorted(self.candidate_rowids(ask, scope, hits)))
        ranks: dict = {}
        for rank, h in enumerate(hits):
            ranks.setdefault((h.doc_id, h.section), rank)
        return [self._candidate(ask, f, period, ranks) for f in figures]

    def decide(self, question: Question, ask: Ask, candidates: Sequence[Candidate], period: Period | None) -> FigureAnswer:
        """The best candidate passing the checks, with its confidence, and the near misses."""
        passing = sorted((c for c in candidates if not c.failed), key=lambda c: -c.score)
        if passing:
            best, rivals = choose(passing, period)
            confidence = self.models.answer_confidence((best.value, best.score), [(c.value, c.score) for c in rivals])
            if confidence >= self.models.figure_answer.threshold:
                return FigureAnswer(ask, best, confidence, self._near(candidates), tuple(passing))
        total = self._sum(ask, candidates)
        if total is not None:
            return FigureAnswer(ask, total[0], total[1], self._near(candidates), (total[0],))
        if not passing:
            return FigureAnswer(ask, None, 0.0, self._near(candidates))
        return FigureAnswer(ask, best, confidence, self._near(candidates), tuple(passing))

    def _sum(self, ask: Ask, candidates: Sequence[Candidate]) -> tuple[Candidate, float] | None:
        """Several groups asked ("cán bộ, công chức") and no figure counting them all: the sum of one
        figure of each, from one report, in one unit, each the confident best of its group."""
        wanted = checks.groups_asked(ask)
        by_group: dict[frozenset, list[Candidate]] = {}
        for c in sorted((c for c in candidates if c.failed == "part"), key=lambda c: -c.score):
            group = checks.group_of(ask, c.evidence)
            if len(group) == 1:
                by_group.setdefault(group, []).append(c)
        if not wanted or set().union(*by_group) != wanted:  # each group one member: one figure per group asked
            return None
        parts, confidences = [], []
        for group in by_group.values():
            best = group[0]
            rivals = [(c.value, c.score) for c in group if c.evidence.doc.id == best.evidence.doc.id]
            parts.append(best)
            confidences.append(self.models.answer_confidence((best.value, best.score), rivals))
        if len({p.evidence.doc.id for p in parts}) > 1 or len({norm_unit(p.evidence.figure.unit) for p in parts}) > 1:
            return None
        first = parts[0]
        return replace(first, failed="", parts=tuple(parts)), min(confidences)

    def _candidate(self, ask: Ask, figure: FigureRecord, period: Period | None,
                   ranks: dict) -> Candidate:
        before = reads.paragraphs_before(self.db, figure.doc_id, figure.paragraph, evidence.LEAD_PARAGRAPHS)
        ev = evidence.build(figure, before)
        fit = checks.time_fit(period, ev)
        failed = ("unit" if not checks.unit_fits(ask, ev) else "time" if fit is None
                  else checks.qualifier_failure(ask, ev) or ("excluded" if checks.excluded_hit(ask, ev) else ""))
        cov = checks.coverage(ask, ev, self.idf)
        max_idf = self.idf("\x00")  # the idf of a word no passage holds
        label_terms = matching.text_terms(figure.label if figure.in_table else ev.clause)
        wanted = matching.ask_terms(ask)
        rank = ranks.get((figure.doc_id, figure.section))
        features = {
            "cov_clause": cov.by_level["clause"], "cov_sentence": cov.by_level["sentence"],
            "cov_lead": cov.by_level["lead"], "cov_heading": cov.by_level["heading"],
            "cov_document": cov.by_level["document"], "missing_idf": cov.missing_idf / max_idf,
            "n_missing": min(len(cov.missing), 3) / 3, "time_fit": fit or 0.0,
            "retrieved": 0.0 if rank is None else 1 / (1 + rank),
            "label_cov": sum(matching.found(t, wanted) for t in label_terms) / len(label_terms) if label_terms else 0.0,
            "target_in_clause": float(bool(ask.target) and matching.has_phrase(ev.clause, ask.target.split()[0])),
            "total_row": float("tong" in ask.words.split() and matching.has_phrase(figure.label, "tong")),
            "qualifier_level": checks.qualifier_level(ask, ev),
            "unasked_subset": float(checks.unasked_subset(ask, ev)),
        }
        return Candidate(ask, ev, features, failed, self.models.figure.z(features))

    @staticmethod
    def _near(candidates: Sequence[Candidate], k: int = 3) -> tuple[Candidate, ...]:
        """Candidates of the asked measure that another period or qualifier ruled out, best first."""
        near = [c for c in candidates if c.failed in ("time", "contrast", "qualifier", "part", "excluded")
                and c.features["cov_sentence"] >= 0.5]
        return tuple(sorted(near, key=lambda c: -c.score)[:k])


def _same_measure(a: Candidate, b: Candidate) -> bool:
    fa, fb = a.evidence.figure, b.evidence.figure
    return norm_unit(fa.unit) == norm_unit(fb.unit) and norm_unit(fa.label).split()[:2] == norm_unit(fb.label).split()[:2]


def choose(passing: Sequence[Candidate], period: Period | None) -> tuple[Candidate, list[Candidate]]:
    """The answer among the passing candidates (best score first) and the candidates its confidence
    weighs it against: with no period asked, the newest of those measuring the same thing, and the
    same measure in older reports is superseded, not a rival value."""
    if period:
        return passing[0], list(passing)
    equals = _equals(passing, passing[0])
    best = max(equals, key=lambda c: (c.evidence.doc.date or "", c.score))
    return best, [c for c in passing if c is best or not any(c is e for e in equals)]


def _equals(passing: Sequence[Candidate], best: Candidate) -> list[Candidate]:
    """The candidates scoring near the best that measure the same thing."""
    return [c for c in passing if c.score >= best.score - LATEST_MARGIN and _same_measure(c, best)]


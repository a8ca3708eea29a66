"""Answering the asks of one question within one scope: figures, sentences, directives, abstention.

Shared by the answerer and the operators (several communes, several periods, who signed or
received a report): each ask is answered from the figures table (knowledge.qa.figures), a
sentence of the passages retrieval ranks first (knowledge.qa.sentences), the section a topic or
report part names, or the citations (knowledge.qa.directives). The asks answered above their
calibrated confidence are answered, the others said to be missing; none answered: an abstention
that says what the documents do have.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence

from sqlite_utils import Database

from ingest.text.normal import fold
from ingest.text.numbers import vn_number
from ingest.text.periods import Period
from ingest.text.sentences import sentences
from knowledge.directives.phrasing import DirectiveFacts, directive_phrase
from knowledge.qa import checks, confidence, render
from knowledge.qa.directives import (
    DirectiveHit,
    answer_directive,
    candidate_citations,
    titled,
)
from knowledge.qa.figures import Candidate, FigureEngine
from knowledge.qa.lexicon import REPORT_PARTS
from knowledge.qa.question import Ask, Question
from knowledge.qa.render import NOT_FOUND, Answer, Source
from knowledge.qa.sentences import (
    SentenceHit,
    part_not_said,
    score_sentences,
    time_fit,
    value_required,
)
from knowledge.qa.terms import content_terms
from knowledge.search.retrieval import Hit, Retriever
from knowledge.store import reads
from knowledge.store.records import DocumentRecord

SEARCH_K = 12  # passages read per question
MIN_CLAUSE_WORDS = 5  # a figure's clause this long says what it measures; a shorter one needs its sentence
TOPIC_COVERAGE = 0.8  # share of a topic's terms its section heading must name
_TOPIC = re.compile(r"^\s*(?:tinh hinh|ket qua|cong tac|thuc trang|hoat dong)\b")
_PLANS = re.compile(r"\b(phuong huong|nhiem vu,? giai phap|nhiem vu trong tam|muc tieu)\b")
SENTENCE_PASSAGES = 12  # retrieved passages whose sentences are read
HEADING_VALUES = ("ordinal", "range", "year")  # values a section heading may state
PART_COVERAGE = 0.6  # share of the rest of a question naming a report part its section must hold
_PART_FAMILY = {name: family for family, names in REPORT_PARTS.items() for name in names}
_PARTS = re.compile(rf"\b({'|'.join(_PART_FAMILY)})\b")
_NOT_PARTS = re.compile(r"\b(?:thuc hien|ket qua|chuc nang,?)\s+(?:cac\s+)?nhiem vu\b")
TITLED_MAX = 4  # reports named by their titles' documents; more is no answer to "which one"
PART_MISSING = "phần còn lại của câu hỏi không tìm thấy trong các tài liệu đã nạp"


class AskAnswerer:
    def __init__(self, db: Database, retriever: Retriever, models: confidence.Models | None = None) -> None:
        self.db = db
        self.retriever = retriever
        self.models = models or confidence.load()
        self.figures = FigureEngine(db, retriever.lexical.idf, self.models)

    def use(self, models: confidence.Models) -> None:
        """Answer with these fitted models (bench/fit_confidence.py scores held-out folds this way)."""
        self.models = models
        self.figures.models = models

    # ----------------------------------------------------------------- sources

    def source(self, doc: DocumentRecord, section_path: Sequence[str] | str | None, quote: str) -> Source:
        if isinstance(section_path, str):
            section_path = json.loads(section_path) if section_path.startswith("[") else [section_path]
        return Source(doc.id, doc.file, doc.title, doc.number, doc.date, " > ".join(section_path or ()), quote)

    def hit_source(self, hit: Hit) -> Source:
        doc = reads.document(self.db, hit.doc_id)
        return self.source(doc, hit.context, hit.text)

    def figure_source(self, c: Candidate) -> Source:
        f = c.evidence.figure
        quote = f.paragraph_text if not f.in_table and len(f.paragraph_text) <= 500 else c.evidence.sentence
        return self.source(c.evidence.doc, f.section_path, quote)

    def figure_sources(self, c: Candidate) -> list[Source]:
        """The sources of a figure, or of each part of a sum."""
        return [self.figure_source(p) for p in c.parts or (c,)]

    def documents_in(self, scope) -> dict[str, DocumentRecord]:
        """The documents of a scope (every document when None), by id."""
        ids = scope if scope is not None else [r[0] for r in self.db.execute("SELECT id FROM documents")]
        return reads.documents_by_id(self.db, ids)

    def search(self, q: Question, scope) -> list[Hit]:
        return self.retriever.search(q.text, k=SEARCH_K, doc_ids=scope)

    def abstain(self, q: Question, hits: Sequence[Hit], have: Sequence[str] = (), sources: Sequence[Source] = (),
                reason: str = "") -> Answer:
        nearest = [] if have else [self.hit_source(h) for h in hits[:2]]
        first = NOT_FOUND if not reason else f"{NOT_FOUND[:-1]} ({reason})."
        return Answer(q.text, q.intent, render.compose([first], list(sources), list(have), nearest), True,
                      tuple(sources) or tuple(nearest))

    # ----------------------------------------------------------------- asks

    def answer_asks(self, q: Question, scope, name_commune: bool = False, asks: Sequence[Ask] | None = None,
                    period: Period | None = None) -> Answer:
        """Every ask of the question answered (figures, sentences); a figure not found: an abstention
        showing what was; a sentence not found: that part said to be missing."""
        hits = self.search(q, scope)
        asks = list(asks if asks is not None else q.asks)
        figures = iter(self.figures.answer(q, scope, hits, period=period, asks=asks))
        lines: list[str] = []
        sources: list[Source] = []
        confidences: list[float] = []
        have: list[str] = []
        near: list[Source] = []
        missing = missing_figures = 0
        for ask in asks:
            if ask.kind in ("count", "percent"):
                found = next(figures)
                if found.best is None or found.confidence < self.models.figure_answer.threshold:
                    none = self.best_sentence(ask, hits, period or q.period) if ask.kind == "count" else None
                    if none is not None and none[0].value:  # no figure, and a sentence says there is none
                        lines.append(f"Không có (0) — {none[0].quote}")
                        sources.append(self.hit_source(none[0].hit))
                        confidences.append(none[1])
                        continue
                    missing_figures += 1
                    have += [self.figure_text(c, c.evidence.doc.commune) for c in found.near]
                    near += [self.figure_source(c) for c in found.near]
                    continue
                lines.append(self.figure_text(found.best, found.best.evidence.doc.commune if name_commune else None))
                sources += self.figure_sources(found.best)
                confidences.append(found.confidence)
            else:
                when = period if period is not None else q.period
                current = self.of_period(hits, when)
                section = self.topic_section(ask, current)
                if section is not None:  # "tình hình kinh tế - xã hội?": the section on it, opened
                    lines.append(section[0])
                    sources.append(self.hit_source(section[1]))
                    confidences.append(1.0)
                    continue
                bare_part = _parts_named(ask.words) and not content_terms(_PARTS.sub(" ", ask.words))
                picked = None if bare_part else self.sentences_answering(ask, hits, when)  # "nhiệm vụ 6 tháng cuối năm?"
                part = self.part_section(ask, current) if picked is None else None
                if part is not None:  # "những tồn tại, hạn chế về cải cách hành chính?": that section
                    lines.append(part[0])
                    sources.append(self.hit_source(part[1]))
                    confidences.append(1.0)
                    continue
                if picked is None:
                    missing += 1
                    continue
                said, p = picked
                sentence = said[0]
                line = " ".join([f"{sentence.value} — {sentence.quote}" if sentence.value else sentence.quote,
                                 *(s.quote.lstrip("-+•* ") for s in said[1:])])
                if line not in lines:
                    lines.append(line)
                sources += [self.hit_source(s.hit) for s in said]
                confidences.append(p)
        if missing_figures and lines:  # a figure missing: half an answer is none, what was found is shown
            return self.abstain(q, hits, [*lines, *have], render.unique([*sources, *near]),
                                reason="chỉ tìm thấy một phần của câu hỏi")
        if not lines:
            return self.abstain(q, hits, have, render.unique(near), reason="không có số liệu đúng như câu hỏi"
                                if have else "")
        if missing:  # a sentence part ("ai làm trưởng ban") not found: said so after the figures
            lines.append(PART_MISSING)
        sources = render.unique(sources)
        return Answer(q.text, q.intent, render.compose(["; ".join(lines)], sources), False, tuple(sources),
                      min(confidences, default=0.0))

    def best_sentence(self, ask: Ask, hits: Sequence[Hit], period: Period | None = None
                      ) -> tuple[SentenceHit, float] | None:
        """The sentence answering the ask and its confidence, or None below the threshold."""
        found = self.sentences_answering(ask, hits, period)
        return (found[0][0], found[1]) if found else None

    def sentences_answering(self, ask: Ask, hits: Sequence[Hit], period: Period | None = None
                            ) -> tuple[list[SentenceHit], float] | None:
        """The best sentence, with the other bullets of the report part asked that score nearly as
        well ("vì sao ...": each cause the report gives), and its confidence; None below the threshold."""
        scored = self.scored_sentences(ask, hits, period)
        if not scored:
            return None
        best, p = pick_sentence(self.models, scored)
        if p < self.models.sentence_answer.threshold:
            return None
        return [best, *co_answers(self.models.sentence, scored, best)], p

    def scored_sentences(self, ask: Ask, hits: Sequence[Hit], period: Period | None) -> list[SentenceHit]:
        """Every sentence of the retrieved passages scored for the ask, but those speaking of
        another period than the one asked; for a value a heading may state ("giai đoạn nào",
        "nhiệm kỳ nào"), the section headings of their reports too."""
        pool = list(hits[:SENTENCE_PASSAGES])
        if ask.kind in HEADING_VALUES:
            pool += [Hit(f"{s.doc_id}#{s.idx}", s.doc_id, s.idx, "heading", s.heading, " > ".join(s.path[:-1]),
                         0.0, 0.0, 0.0) for doc_id in dict.fromkeys(h.doc_id for h in pool)
                     for s in reads.sections(self.db, doc_id)]
        docs = reads.documents_by_id(self.db, {h.doc_id for h in pool})
        scored = score_sentences(ask, pool, self.retriever.lexical.idf, period=period, docs=docs)
        # another period or qualifier than asked: a near miss; "ai", "khi nào", "mức độ mấy": a sentence
        # naming nobody, no date, no level is no answer
        return [s for s in scored if s.features["time_fit"] >= 0 and (not value_required(ask) or s.features["kind_fit"])
                and not checks.sentence_qualifier_failure(ask, s.sentence, s.hit.context, s.value)
                and not part_not_said(ask, s.sentence, s.hit.context)]

    def of_period(self, hits: Sequence[Hit], period: Period | None) -> list[Hit]:
        """The hits but those whose headings or report speak of another period than the one asked
        ("nhiệm vụ quý II" is not answered by "NHIỆM VỤ 6 THÁNG CUỐI NĂM")."""
        if period is None:
            return list(hits)
        docs = reads.documents_by_id(self.db, {h.doc_id for h in hits})
        return [h for h in hits if time_fit(period, "", h.context, docs.get(h.doc_id)) >= 0]

    def topic_section(self, ask: Ask, hits: Sequence[Hit]) -> tuple[str, Hit] | None:
        """For a question naming a topic ("tình hình kinh tế - xã hội", "kết quả chuyển đổi số"),
        the retrieved passage whose own heading names it, as "heading: its opening sentences"."""
        topic = _TOPIC.match(ask.words)
        wanted = content_terms(ask.words[topic.end():]) if topic else frozenset()
        if not wanted:
            return None
        for hit in hits:
            heading = hit.context.rsplit(" > ", 1)[-1].rstrip(" :")
            if _PLANS.search(fold(hit.context)):
                continue  # the tasks ahead are no account of how things stand
            if len(wanted & content_terms(heading)) >= TOPIC_COVERAGE * len(wanted):
                opening = " ".join(sentences(hit.text)[:2])[:render.MAX_OPENING]
                return f"{heading}: {opening}", hit
        return None

    def part_section(self, ask: Ask, hits: Sequence[Hit]) -> tuple[str, Hit] | None:
        """For a question naming a part of a report ("tồn tại, hạn chế", "kiến nghị", "nhiệm vụ
        ... về chuyển đổi số") no sentence answers: from the retrieved passages under a heading
        naming that part whose headings and text hold most of the rest of the question, the
        heading and the line holding most of that rest (the section's opening when nothing is
        asked beyond the part)."""
        parts = _parts_named(ask.words)
        if not parts or ask.kind not in ("text", "list"):
            return None
        rest = content_terms(_PARTS.sub(" ", ask.words))
        best: tuple[tuple[int, bool], str, Hit] | None = None
        for hit in hits:
            if not parts & _parts_named(fold(hit.context)):
                continue
            if len(rest & content_terms(f"{hit.context} {hit.text}")) < PART_COVERAGE * len(rest):
                continue
            own = bool(parts & _parts_named(fold(hit.context.rsplit(" > ", 1)[-1])))  # the part's section itself
            lines = [line for line in hit.text.split("\n") if line.strip()] if rest else [hit.text]
            for line in lines:
                held = (len(rest & content_terms(f"{hit.context} {line}")), own)
                if best is None or held > best[0]:
                    best = (held, line, hit)
        if best is None:
            return None
        _, line, hit = best
        heading = hit.context.rsplit(" > ", 1)[-1].rstrip(" :")
        return f"{heading}: {line[:render.MAX_OPENING]}", hit

    def figure_text(self, c: Candidate, commune: str | None) -> str:
        """The figure's answer line: what the report says of it (its sentence when short, else its
        clause; a table cell's headers), its period, its report; a sum, its parts and their groups."""
        ev = c.evidence
        f = ev.figure
        if c.parts:  # "10 người — tổng 07 cán bộ + 03 công chức (năm 2022, ...)"
            parts = " + ".join(f"{p.evidence.figure.raw} {checks.group_name(p.ask, p.evidence)}" for p in c.parts)
            return render.figure_line(vn_number(c.value), f.unit, f"tổng {parts}", ev.period, ev.doc, commune)
        full = len(ev.clause.split()) >= MIN_CLAUSE_WORDS or len(ev.sentence) > render.MAX_CLAUSE
        said = f.label if f.in_table else ev.clause if full else ev.sentence
        return render.figure_line(f.raw, f.unit, said, ev.period, ev.doc, commune)

    # ----------------------------------------------------------------- directives

    def directive(self, q: Question, scope, allowed_scope=None) -> Answer:
        hits = answer_directive(q, candidate_citations(self.db, q, scope))
        if not hits and scope != allowed_scope and q.symbols:  # a named directive cited by another visible report
            hits = answer_directive(q, candidate_citations(self.db, q, allowed_scope))
        if not hits:
            return self._titled(q, scope) or self.abstain(q, self.search(q, scope))
        chosen = _plural(hits) if PLURAL.search(q.folded) else hits[:1]
        docs = reads.documents_by_id(self.db, {h.citation["doc_id"] for h in chosen + hits[:3]})
        sources = render.unique([self.source(docs[h.citation["doc_id"]], h.citation["section_path"], h.sentence)
                                 for h in chosen + hits[:3]])
        line = "; ".join(directive_phrase(DirectiveFacts.of(h.citation)) for h in chosen) + "."
        rest = [a for a in q.asks if a.kind != "directive"]
        if rest:  # "căn cứ quyết định nào, tuyển ai?": the rest from the citing report's sentences
            near = self.search(q, [hits[0].citation["doc_id"]])
            picked = [self.best_sentence(a, near) for a in rest]
            said = [p[0].quote for p in picked if p is not None] or [hits[0].sentence]
            line += " — " + "; ".join(f"«{s}»" for s in dict.fromkeys(said))
        text = render.compose([line], sources[:max(2, len(chosen))])
        return Answer(q.text, q.intent, text, False, tuple(sources[:max(2, len(chosen))]), hits[0].score)

    def _titled(self, q: Question, scope) -> Answer | None:
        """ "Xã đang triển khai đề án nào": the document a report in scope is itself about, by its title."""
        found = titled(q, list(self.documents_in(scope).values()),
                       lambda doc_id: fold(" ".join(p.text for p in reads.paragraphs(self.db, doc_id))))
        if not found or len(found) > TITLED_MAX:
            return None
        sources = [self.source(doc, "trích yếu", name) for doc, name in found]
        line = "; ".join(f"{name} (trích yếu {doc.short_label})" for doc, name in found) + "."
        return Answer(q.text, q.intent, render.compose([line], sources), False, tuple(sources), 1.0)


def _parts_named(folded: str) -> set[str]:
    """The report parts a folded text names ("kết quả thực hiện nhiệm vụ" names none)."""
    return {_PART_FAMILY[p] for p in _PARTS.findall(_NOT_PARTS.sub(" ", folded))}


def pick_sentence(models: confidence.Models, scored: Sequence[SentenceHit]) -> tuple[SentenceHit, float]:
    """The best-scored sentence, with its confidence."""
    best, features = best_sentence_features(models.sentence, scored)
    return best, models.sentence_confidence(features)


def best_sentence_features(ranker: confidence.Linear, scored: Sequence[SentenceHit]) -> tuple[SentenceHit, dict]:
    """The best sentence by the ranker and its answer features: its score, its margin over the
    best of the other paragraphs, whether that one states the same value."""
    ranked = sorted(scored, key=lambda s: (-ranker.z(s.features), s.rank))
    best = ranked[0]
    other = next((s for s in ranked if s.line != best.line), None)
    margin = ranker.z(best.features) - ranker.z(other.features) if other else 3.0
    agree = bool(best.value) and other is not None and _same_value(best.value, other.value)
    return best, confidence.sentence_answer_features(ranker.z(best.features), margin, agree)


CO_ANSWER_MARGIN = 1.0  # ranker score below the best's at which another bullet of the part asked still answers
CO_ANSWERS = 2  # such bullets added at most


def co_answers(ranker: confidence.Linear, scored: Sequence[SentenceHit], best: SentenceHit) -> list[SentenceHit]:
    """Other bullets of the report part asked, in the best one's report, scoring nearly as well."""
    if best.features.get("report_part") != 1.0:
        return []
    floor = ranker.z(best.features) - CO_ANSWER_MARGIN
    out: list[SentenceHit] = []
    for s in sorted(scored, key=lambda s: -ranker.z(s.features)):
        if (s.line != best.line and s.hit.doc_id == best.hit.doc_id and s.features.get("report_part") == 1.0
                and ranker.z(s.features) >= floor and all(s.line != o.line for o in out)):
            out.append(s)
    return out[:CO_ANSWERS]


def _same_value(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a).lower() == re.sub(r"\s+", "", b).lower()


PLURAL = re.compile(r"\b(nhung|cac)\b(?:\s+\w+){0,3}\s+nao\b")
PLURAL_MARGIN = 0.15  # directives scoring this close to the best are listed when several are asked


def _plural(hits: Sequence[DirectiveHit]) -> list[DirectiveHit]:
    """ "những nghị quyết nào": the best hit, the directives of its kind cited in the same sentence
    ("Nghị quyết số 57, 59, ... và 72-NQ/TW"), and those scoring nearly as well."""
    best = hits[0]
    keep = [h for h in hits if h.sentence == best.sentence and h.citation["kind"] == best.citation["kind"]
            or h.score >= best.score - PLURAL_MARGIN]
    seen, out = set(), []
    for h in keep:
        key = h.citation["key"]
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out[:8]

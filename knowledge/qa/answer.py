"""The answerer: a question in, a short Vietnamese answer with its sources out, or a plain 'not found'.

Figures come from the figures table, directives from the citations table, everything else
from hybrid passage retrieval. Every answer carries sources (document, section, quote);
when the evidence is weak the answer abstains and shows the nearest passages instead.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from sqlite_utils import Database

from ingest.text.terms import Idf, terms
from knowledge.directives.lookup import lookup
from knowledge.qa.directives import DirectiveHit, answer_directive, candidate_citations
from knowledge.qa.figures import (
    FigureHit,
    answer_figures,
    candidate_figures,
    figure_quote,
)
from knowledge.qa.question import Ask, Question, analyse
from knowledge.search.retrieval import Hit, Retriever, document_ids

log = logging.getLogger(__name__)

NOT_FOUND = "Không tìm thấy thông tin này trong các tài liệu đã nạp."
PASSAGE_MIN_COVERAGE = 0.45  # calibrated on the dev set: share of question terms the best passage holds
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n")


@dataclass(frozen=True)
class Source:
    doc_id: str
    file: str
    title: str | None
    number: str | None
    date: str | None
    section: str
    quote: str


@dataclass(frozen=True)
class Answer:
    question: str
    intent: str
    text: str
    abstained: bool
    sources: tuple[Source, ...]

    @property
    def lead(self) -> str:
        """The answer itself, without the source lines that follow it."""
        return self.text.split("\nNguồn:")[0].split("\nCác đoạn gần nhất:")[0]

    def as_dict(self) -> dict:
        return {"question": self.question, "intent": self.intent, "answer": self.text,
                "abstained": self.abstained, "sources": [asdict(s) for s in self.sources]}


def format_number(value: float) -> str:
    """Vietnamese notation: 34523 -> '34.523', 26.64 -> '26,64'."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, frac = f"{value:.2f}".rstrip("0").split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def format_date(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{int(d)}/{int(m)}/{y}"


class Answerer:
    def __init__(self, db: Database, retriever: Retriever, rewrite: Callable[[Answer], Answer] | None = None) -> None:
        self.db = db
        self.retriever = retriever
        self.rewrite = rewrite  # the optional LLM layer (knowledge.qa.llm.Rewriter)

    def communes(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT commune FROM documents WHERE commune IS NOT NULL ORDER BY commune")]

    def ask(self, text: str, allowed_communes: Sequence[str] | None = None) -> Answer:
        """Answer `text` from the documents of `allowed_communes` (all documents when None)."""
        answer = self._extractive(text, allowed_communes)
        return self.rewrite(answer) if self.rewrite else answer

    def _extractive(self, text: str, allowed_communes: Sequence[str] | None) -> Answer:
        known = self.communes() if allowed_communes is None else list(allowed_communes)
        q = analyse(text, known)
        scope_communes = list(q.communes) or (None if allowed_communes is None else list(allowed_communes))
        scope = document_ids(self.db, communes=scope_communes)
        own = self._own_text(q, allowed_communes)
        if own and q.intent in ("figure", "passage"):  # about a directive whose own text is stored
            return self._figure(q, [own]) if q.intent == "figure" else self._passage(q, [own])
        if q.intent == "compare":
            return self._compare(q, allowed_communes)
        if q.intent == "figure":
            return self._figure(q, scope, name_commune=not q.communes and len(known) > 1)
        if q.intent == "directive":
            allowed_scope = None if allowed_communes is None else document_ids(self.db, communes=list(allowed_communes))
            return self._directive(q, scope, allowed_scope)
        return self._passage(q, scope)

    def _own_text(self, q: Question, allowed_communes: Sequence[str] | None) -> str | None:
        """The stored document that is the directive the question names, if any (and visible)."""
        for symbol in q.symbols:
            entries = lookup(self.db, symbol, communes=allowed_communes)
            if len(entries) == 1 and entries[0].get("doc_id"):
                return entries[0]["doc_id"]
        return None

    # ----------------------------------------------------------------- sources

    def _source(self, doc_id: str, section_path: str | None, quote: str) -> Source:
        row = self.db.execute_returning_dicts(
            "SELECT file, title, number, date FROM documents WHERE id = ?", [doc_id])[0]
        path = " > ".join(json.loads(section_path)) if section_path and section_path.startswith("[") else (section_path or "")
        return Source(doc_id, row["file"], row["title"], row["number"], row["date"], path, quote)

    def _passage_sources(self, hits: Sequence[Hit]) -> list[Source]:
        return [self._source(h.doc_id, h.context, h.text) for h in hits]

    def _with_nearest(self, q: Question, scope, sources: list[Source], k: int = 5) -> tuple[Source, ...]:
        """Pad the sources with the nearest passages, up to k, skipping quotes already shown."""
        seen = {s.quote for s in sources}
        for s in self._passage_sources(self.retriever.search(q.text, k=k, doc_ids=scope)):
            if len(sources) >= k:
                break
            if not any(s.quote in t or t in s.quote for t in seen):
                sources.append(s)
                seen.add(s.quote)
        return tuple(sources)

    def _abstain(self, q: Question, scope) -> Answer:
        sources = self._with_nearest(q, scope, [])
        text = NOT_FOUND
        if sources:
            text += "\nCác đoạn gần nhất:\n" + "\n".join(f"- {_cite(s)}" for s in sources[:3])
        return Answer(q.text, q.intent, text, True, sources)

    # ----------------------------------------------------------------- figures

    def _figure(self, q: Question, scope, name_commune: bool = False) -> Answer:
        """`name_commune`: the question named no commune and several are in reach: say whose figure it is."""
        hits = answer_figures(q, candidate_figures(self.db, q, scope))
        if not hits:
            return self._abstain(q, scope)
        sources = [self._source(h.figure["doc_id"], h.figure["section_path"], figure_quote(h.figure)) for h in hits]
        lead = "; ".join(_figure_phrase(h) + (f" — xã {h.figure['commune']}" if name_commune and h.figure["commune"] else "")
                         for h in hits)
        text = lead + "\n" + "\n".join(f"Nguồn: {_cite(s)}" for s in _unique(sources))
        return Answer(q.text, q.intent, text, False, self._with_nearest(q, scope, _unique(sources)))

    def _compare(self, q: Question, allowed: Sequence[str] | None) -> Answer:
        asks = (Ask(unit=q.asks[0].unit if q.asks else "", measure=_compare_measure(q)),)
        per_commune = []
        for commune in q.communes[:2]:
            scope = document_ids(self.db, communes=[commune])
            one = Question(q.text, q.folded, "figure", (commune,), q.symbols, asks[:1], q.years, q.content)
            hits = answer_figures(one, candidate_figures(self.db, one, scope))
            if not hits:
                return self._abstain(q, document_ids(self.db, communes=list(q.communes)))
            per_commune.append((commune, hits[0]))
        (a, ha), (b, hb) = per_commune
        va, vb = ha.figure["value"], hb.figure["value"]
        adjective = _comparative(q)
        if va == vb:
            verdict = f"Hai xã bằng nhau: {_figure_phrase(ha)}."
        else:
            (win, hw), (lose, hl) = ((a, ha), (b, hb)) if va > vb else ((b, hb), (a, ha))
            diff = abs(va - vb)
            verdict = (f"{win} {adjective}: {_figure_phrase(hw)}, so với {_figure_phrase(hl)} của {lose} "
                       f"(chênh {format_number(diff)}).")
        sources = [self._source(h.figure["doc_id"], h.figure["section_path"], figure_quote(h.figure)) for _, h in per_commune]
        text = verdict + "\n" + "\n".join(f"Nguồn: {_cite(s)}" for s in sources)
        return Answer(q.text, q.intent, text, False, tuple(sources))

    # ----------------------------------------------------------------- directives

    def _directive(self, q: Question, scope, allowed_scope) -> Answer:
        hits = answer_directive(q, candidate_citations(self.db, q, scope))
        if not hits and scope != allowed_scope and q.symbols:  # a named directive cited by another visible report
            hits = answer_directive(q, candidate_citations(self.db, q, allowed_scope))
        if not hits:
            return self._abstain(q, scope)
        best = hits[0]
        sources = _unique([self._source(h.citation["doc_id"], h.citation["section_path"], h.sentence) for h in hits[:3]])
        text = _directive_phrase(best) + "\n" + "\n".join(f"Nguồn: {_cite(s)}" for s in sources[:2])
        return Answer(q.text, q.intent, text, False, self._with_nearest(q, scope, sources))

    # ----------------------------------------------------------------- passages

    def _passage(self, q: Question, scope) -> Answer:
        hits = self.retriever.search(q.text, k=5, doc_ids=scope)
        if not hits:
            return self._abstain(q, scope)
        wanted = terms(q.content)
        idf = Idf(terms(h.text) for h in hits)
        coverage = max(idf.coverage(wanted, terms(f"{h.context} {h.text}")) for h in hits)
        if coverage < PASSAGE_MIN_COVERAGE:
            return self._abstain(q, scope)
        # the sentence that says most of what is asked, from any of the top passages (rank breaks ties)
        candidates = [(rank, hit, i, sentence) for rank, hit in enumerate(hits)
                      for i, sentence in enumerate(s.strip() for s in _SENTENCE.split(hit.text)) if len(sentence) > 15]
        rank, best, i, sentence = max(candidates, key=lambda c: (idf.coverage(wanted, terms(c[3])), -c[0]))
        following = [s.strip() for s in _SENTENCE.split(best.text) if len(s.strip()) > 15]
        lead = " ".join(following[i:i + 2]) if idf.coverage(wanted, terms(sentence)) < 0.5 else sentence
        sources = self._passage_sources([best] + [h for h in hits if h is not best])
        text = lead + "\n" + f"Nguồn: {_cite(sources[0], quote=False)}"
        return Answer(q.text, q.intent, text, False, tuple(sources))


def _unique(sources: Sequence[Source]) -> list[Source]:
    seen, out = set(), []
    for s in sources:
        if (s.doc_id, s.quote) not in seen:
            seen.add((s.doc_id, s.quote))
            out.append(s)
    return out


def _cite(s: Source, quote: bool = True) -> str:
    title = f"«{s.title}»" if s.title else s.file
    number = f" số {s.number}" if s.number else ""
    date = f" ngày {format_date(s.date)}" if s.date else ""
    section = f", mục {s.section}" if s.section else ""
    said = f": “{s.quote}”" if quote else ""
    return f"{title}{number}{date} ({s.file}){section}{said}"


def _figure_phrase(hit: FigureHit) -> str:
    f = hit.figure
    unit = f" {f['unit']}" if f["unit"] else ""
    label = f["label"] if f["start"] < 0 else ""
    return f"{f['raw']}{unit}" + (f" ({label})" if label else "")


def _directive_phrase(hit: DirectiveHit) -> str:
    c = hit.citation
    parts = [f"{c['kind']} số {c['symbol'] or c['number']}"]
    if c["date"]:
        parts.append(f"ngày {format_date(c['date'])}")
    elif c["date_text"]:
        parts.append(f"ngày {c['date_text']} (ghi như trong văn bản)")
    if c["issuer"]:
        parts.append(f"của {c['issuer']}")
    if c["subject"]:
        parts.append(f"về {c['subject']}")
    return " ".join(parts) + "."


_COMPARATIVES = {"rong": "rộng hơn", "dong": "đông hơn", "nhieu": "nhiều hơn", "cao": "cao hơn", "lon": "lớn hơn"}


def _comparative(q: Question) -> str:
    m = re.search(r"\b(\w+) hon\b", q.folded)
    return _COMPARATIVES.get(m.group(1), f"{m.group(1)} hơn") if m else "nhiều hơn"


def _compare_measure(q: Question) -> str:
    """What two communes are compared on, when no 'bao nhiêu' says it: "xã nào rộng hơn" -> the area."""
    m = re.search(r"\b(rong|dong)\s+hon\b", q.folded)
    if m:
        return {"rong": "dien tich", "dong": "dan so"}[m.group(1)]
    text = re.sub(r"\bxa nao\b.*$", "", q.content)
    return re.sub(r"\b(va|o|cua|tai)\b|[,?]", " ", text).strip()

"""Answers built from several answers: across communes, across periods, and from closing blocks.

- multi: each commune named (or every commune in reach, for "xã nào ... nhất") answered on its
  own; for a count, the verdict of the comparison asked (more, less, most, least, difference);
  for dates or periods, which comes first. Every commune's own figure or sentence is shown.
- change: how much a measure rose or fell: its figure at the period asked (or the earlier
  report) and its latest figure, both shown.
A commune whose part is not found makes the whole answer an abstention: half a comparison is
not an answer.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ingest.text.normal import fold
from ingest.text.numbers import vn_number
from ingest.text.periods import Period, periods_in
from ingest.text.sentences import sentences
from knowledge.qa import checks, matching, render, reports
from knowledge.qa.asks import AskAnswerer
from knowledge.qa.figures import Candidate
from knowledge.qa.question import (
    Ask,
    Question,
    analyse,
    directive_asks,
    single_intent,
)
from knowledge.qa.render import Answer
from knowledge.qa.terms import content_terms
from knowledge.search.retrieval import document_ids

# What a comparative adjective asks about: (measure words, counted noun).
_ADJECTIVES = {"rong": ("dien tich", "km2"), "hep": ("dien tich", "km2"), "dong": ("dan so", "nguoi")}
_VERDICT = {"more": "nhiều hơn", "less": "ít hơn", "most": "nhiều nhất", "least": "ít nhất"}
_ADJ_VERDICT = {"rong": ("rộng hơn", "rộng nhất"), "dong": ("đông hơn", "đông nhất"), "cao": ("cao hơn", "cao nhất"),
                "lon": ("lớn hơn", "lớn nhất"), "som": ("sớm hơn", "sớm nhất")}


def answer(engine: AskAnswerer, q: Question, scope, reach: Sequence[str]) -> Answer:
    if q.intent == "multi":
        return _multi(engine, q, reach)
    return _change(engine, q, scope)


# ----------------------------------------------------------------- across communes

def _commune_periods(q: Question, communes: Sequence[str]) -> dict[str, Period | None]:
    """The period each commune is asked about: the one written after its name, else the question's."""
    folded = q.folded
    spots = sorted((folded.find(fold(c)), c) for c in communes)
    out = {}
    for i, (at, c) in enumerate(spots):
        end = spots[i + 1][0] if i + 1 < len(spots) else len(folded)
        own = periods_in(folded[at:end], bare_years=True) if at >= 0 else []
        out[c] = own[0] if own and len(q.periods) > 1 else q.period
    return out


def _measure_ask(q: Question) -> Ask | None:
    """A count ask for a comparison asked without "bao nhiêu": "xã nào rộng hơn" -> the area."""
    m = re.search(r"\b(\w+) (hon|nhat)\b", q.content)
    if not m:
        return None
    word = m.group(1)
    if word in _ADJECTIVES:
        measure, unit = _ADJECTIVES[word]
        return Ask("count", unit, measure, content_terms(measure))
    noun = (re.search(r"\b(?:nhieu|it|dong) (\w+(?: \w+)?) (?:hon|nhat)\b", q.content)
            or re.search(r"^\s*(?:tong so|so luong|so) (\w+)", q.content))  # "số TTHC ..., xã nào nhiều hơn"
    words = re.sub(r"\b(xa|noi|ben|nao|hon|nhat|nhieu|it|dong|co|voi|va)\b", " ", q.content)
    return Ask("count", noun.group(1) if noun else "", words, content_terms(words))


_MENTION = re.compile(r"\b(?:bao cao|van ban|xa|noi) nao\b(?: \w+){0,2}? (?:co )?(?:nhac|de cap|noi|neu)"
                      r"(?: (?:den|toi|ve))? (?P<what>.+?)(?: khong)?\s*\??$")


def _multi(engine: AskAnswerer, q: Question, reach: Sequence[str]) -> Answer:
    communes = list(q.communes) or list(reach)
    asked = [s.strip() for s in re.split(r"(?<=\?)", q.text) if s.strip()]
    mention = next(((s, m) for s, m in ((s, _MENTION.search(fold(s))) for s in asked) if m), None)
    if mention is not None and len(asked) > 1:  # "..., báo cáo nào có nhắc đến máy scan?": that part apart
        s, m = mention  # fold keeps a written text's offsets: the phrase as the asker wrote it
        return _with_mentions(engine, q, communes, asked, s[m.start("what"):m.end("what")])
    periods = _commune_periods(q, communes)
    asks = [a for a in q.asks if a.kind in ("count", "percent")]
    if not asks and q.op in ("more", "less", "most", "least", "diff"):
        measure = _measure_ask(q)
        asks = [measure] if measure else []
    sub = single_intent(q.folded, q.symbols, q.asks)
    if asks and sub != "directive":
        return _compare_figures(engine, q, communes, periods, asks)
    parts, sources, confidences = [], [], []
    for commune in communes:
        scope = document_ids(engine.db, communes=[commune])
        one = _one(engine, q, scope, sub, periods[commune])
        confidences.append(one.confidence)
        if one.abstained:
            if q.op in ("most", "least"):
                continue
            return engine.abstain(q, [], reason=f"không tìm thấy phần của xã {commune}")
        parts.append(f"{commune}: {_with_quote(one)}")
        sources += list(one.sources[:1])
    if not parts:
        return engine.abstain(q, [])
    verdict = _order_verdict(q, parts)
    text = render.compose([(verdict + " " if verdict else "") + "; ".join(parts)], render.unique(sources))
    return Answer(q.text, q.intent, text, False, tuple(render.unique(sources)), min(confidences))


def _with_mentions(engine: AskAnswerer, q: Question, communes: Sequence[str], asked: Sequence[str],
                   what: str) -> Answer:
    """The rest of the question answered for each commune, then which communes' reports mention `what`."""
    rest = " ".join(s for s in asked if not _MENTION.search(fold(s)))
    first = _multi(engine, analyse(rest, engine.communes(), reach=communes), communes)
    said, sources = [], list(first.sources)
    for commune in communes:
        hits = engine.retriever.search(what, k=5, doc_ids=document_ids(engine.db, communes=[commune]))
        found = next(((h, s) for h in hits for s in sentences(h.text) if fold(what) in fold(s)), None)
        said.append(f"báo cáo của xã {commune} có («{found[1].strip()}»)" if found else
                    f"báo cáo của xã {commune} không nhắc đến")
        if found:
            sources.append(engine.hit_source(found[0]))
    verdict = f"Nhắc đến «{what}»: " + "; ".join(said) + "."
    sources = render.unique(sources)
    if first.abstained:  # half an answer is none: what the reports do say is shown beside it
        return engine.abstain(q, [], have=[verdict], sources=sources, reason="không tìm thấy phần đầu của câu hỏi")
    return Answer(q.text, q.intent, render.compose([f"{first.lead.strip().rstrip('.')}. {verdict}"], sources), False,
                  tuple(sources), first.confidence)


def _one(engine: AskAnswerer, q: Question, scope, intent: str, period: Period | None) -> Answer:
    """One commune's part of a multi-commune question."""
    if intent == "directive":
        which = tuple(a for a in directive_asks(q.asks) if a.kind == "directive")  # the rest compares
        found = engine.directive(replace(q, asks=which), scope, scope)
        return engine.answer_asks(q, scope, period=period) if found.abstained else found
    if intent in reports.INTENTS:
        return reports.answer(engine, replace(q, intent=intent), scope)
    return engine.answer_asks(q, scope, period=period)


def _with_quote(one: Answer) -> str:
    """A commune's part of a multi answer: its answer line, with the sentence it rests on."""
    line = one.lead.strip().rstrip(".")
    quote = one.sources[0].quote if one.sources else ""
    if quote and len(quote) <= 400 and fold(quote[:40]) not in fold(line):
        line += f" («{quote}»)"
    return line


def _order_verdict(q: Question, parts: Sequence[str]) -> str:
    """ "Đề án ở xã nào bắt đầu sớm hơn": the commune whose first period starts first."""
    if q.op not in ("more", "less", "most", "least") or not re.search(r"\b(som|muon|truoc|sau|moi)\b", q.folded):
        return ""
    starts = []
    for part in parts:
        name, _, rest = part.partition(": ")
        found = periods_in(re.sub(r"[“”\"‘’]", " ", rest), bare_years=True)  # a programme's "giai đoạn" too
        if found:
            starts.append((found[0].start, name))
    if len(starts) < 2:
        return ""
    late = bool(re.search(r"\b(muon|sau|moi)\b", q.folded))
    start, name = (max if late else min)(starts)
    others = ", ".join(dict.fromkeys(s[:4] for s, n in starts if n != name))
    return f"{name} {'muộn' if late else 'sớm'} hơn ({start[:4]} so với {others})."


def _compare_figures(engine: AskAnswerer, q: Question, communes, periods, asks: Sequence[Ask]) -> Answer:
    found: list[tuple[str, Candidate]] = []
    confidences = []
    for commune in communes:
        scope = document_ids(engine.db, communes=[commune])
        hits = engine.retriever.search(q.text, k=8, doc_ids=scope)
        answers = engine.figures.answer(q, scope, hits, period=periods[commune], asks=asks[:1])
        best = answers[0] if answers else None
        if best is None or best.best is None or best.confidence < engine.models.figure_answer.threshold:
            if q.op in ("most", "least") and not q.communes:
                continue
            return engine.abstain(q, hits, reason=f"không có số liệu của xã {commune}")
        found.append((commune, best.best))
        confidences.append(best.confidence)
    if len(found) < 2:
        return engine.abstain(q, [])
    lines = [f"{c}: {engine.figure_text(cand, None)}" for c, cand in found]
    sources = render.unique([s for _, cand in found for s in engine.figure_sources(cand)])
    if len({checks.is_rate(cand.evidence) for _, cand in found}) > 1:  # "15 chi bộ" is no match for "100%"
        return engine.abstain(q, [], have=lines, sources=sources, reason="các số liệu tìm được không cùng loại để so sánh")
    verdict = _verdict(q, found)
    text = render.compose([f"{verdict} " + "; ".join(lines)], sources)
    return Answer(q.text, q.intent, text, False, tuple(sources), min(confidences))


def _verdict(q: Question, found: Sequence[tuple[str, Candidate]]) -> str:
    values = [(cand.value, c) for c, cand in found]
    hi, lo = max(values), min(values)
    word = re.search(r"\b(\w+) (?:hon|nhat)\b", q.content)
    adjective = _ADJ_VERDICT.get(word.group(1)) if word else None
    units = {cand.evidence.figure.unit for _, cand in found}
    gap = vn_number(hi[0] - lo[0]) + (f" {units.pop()}" if len(units) == 1 and None not in units else "")
    if hi[0] == lo[0]:
        return "Bằng nhau."
    if q.op in ("most", "least"):
        value, name = hi if q.op == "most" else lo
        return f"{name} {adjective[1] if adjective and q.op == 'most' else _VERDICT[q.op]}."
    if q.op == "less":
        return f"{lo[1]} {_VERDICT['less']} (chênh {gap})."
    text = adjective[0] if adjective else _VERDICT["more"]
    return f"{hi[1]} {text} (chênh {gap})."


# ----------------------------------------------------------------- across periods

def _change(engine: AskAnswerer, q: Question, scope) -> Answer:
    """How much a measure changed: a change the report states itself ("tăng 886 tài khoản so với
    quý I"), else the pair of figures of one measure, the latest and the one of the period asked
    (else the one just before), whose scores add up best."""
    ask = next(a for a in q.asks if a.kind == "count")
    hits = engine.retriever.search(q.text, k=8, doc_ids=scope)
    stated = _stated_change(engine, q, ask, scope, hits)
    if stated is not None:
        return stated
    # of the measure itself: "số đảng viên" changes by its stock, not by those "kết nạp" each year
    candidates = [c for c in engine.figures.candidates(ask, scope, hits, None)
                  if not c.failed and c.features["cov_clause"] >= PAIR_CLAUSE_COVERAGE
                  and not c.features["unasked_subset"]]
    pair = _best_pair(candidates, q.period)
    if pair is None:
        return engine.abstain(q, hits, reason="không có hai số liệu của cùng chỉ tiêu ở hai thời điểm")
    now, before = pair
    # each figure against the other figures of the same measure in its own report: is it the one?
    confidence = min(engine.models.answer_confidence((c.value, c.score), [
        (o.value, o.score) for o in candidates if o.evidence.doc.id == c.evidence.doc.id and _alike(o, c)])
        for c in pair)
    if confidence < engine.models.figure_answer.threshold:
        return engine.abstain(q, hits)
    diff = now.value - before.value
    word = "tăng" if diff > 0 else "giảm" if diff < 0 else "không đổi"
    unit = now.evidence.figure.unit or ""
    head = f"{word.capitalize()} {vn_number(abs(diff))} {unit}".strip() if diff else "Không đổi"
    line = f"{head}: {engine.figure_text(now, None)} so với {engine.figure_text(before, None)}."
    sources = render.unique([engine.figure_source(now), engine.figure_source(before)])
    return Answer(q.text, q.intent, render.compose([line], sources), False, tuple(sources), confidence)


PAIR_CLAUSE_COVERAGE = 0.5  # a figure compared across periods says the measure in its own clause
_STATED_CHANGE = re.compile(r"\b(tăng|giảm)(?: thêm)?\s+[\d.,]+", re.IGNORECASE)  # as written: "giám sát" is no change


def _stated_change(engine: AskAnswerer, q: Question, ask: Ask, scope, hits) -> Answer | None:
    """A figure whose own clause states the change ("tăng 886 tài khoản so với quý I")."""
    stated = [c for c in engine.figures.candidates(ask, scope, hits, None)
              if not c.failed and _STATED_CHANGE.search(c.evidence.clause)]
    if not stated:
        return None
    found = engine.figures.decide(q, ask, stated, None)
    best = found.best
    if best is None or found.confidence < engine.models.figure_answer.threshold:
        return None
    line = engine.figure_text(best, None)
    source = engine.figure_source(best)
    return Answer(q.text, q.intent, render.compose([line], [source]), False, (source,), found.confidence)


def _when(c: Candidate) -> str:
    return c.evidence.period.end if c.evidence.period is not None else (c.evidence.doc.date or "")


def _best_pair(candidates: Sequence[Candidate], asked: Period | None) -> tuple[Candidate, Candidate] | None:
    """(now, before): of one measure (same unit, alike clauses), now the later; before fitting the
    period asked when one is; the pair with the best summed score."""
    best, best_score = None, float("-inf")
    for now in candidates:
        for before in candidates:
            if _when(before) >= _when(now) or not _alike(now, before):
                continue
            if asked is not None and (before.evidence.period is None or not checks.period_fits(asked, before.evidence.period)):
                continue
            score = now.score + before.score
            if score > best_score:
                best, best_score = (now, before), score
    return best


ALIKE = 0.4  # share of their clauses' words (besides the unit's) two figures of one measure have in common


def _alike(a: Candidate, b: Candidate) -> bool:
    """Two figures of one measure: the same unit, and clauses saying mostly the same other words."""
    unit = a.evidence.figure.unit or ""
    if unit != (b.evidence.figure.unit or ""):
        return False
    skip = matching.text_terms(unit)
    ta, tb = ({t for t in matching.text_terms(c.evidence.clause) - skip if " " not in t} for c in (a, b))
    return bool(ta | tb) and len(ta & tb) >= ALIKE * len(ta | tb)

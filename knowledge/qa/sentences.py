"""Asks answered by a sentence of the reports: what, which, when, which term or level, yes/no.

The passages retrieval ranks first are cut into sentences (one paragraph may hold several);
each is scored by how much of the ask it says (idf-weighted, with its heading as weaker
context), by its passage's rank, and by whether it holds what the ask's kind needs (a date
for "khi nào", "<noun> <number>" for "mức độ mấy", an enumeration for "gồm những gì"). The
best sentence is the answer, quoted whole; for a date, period or ordinal ask the value found
in it leads the answer line.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.text.normal import fold
from ingest.text.periods import Period, periods_in
from ingest.text.sentences import sentence_spans
from ingest.text.vocabulary import KINDS
from knowledge.qa import checks, matching
from knowledge.qa.lexicon import OTHER_PARTS, REPORT_PARTS, SURNAMES
from knowledge.qa.question import SYMBOL, Ask, asks_which_directive
from knowledge.search.retrieval import Hit
from knowledge.store.records import DocumentRecord

MAX_LINE = 400  # a paragraph line up to this long is quoted whole (a bullet item is one answer)
_ROMAN_OR_NUMBER = r"(?:[ivxlc]+|\d+(?:[.,]\d+)?(?:\s*(?:,|va|-|–|den)\s*\d+)*)\b"  # "3, 4", "2026-2031"
_PERIOD_KINDS = {"date": ("day", "point", "range"), "range": ("range",), "year": ("year", "day", "point")}
_ENUMERATION = re.compile(r"(?:[^,;]+,){2,}|:\s*\S")
_NAMED = re.compile(r"\b(\w+)\s+(?=(\w))")  # a noun before a proper name: "xã Phong Lạc"
_PLACES_ASKED = re.compile(r"\b(?:nhung|cac) (xa|thon|huyen|tinh|phuong) nao\b")
_NONE = r"\b(?:chua|khong)\s+(?:\w+\s+){{0,3}}{}\b"  # no/not yet, then the counted noun
# The parts of a report (knowledge.qa.lexicon): a question naming one ("khó khăn gì", "kiến nghị
# gì") is answered from the section of that name.
_PART = re.compile(rf"\b({'|'.join([*(n for names in REPORT_PARTS.values() for n in names), *OTHER_PARTS])})\b")
_NAME = r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*"
_PERSON = re.compile(rf"\b(?i:đồng chí|đ/c|ông|bà)\s+({_NAME}(?:\s+{_NAME}){{1,3}})"
                     rf"|(?<![\wÀ-ỹ])((?:{'|'.join(SURNAMES)})(?:\s+{_NAME}){{1,3}})(?![\wÀ-ỹ])")
MIN_LENGTH = 15  # a "sentence" shorter than this is a label or a stray number


@dataclass(frozen=True)
class SentenceHit:
    ask: Ask
    sentence: str
    line: str  # the paragraph line it stands in
    hit: Hit
    rank: int
    features: dict[str, float]
    value: str  # the date / period / ordinal the ask wants, found in the sentence ("" if none)

    @property
    def quote(self) -> str:
        """What the answer line quotes: the whole line when short (a bullet item, a paragraph of
        two sentences), else the sentence, else the part of it that holds the value or most of the ask."""
        if len(self.line) <= MAX_LINE:
            return self.line
        if len(self.sentence) <= MAX_LINE:
            return self.sentence
        return excerpt(self.sentence, matching.ask_terms(self.ask), self.value, subject=self.ask.kind == "who")


def excerpt(text: str, wanted: frozenset[str], value: str = "", subject: bool = False) -> str:
    """The ";"-separated parts of a long sentence around the one holding `value` (or most of the
    wanted terms), up to MAX_LINE characters; `subject`: the first part too, which says who acts
    ("Đồng chí Phó Bí thư ... đã phân công ...; lãnh đạo, chỉ đạo BCĐ xây dựng Kế hoạch ...")."""
    parts = [p for p in re.split(r"(?<=;)\s+", text) if p.strip()]
    if len(parts) == 1:
        return text[:MAX_LINE].rsplit(" ", 1)[0] + " …"
    best = max(range(len(parts)), key=lambda i: (bool(value) and value in parts[i],
                                                   len(wanted & matching.text_terms(parts[i]))))
    if subject and best > 0:
        return f"{parts[0]} … {excerpt(' '.join(parts[best:]), wanted, value)}"[:2 * MAX_LINE]
    lo = hi = best
    while True:
        grown = False
        if hi + 1 < len(parts) and len(" ".join(parts[lo:hi + 2])) <= MAX_LINE:
            hi, grown = hi + 1, True
        if lo > 0 and len(" ".join(parts[lo - 1:hi + 1])) <= MAX_LINE:
            lo, grown = lo - 1, True
        if not grown:
            return " ".join(parts[lo:hi + 1])


# A question asking a report part ("hạn chế gì", "kiến nghị gì") is answered by a sentence that
# says it in its own words, or that stands under that part's heading: (names of the part, words saying it).
_PART_SAYS = (((*REPORT_PARTS["limits"], "bat cap"),
               (*REPORT_PARTS["limits"], "bat cap", "chua", "thieu", "cham", "con")),
              ((*REPORT_PARTS["asks"], "de nghi"), (*REPORT_PARTS["asks"], "de nghi", "mong muon")),
              (("nguyen nhan",), ("nguyen nhan", "ly do", "do", "vi", "boi", "dan den", "nen")))


def _part_words(text: str) -> str:
    """The text folded, without the citizens' "phản ánh, kiến nghị" (petitions, no report part), a
    cause asked ("vì sao", "tại sao") named as the part saying it ("nguyên nhân")."""
    return re.sub(r" (vi sao|tai sao|ly do gi|do dau) ", " nguyen nhan ", matching.folded_text(text).replace(" phan anh kien nghi ", " "))


def part_not_said(ask: Ask, sentence: str, heading: str) -> bool:
    """The ask ("hạn chế gì", not "bao nhiêu phản ánh, kiến nghị") names a report part the sentence
    neither says nor stands under."""
    if ask.kind not in ("text", "list"):
        return False
    words, sentence, heading = _part_words(ask.words), _part_words(sentence), _part_words(heading)
    for names, says in _PART_SAYS:
        if any(matching.has_phrase(words, w) for w in names):
            return not (any(matching.has_phrase(sentence, w) for w in says)
                        or any(matching.has_phrase(heading, w) for w in names))
    return False


def split(hit: Hit, heading: bool = False) -> list[tuple[str, str, int]]:
    """(sentence, its paragraph line, its place in the passage) for each sentence of a passage;
    `heading`: its heading first (place -1: "NHIỆM VỤ, GIẢI PHÁP GIAI ĐOẠN 2026-2031" says the
    period asked by "giai đoạn nào", but a heading never answers "what")."""
    out = []
    for line in hit.text.split("\n"):
        if "\t" in line:  # a table's row or header: its cells are figures, no sentence says them
            continue
        for a, b in sentence_spans(line):
            if b - a >= MIN_LENGTH:
                out.append((line[a:b].strip(), line.strip(), len(out)))
    title = hit.context.split(" > ")[-1].strip() if hit.context else ""
    return ([(title, title, -1)] if heading and len(title) >= MIN_LENGTH else []) + out


def _ordinal_value(ask: Ask, sentence: str) -> str:
    folded = fold(sentence)  # same offsets as the sentence: the value is sliced as written
    if ask.target == "phien ban":  # a version stands after the software's name: "phần mềm ... 3.0"
        m = re.search(r"\b\d+\.\d+\b", folded)
        return sentence[m.start():m.end()] if m else ""
    m = re.search(rf"\b{re.escape(ask.target)}\s+(?:thu\s+)?({_ROMAN_OR_NUMBER})", folded)
    return sentence[m.start(1):m.end(1)] if m else ""


def value_required(ask: Ask) -> bool:
    """Is a sentence without the value the ask wants no answer at all ("ai", "khi nào", "mức độ
    mấy", "đề án nào", "những xã nào")?"""
    return ask.kind in ("who", "date", "range", "year", "ordinal") or _names_document(ask) or (
        ask.kind == "list" and bool(_PLACES_ASKED.search(ask.words)))


def _names_document(ask: Ask) -> bool:
    return ask.kind == "directive" or ask.kind in ("text", "list") and asks_which_directive(ask.words)


def _document_named(ask: Ask, sentence: str) -> str:
    """ "Đề án 02-ĐA/HU", "Đề án “Nâng cao chất lượng ...”", "quy chế mẫu của Thành ủy": a document
    of the kind asked ("đề án nào"; any kind for "văn bản nào") named by its symbol, its quoted
    title or the body issuing it."""
    asked = [k for k in KINDS if re.search(rf"\b{fold(k)}\b", ask.words) and k != "Văn bản"] or list(KINDS)
    kinds = "|".join(asked)
    m = re.search(rf"\b(?i:{kinds})\s+(?:số\s*)?(?:(?i:{SYMBOL.pattern})|[^“\"]{{0,40}}?[“\"][^”\"]+[”\"])", sentence)
    if m:
        return m.group(0)
    issued = any(m.group(1)[:1].isupper()  # named by its issuer: the sentence says which, no value to lead
                 for m in re.finditer(rf"\b(?i:{kinds})\b[^.;:“\"]{{0,30}}?\bcủa\s+(\w+)", sentence))
    return "," if issued else ""


def kind_value(ask: Ask, sentence: str) -> str:
    """What the ask's kind wants, as written in the sentence, or ""."""
    if _names_document(ask):  # "triển khai đề án nào": the answer names it
        return _document_named(ask, sentence)
    if ask.kind == "ordinal":
        return _ordinal_value(ask, sentence)
    if ask.kind in ("date", "range", "year"):
        kinds = _PERIOD_KINDS[ask.kind]
        found = [p for p in periods_in(sentence, bare_years=ask.kind == "year") if p.kind in kinds]
        return sentence[found[0].at:found[0].at + len(found[0].text)].strip() if found else ""
    if ask.kind == "list":
        places = _PLACES_ASKED.search(ask.words)  # "những xã nào": the places named, not any enumeration
        if places:
            named = [m for m in _NAMED.finditer(sentence)
                     if fold(m.group(1)) == places.group(1) and m.group(2).isupper()]
            return "," if len(named) >= 2 else ""
        return "," if _ENUMERATION.search(sentence) else ""
    if ask.kind == "who":
        m = _PERSON.search(sentence)
        return (m.group(1) or m.group(2)) if m else ""
    if ask.kind == "count" and ask.target:  # asked when no figure answers: "chưa nhận được phản ánh nào"
        return "0" if re.search(_NONE.format(re.escape(ask.target)), fold(sentence)) else ""
    return ""


def time_fit(asked: Period | None, sentence: str, heading: str, doc: DocumentRecord | None) -> float:
    """1 when the sentence's nearest period (its own, its heading's, its report's) is the one
    asked, -1 when it is another, 0 when nothing is asked or nothing says."""
    if asked is None:
        return 0.0
    year = int(doc.date[:4]) if doc and doc.date else None
    for text in (sentence, heading, doc.period or "" if doc else ""):
        found = periods_in(text, year)
        if found:
            return 1.0 if any(checks.period_fits(asked, p) for p in found) else -1.0
    return 0.0


def score_sentences(ask: Ask, hits: Sequence[Hit], idf: Callable[[str], float],
                    period: Period | None = None, docs: dict | None = None) -> list[SentenceHit]:
    """Every sentence of the passages with its features (knowledge.qa.confidence.SENTENCE_FEATURES);
    `period`: the period asked, `docs`: the hits' documents (DocumentRecord by id), for its fit."""
    wanted = matching.ask_terms(ask)
    weights = {t: matching.term_idf(t, idf) for t in wanted}
    total = sum(weights.values()) or 1.0
    pairs = {t for t in wanted if " " in t}

    def cov(terms: frozenset[str], only: set[str] | None = None) -> float:
        keys = weights if only is None else {t: weights[t] for t in only}
        denominator = sum(keys.values()) or 1.0
        return sum(w for t, w in keys.items() if matching.found(t, terms)) / (denominator if only else total)

    unigrams = [t for t in wanted if " " not in t]
    top_idf = max((weights[t] for t in unigrams), default=1.0)
    asked_parts = set(_PART.findall(_part_words(ask.words)))
    out = []
    valued = ask.kind in ("ordinal", "date", "range", "year", "list", "who", "count")
    needs_value = valued or _names_document(ask)
    for rank, hit in enumerate(hits):
        heading = matching.text_terms(hit.context)
        part = float(bool(asked_parts & set(_PART.findall(_part_words(hit.context)))))
        doc = (docs or {}).get(hit.doc_id)
        for sentence, line, place in split(hit, heading=valued and ask.kind != "list"):
            terms = matching.text_terms(sentence)
            line_terms = matching.text_terms(line)
            value = kind_value(ask, sentence)
            missing = [weights[t] for t in unigrams if not matching.found(t, line_terms | heading)]
            features = {"cov": cov(terms), "cov_line": cov(line_terms), "cov_context": cov(line_terms | heading),
                        "heading_cov": cov(heading), "report_part": part, "pairs": cov(terms, pairs) if pairs else 0.0,
                        "retrieved": 1 / (1 + rank), "first": float(place == 0),
                        "kind_fit": float(bool(value)) if needs_value else 1.0,
                        "missing_idf": max(missing, default=0.0) / top_idf,
                        "time_fit": time_fit(period, sentence, hit.context, doc)}
            out.append(SentenceHit(ask, sentence, line, hit, rank, features,
                                   value if value != "," and ask.kind != "who" else ""))
    return out

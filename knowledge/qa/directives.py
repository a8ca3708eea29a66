"""Directive questions: which document was cited for something, or what a cited document is.

Two shapes: the question names the directive ("nghị quyết 70-NQ/TW ban hành ngày nào") and
we return what the reports say of it; or it asks which one ("theo kế hoạch nào", "căn cứ
quyết định nào") and we rank the citations by kind, issuer, year and how well the
sentence citing them matches the question.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from ingest.citations.keys import canonical_key
from ingest.text.normal import fold
from ingest.text.sentences import citing_sentence, sentence_around
from ingest.text.terms import STOP, Idf, syllables, terms
from ingest.text.vocabulary import KIND_CODES, KIND_WORDS
from knowledge.qa.question import Question, asks_which_directive
from knowledge.store.fts import any_of
from knowledge.store.indexes import CITATIONS, WORD
from knowledge.store.records import DocumentRecord

MIN_SCORE = 0.35  # calibrated on the dev set; below it the question is not answered


@dataclass(frozen=True)
class DirectiveHit:
    citation: dict  # a citations row with its paragraph text, document and section
    sentence: str
    score: float


CANDIDATES = 300  # citations scored, the best by FTS5 rank (knowledge.store.indexes)


def candidate_citations(db: Database, question: Question, doc_ids: Sequence[str] | None,
                        limit: int = CANDIDATES) -> list[dict]:
    """The citations worth scoring for the question within `doc_ids` (all when None): those of the
    directives it names, and the `limit` whose sentence, subject and issuer match it best."""
    if doc_ids is not None and not doc_ids:
        return []
    keys, fragments = _named_keys(question)
    numbers = sorted({n for _, n in fragments})
    scope, params = "", []
    if doc_ids is not None:
        scope, params = f" AND doc_id IN ({', '.join('?' * len(doc_ids))})", list(doc_ids)
    named = [r[0] for r in db.execute(
        f"""SELECT rowid FROM citations WHERE (key IN ({', '.join('?' * len(keys))})
                OR ltrim(number, '0') IN ({', '.join('?' * len(numbers))})){scope}""",
        [*sorted(keys), *numbers, *params])] if keys or numbers else []
    words = {t for t in terms(question.content) | set(syllables(question.content)) if WORD.fullmatch(t)} - STOP
    ranked = CITATIONS.candidates(db, "text : " + any_of(words), doc_ids, limit) if words else []
    rowids = sorted(set(named) | set(ranked))
    return load_citations(db, rowids) if rowids else []


def load_citations(db: Database, rowids: Sequence[int]) -> list[dict]:
    return db.execute_returning_dicts(
        f"""SELECT c.*, p.text AS paragraph_text, s.path AS section_path
            FROM citations c JOIN paragraphs p ON p.doc_id = c.doc_id AND p.idx = c.paragraph
            LEFT JOIN sections s ON s.doc_id = c.doc_id AND s.idx = c.section
            WHERE c.rowid IN ({', '.join('?' * len(rowids))}) ORDER BY c.doc_id, c.seq""",
        list(rowids),
    )


_ISSUER_ASKED = re.compile(r"\bcua ((?:huyen|tinh|thanh) uy|dang uy|(?:ubnd|hdnd|uy ban nhan dan|hoi dong nhan dan)"
                           r"(?: (?:huyen|tinh|thanh pho|xa))?|chinh phu|thu tuong|bo chinh tri|trung uong)\b")


# Party and state organs an issuer asked names, by the code their documents' symbols end with.
_ORGANS = {"huyen uy": "hu", "tinh uy": "tu", "thanh uy": "tu", "dang uy": "du", "trung uong": "tw",
           "bo chinh tri": "tw", "chinh phu": "cp", "thu tuong": "ttg"}


def _organ(citation: dict) -> str:
    """The organ a cited directive comes from, by its symbol's code or its stated issuer; "" unknown."""
    code = re.split(r"[/-]", fold(citation["symbol"] or ""))[-1]
    if code in _ORGANS.values():
        return code
    issuer = fold(citation["issuer"] or "")
    return next((c for name, c in _ORGANS.items() if re.search(rf"\b{name}\b", issuer)), "")


def titled(question: Question, docs: Sequence[DocumentRecord], text_of: Callable[[str], str]) -> list[tuple[DocumentRecord, str]]:
    """Reports whose own title names a document of the kind asked by its quoted name or symbol
    ("V/v triển khai, thực hiện Đề án “Nâng cao chất lượng ...”"): the report is about it, so it
    answers "xã đang triển khai đề án nào". An issuer asked ("đề án nào của Huyện ủy") must be
    said of that kind in the title or in the report's text (`text_of`: a document's folded text)."""
    kinds = sorted(_asked_kinds(question) - {"Báo cáo", "Văn bản"})
    if not kinds:
        return []
    issuer = _ISSUER_ASKED.search(question.folded)
    named = re.compile(rf"\b(?i:{'|'.join(kinds)})\s+(?:số\s*\S+\s*)?(?:về\s+)?[“\"‘]{{1,2}}[^”\"’]+[”\"’]{{1,2}}"
                       rf"|\b(?i:{'|'.join(kinds)})\s+(?:số\s*)?\d+[-/]\S+")
    out = []
    for doc in docs:
        m = named.search(doc.title or "")
        if m is None:
            continue
        if issuer and issuer.group(1) not in fold(doc.title):
            said = text_of(doc.id)
            if not any(f"{fold(k)} cua {issuer.group(1)}" in said for k in kinds):
                continue
        out.append((doc, m.group(0)))
    return out


def _asked_kinds(question: Question) -> set[str]:
    """Kind words the question asks about ("theo kế hoạch nào" -> {"Kế hoạch"})."""
    found = {KIND_WORDS[k] for k in KIND_WORDS if k != "van ban" and re.search(rf"\b{k}\b", question.folded)}
    found |= {KIND_CODES[a] for a in KIND_CODES if re.search(rf"\b{a}\b", question.folded)}
    return found


def _named_keys(question: Question) -> tuple[set[str], set[tuple[str, str]]]:
    """Directives named in the question: canonical keys of full symbols, (kind, number) of fragments."""
    keys, fragments = set(), set()
    for sym in question.symbols:
        m = re.fullmatch(r"(.+) (\d+)", sym)
        if m:
            kind = KIND_WORDS.get(m.group(1)) or KIND_CODES.get(m.group(1))
            fragments.add((fold(kind or ""), m.group(2).lstrip("0")))
        else:
            keys.add(canonical_key("", None, sym))
    return keys, fragments


def _is_named(citation: dict, keys: set[str], fragments: set[tuple[str, str]]) -> bool:
    if citation["symbol"] and canonical_key("", None, citation["symbol"]) in keys:
        return True
    number = (citation["number"] or "").lstrip("0")
    return (fold(citation["kind"]), number) in fragments


def _citing(c: dict) -> str:
    return citing_sentence(c["paragraph_text"], c["start"], c["end"])


def answer_directive(question: Question, citations: Sequence[dict]) -> list[DirectiveHit]:
    """Ranked citations answering the question (best first), empty when none is good enough."""
    keys, fragments = _named_keys(question)
    asks_which = asks_which_directive(question.folded)
    named = [c for c in citations if _is_named(c, keys, fragments)]
    if named and not asks_which:
        return [DirectiveHit(c, _citing(c), 1.0) for c in _best_stated_first(named)]
    pool = [c for c in citations if not _is_named(c, keys, fragments)] if named else list(citations)
    issuer = _ISSUER_ASKED.search(question.folded)
    organ = _ORGANS.get(issuer.group(1), "") if issuer else ""
    if organ:  # "đề án nào của Tỉnh ủy": not the Huyện ủy's 02-ĐA/HU
        pool = [c for c in pool if _organ(c) in ("", organ)]
    if not pool:
        return []
    kinds = _asked_kinds(question)
    sentences = [_citing(c) for c in pool]
    bags = [terms(f"{_before(c, s)} {s} {c['subject'] or ''} {c['issuer'] or ''}") for c, s in zip(pool, sentences)]
    idf = Idf(bags)
    wanted = terms(question.content) - {fold(k) for k in kinds} - {"nao", "van", "ban"}
    hits = []
    for c, sentence, bag in zip(pool, sentences, bags):
        # what the question asks, found in the citing sentence; less what the subject adds besides
        subject = terms(c["subject"] or "")
        score = idf.coverage(wanted, bag) - 0.3 * idf.coverage(subject, subject - wanted)
        if kinds and (c["kind"] in kinds or _issues_kind(c, kinds)):
            score += 0.3
        elif kinds:  # "đề án gì" is not answered by the Kế hoạch carrying it out
            continue
        if question.years and _years(c) & set(question.years):
            score += 0.15
        hits.append(DirectiveHit(c, sentence, score))
    hits.sort(key=lambda h: (-h.score, h.citation["doc_id"], h.citation["seq"]))
    return [h for h in hits if h.score >= MIN_SCORE]


_GOES_ON = re.compile(r"^\W*(dong thoi|sau do|tiep do|theo do|tren co so do|tu do|qua do)\b")


def _before(citation: dict, sentence: str) -> str:
    """The sentence before a citing sentence that goes on from it ("... tổ chức cuộc họp kiểm điểm
    ... . Đồng thời ban hành Báo cáo số 21/BC-UBND"): it says what the directive is about."""
    if not _GOES_ON.match(fold(sentence)):
        return ""
    paragraph = citation["paragraph_text"]
    at = paragraph.find(sentence)
    return sentence_around(paragraph, max(0, at - 2), max(0, at - 1)) if at > 1 else ""


def _issues_kind(citation: dict, kinds: set[str]) -> bool:
    """The citation issues a document of a kind asked: "quy chế mẫu nào" is answered by the
    Quyết định "ban hành Quy chế làm việc mẫu ..."."""
    subject = fold(citation["subject"] or "")
    return any(re.search(rf"\bban hanh {fold(k)}\b", subject) for k in kinds)


def _years(citation: dict) -> set[str]:
    """The years a directive is about: those its subject states ("kế hoạch CCHC năm 2023",
    issued 30/12/2022), else the year it was issued."""
    stated = set(re.findall(r"\b(?:19|20)\d{2}\b", citation["subject"] or ""))
    return stated or ({citation["date"][:4]} if citation["date"] else set())


def _best_stated_first(citations: Sequence[dict]) -> list[dict]:
    """Mentions that state the most (date, issuer, subject) first."""
    return sorted(citations, key=lambda c: (-sum(bool(c[f]) for f in ("date", "issuer", "subject")),
                                            c["doc_id"], c["seq"]))

"""Questions about a report itself: who signed it and in which post, who receives it, its date,
its issuer, and who holds a post ("Chủ tịch UBND xã là ai") as the signatures show.

The report meant is the one in scope whose title, type, number, date and period match the
question best; the answers come from its closing block (knowledge.qa.closing) and its stored
metadata, quoted as written. A post asked that no signature shows is not guessed: the
sentences of the reports may still name it, else the answer abstains.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.text.dates import vn_date
from ingest.text.normal import fold
from ingest.text.periods import periods_in
from knowledge.qa import closing, render
from knowledge.qa.asks import AskAnswerer
from knowledge.qa.question import Question
from knowledge.qa.render import Answer, Source
from knowledge.qa.terms import content_terms
from knowledge.store import reads
from knowledge.store.records import DocumentRecord

_POSTS = ("pho chu tich", "chu tich", "pho bi thu", "bi thu", "pho truong ban", "truong ban", "giam doc",
          "chu nhiem")
_BODIES = {"ubnd": "uy ban nhan dan", "uy ban nhan dan": "uy ban nhan dan", "hdnd": "hoi dong nhan dan",
           "hoi dong nhan dan": "hoi dong nhan dan", "dang uy": "dang uy", "mttq": "mat tran", "mat tran": "mat tran"}


INTENTS = ("signer", "recipients", "report_date", "issuer", "post")
NO_REPORT = "không có báo cáo nào khớp với câu hỏi"


def answer(engine: AskAnswerer, q: Question, scope) -> Answer:
    if q.intent == "recipients":
        return _recipients(engine, q, scope)
    if q.intent == "report_date":
        return _date(engine, q, scope)
    if q.intent == "issuer":
        return _issuer(engine, q, scope)
    if q.intent == "post":
        return _post(engine, q, scope)
    return _signer(engine, q, scope)


def report_of(engine: AskAnswerer, q: Question, scope) -> DocumentRecord | None:
    """The report the question names: the one whose title, type, number and period match it best."""
    docs = engine.documents_in(scope)
    wanted = content_terms(q.content)
    named = [m.group(1) for m in (re.fullmatch(r"bao cao (\d+)", s) for s in q.symbols) if m]  # "báo cáo 21"
    best, best_score = None, 0.0
    for doc in docs.values():
        said = content_terms(f"{doc.title or ''} {doc.doc_type or ''} {doc.number or ''} {doc.period or ''} "
                             f"{doc.issuer or ''}")
        score = len(wanted & said) / (len(wanted) or 1)
        number = re.match(r"\s*0*(\d+)", doc.number or "")
        if named and not (number and number.group(1) in {n.lstrip("0") for n in named}):
            continue  # another report than the one the question names by its number
        if doc.number and (named or re.sub(r"\s+", "", doc.number).lower() in re.sub(r"\s+", "", q.text).lower()):
            score += 1.0
        if q.period and doc.period:
            got = periods_in(doc.period)
            score += 0.5 if got and got[0].overlaps(q.period) else -0.5
        if score > best_score:
            best, best_score = doc, score
    return best if best_score > 0 or len(docs) == 1 else None


def _closing_of(engine: AskAnswerer, doc: DocumentRecord) -> closing.Closing:
    return closing.read([p.text for p in reads.paragraphs(engine.db, doc.id)[-closing.TAIL:]])


def _source(doc: DocumentRecord, lines: Sequence[str]) -> Source:
    return Source(doc.id, doc.file, doc.title, doc.number, doc.date, "", "\n".join(lines))


def _answer(q: Question, line: str, source: Source) -> Answer:
    """Read from the report's own header or closing block: as sure as the reading of it."""
    return Answer(q.text, q.intent, render.compose([line], [source]), False, (source,), 1.0)


def _signer(engine: AskAnswerer, q: Question, scope) -> Answer:
    doc = report_of(engine, q, scope)
    block = _closing_of(engine, doc) if doc else None
    if doc is None or not block.signer:
        return engine.abstain(q, engine.search(q, scope),
                              reason=NO_REPORT if doc is None else "báo cáo không ghi người ký")
    line = f"{block.signer} — {closing.post_phrase(block)} ({doc.short_label}): " + " / ".join(block.lines)
    return _answer(q, line, _source(doc, block.lines))


def _recipients(engine: AskAnswerer, q: Question, scope) -> Answer:
    doc = report_of(engine, q, scope)
    block = _closing_of(engine, doc) if doc else None
    if doc is None or not block.recipients:
        return engine.abstain(q, engine.search(q, scope),
                              reason=NO_REPORT if doc is None else "báo cáo không ghi nơi nhận")
    line = f"{doc.short_label} gửi: " + " ".join(block.recipients)
    return _answer(q, line, _source(doc, block.recipients))


def _head_lines(engine: AskAnswerer, doc: DocumentRecord, n: int = 12) -> list[str]:
    return [p.text for p in reads.paragraphs(engine.db, doc.id)[:n + 1]]


def _date(engine: AskAnswerer, q: Question, scope) -> Answer:
    """ "Báo cáo ... đề ngày nào": the place-and-date line of its header, as written."""
    doc = report_of(engine, q, scope)
    if doc is None or not doc.date:
        return engine.abstain(q, engine.search(q, scope),
                              reason=NO_REPORT if doc is None else "báo cáo không ghi ngày")
    written = next((t for t in _head_lines(engine, doc) if re.search(r"ngày\s+\d{1,2}\s+tháng|ngày\s+\d{1,2}/", t)), "")
    line = f"Ngày {vn_date(doc.date)} ({doc.short_label})" + (f": {written}" if written else "")
    return _answer(q, line, _source(doc, [written] if written else []))


def _issuer(engine: AskAnswerer, q: Question, scope) -> Answer:
    """ "Báo cáo ... do cơ quan nào ban hành": the issuing body of its header."""
    doc = report_of(engine, q, scope)
    if doc is None or not doc.issuer:
        return engine.abstain(q, engine.search(q, scope),
                              reason=NO_REPORT if doc is None else "báo cáo không ghi cơ quan ban hành")
    head = [t for t in _head_lines(engine, doc, 6) if t.isupper() and len(t) < 80 and "CỘNG HÒA" not in t
            and "ĐẢNG CỘNG SẢN" not in t]
    line = f"{doc.issuer} ({doc.short_label})" + (f": {' / '.join(head)}" if head else "")
    return _answer(q, line, _source(doc, head))


def _asked_post(q: Question) -> tuple[str, str]:
    post = next((p for p in _POSTS if re.search(rf"\b{p}\b", q.folded)), "")
    body = next((v for k, v in _BODIES.items() if re.search(rf"\b{k}\b", q.folded)), "")
    return post, body


def _post(engine: AskAnswerer, q: Question, scope) -> Answer:
    """ "Chủ tịch UBND xã là ai": the signer whose post is the one asked, for the body asked."""
    post, body = _asked_post(q)
    for doc in sorted(engine.documents_in(scope).values(), key=lambda d: d.date or "", reverse=True):
        block = _closing_of(engine, doc)
        posts = [fold(p) for p in block.posts]
        authority_body = fold(block.authority)
        said_body = authority_body if re.search(r"\b(uy ban|hoi dong|dang uy|mat tran)\b", authority_body) \
            else fold(doc.issuer or "")
        if block.signer and post and post in posts and (not body or body in said_body):
            line = f"{block.signer} — {closing.post_phrase(block)} ({doc.short_label}): " + " / ".join(block.lines)
            return _answer(q, line, _source(doc, block.lines))
    return engine.answer_asks(q, scope)

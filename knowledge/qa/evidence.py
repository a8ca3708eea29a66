"""The context a figure stands in, from nearest to widest, and the period it is about.

A report states a figure in a clause ("04 đồng chí hoàn thành tốt nhiệm vụ = 20%"), of a
sentence, often after lines that say whose or when ("Năm 2021: 20 đồng chí.", "* Về cán bộ
là: 10 người." above a "- Hoàn thành tốt nhiệm vụ: 07 người" bullet), under headings, in a
document about a period. Evidence keeps that chain in order, nearest first: the nearest place
that names a period or a qualifier is the one that speaks for the figure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text.normal import fold
from ingest.text.periods import Period, periods_in
from ingest.text.sentences import sentence_spans
from knowledge.qa.lexicon import RATE_VERBS
from knowledge.store.records import DocumentRecord, FigureRecord

_CLAUSE_BREAK = re.compile(r"\s*(?:[;:()]|,\s+(?=\S)|\s[-–]\s|\.\s+)\s*")
# "tăng 886 so với quý I": a reference, not its period; "tầm nhìn đến năm 2030" of a programme's name: no period
_COMPARED = re.compile(r"\b(so voi|so cung ky|cung ky|tam nhin(?: den)?)\s*$")
_RATE_OF = re.compile(rf"\s*({'|'.join(RATE_VERBS)}|=)\s*(ty le\s*)?$")
_LINKING = re.compile(r"\s*(gom|bao gom|gom co|co|la)\s*$")  # "(... Ban chỉ đạo) gồm 13 đ/c": its subject before
_BASIS = re.compile(r"(?:^|;)\s*can cu\b[^;]*")  # "Căn cứ Nghị quyết ... nhiệm kỳ 2020-2025;" dates no figure
LEAD_PARAGRAPHS = 6  # paragraphs above a figure's own that may say whose or when it is
TABLE_HEAD_LINES = 3  # a table's first lines (title, header rows) lead each of its cells


@dataclass(frozen=True)
class Evidence:
    figure: FigureRecord
    doc: DocumentRecord
    clause: str  # the clause the number stands in
    sentence: str
    chain: tuple[tuple[str, str], ...]  # (level, text) nearest first: clause, sentence, lead..., heading..., document
    period: Period | None
    period_level: str  # the level the period was found at ("" when none)
    introduced: str = ""  # the line ending with ":" put before the sentence ("" when none)

    def upto(self, level: str) -> str:
        """The context text of every place up to `level` (clause < sentence < lead < heading < document)."""
        order = ("clause", "sentence", "lead", "heading", "document")
        keep = set(order[:order.index(level) + 1])
        return " ".join(text for lv, text in self.chain if lv in keep)


def sentence_of(text: str, start: int) -> tuple[str, int, list[str]]:
    """(the sentence holding offset `start`, its offset, the earlier sentences nearest first)."""
    spans = sentence_spans(text)
    for i, (a, b) in enumerate(spans):
        if a <= start < b:
            return text[a:b], a, [text[x:y] for x, y in reversed(spans[:i])]
    return text, 0, []


def clause_at(sentence: str, offset: int) -> str:
    """The clause of the sentence holding `offset`. A clause opened by the number keeps the words
    before its colon ("Tổng số tiếp nhận trực tiếp là: 28 hồ sơ"), a rate the clause it is a
    rate of ("2.261 hồ sơ nộp trực tuyến, đạt 92,8%"), a bracket what it restates ("dự toán năm
    (21,5 tỷ đồng)"), a bare verb its subject ("(gọi tắt là Ban chỉ đạo) gồm 13 đ/c"): they say
    what it counts."""
    # a bracket holding no number before a colon is an aside of what the colon's number counts, no
    # break: "đăng ký biến động đất đai (chuyển nhượng, tặng cho, ...): 1.024 hồ sơ"
    asides = re.sub(r"\([^()\d]*\)(?=\s*:)", lambda m: " " * len(m.group()), sentence)
    breaks = list(_CLAUSE_BREAK.finditer(asides))
    bounds = [0] + [m.end() for m in breaks] + [len(sentence) + 1]
    for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
        if a <= offset < b:
            opener = breaks[i - 1].group(0) if i else ""
            before = fold(sentence[a:offset])
            opened = offset - a < 3 or (":" in opener and sentence[a:a + 1].isdigit())  # "đúng hạn: 41 hồ sơ = 0,7%"
            if i and (opened and (":" in opener or "(" in opener) or _RATE_OF.match(before)
                      or _LINKING.fullmatch(before)):
                i, a = i - 1, bounds[i - 1]
            # "Chỉ số hài lòng của người dân, doanh nghiệp ... đạt 98,5%": a comma before which no
            # number stands parts the words of one subject, not two clauses
            while i and breaks[i - 1].group(0).strip() == "," and not re.search(r"\d", sentence[bounds[i - 1]:a]):
                i, a = i - 1, bounds[i - 1]
            return sentence[a:b].strip(" ,;:.()")
    return sentence


def build(figure: FigureRecord, before: list[tuple[int, int | None, str]]) -> Evidence:
    """The evidence of one figure; `before`: the paragraphs above its own, nearest first."""
    doc = figure.document
    year = int(doc.date[:4]) if doc.date else None
    if figure.in_table:  # its row; the table's title and header rows lead it
        sentence, offset = figure.sentence, len(figure.sentence)
        earlier = figure.paragraph_text.split("\n")[:TABLE_HEAD_LINES]
        clause = figure.label
    else:
        sentence, s_at, earlier = sentence_of(figure.paragraph_text, figure.start)
        offset = figure.start - s_at
        clause = clause_at(sentence, offset)
    leads = [t for _, sec, t in before[:LEAD_PARAGRAPHS] if sec == figure.section]
    introduced = ""
    if leads and leads[0].rstrip().endswith(":") and not earlier:
        introduced = leads[0]
        sentence = f"{leads[0]} {sentence}"  # "Tổng số ... được đánh giá:" introduces "Năm 2021: 20 đồng chí."
        offset += len(leads[0]) + 1
        leads = leads[1:]
        if _bare(clause, figure):
            clause = sentence  # "Năm 2021: 20 đồng chí" says what it counts only with the line introducing it
    chain = (("clause", clause), ("sentence", sentence), *(("lead", t) for t in [*earlier, *leads]),
             *(("heading", h) for h in reversed(figure.section_path)),
             ("document", f"{doc.title or ''} {doc.period or ''}".strip()))
    period, level = _period(chain, offset, year)
    return Evidence(figure, doc, clause, sentence, chain, period, level, introduced)


def _bare(clause: str, figure: FigureRecord) -> bool:
    """The clause holds nothing but its number, its unit and a period ("Năm 2021: 20 đồng chí")."""
    rest = fold(clause)
    for p in periods_in(rest):
        rest = rest.replace(p.text, " ")
    words = set(re.findall(r"[a-z]{2,}", rest)) - set(fold(figure.unit or "").split())
    return not words


def _period(chain: tuple[tuple[str, str], ...], offset: int, year: int | None) -> tuple[Period | None, str]:
    """The period nearest the number: in its clause, before it in its sentence, then the nearest
    lead, heading, and the document's own period; none of a legal basis (periods_in already skips
    quoted names)."""
    for level, text in chain:
        bases = [m.span() for m in _BASIS.finditer(fold(text))]
        found = [p for p in periods_in(text, year) if not _COMPARED.search(fold(text[max(0, p.at - 14):p.at]))
                 and not any(a < p.at < b for a, b in bases)]
        if level == "sentence":  # before the number, and not another number's aside ("(năm 2024: 13.481,4 tấn)")
            asides = [m.span() for m in re.finditer(r"\([^()]*\)", text) if not m.start() < offset < m.end()]
            found = [p for p in found if p.at <= offset and not any(a < p.at < b for a, b in asides)]
        if found:
            return found[-1], level
    return None, ""


def stated_period(ev: Evidence) -> Period | None:
    """The period said of the figure by its clause, its sentence or its headings: a paragraph above
    ("... kế hoạch sử dụng đất năm 2026.", "Thực hiện Nghị quyết 57 ... đến năm 2030 ...:") or a
    sibling bullet speaks of itself."""
    if ev.period_level != "lead":
        return ev.period
    year = int(ev.doc.date[:4]) if ev.doc.date else None
    return _period(tuple((lv, t) for lv, t in ev.chain if lv in ("heading", "document")), 0, year)[0]

"""Consistency checks between an ask and a figure's evidence, and the measures the ranking reads.

Hard checks (a figure failing one is a near miss, never the answer):
- time: the period the evidence speaks of must be the period asked;
- contrast: the nearest place of the evidence that names a member of a qualifier class
  (đúng hạn / trước hạn, HĐND / UBND, cán bộ / công chức ...) must name the member asked, and a
  numbered name, a village or a table row the ask names must be the figure's (knowledge.qa.members);
- target: a figure the report sets as a target (its words, its period, its column) answers no result;
- exclusion: what the question rules out ("không kể công chức") must not be what the clause counts;
- unit: a count of something must count it; a percentage must be one.
Soft measures: how much of the ask (idf-weighted) each level of the evidence holds, and how
rare the rarest missing word is (words found as knowledge.qa.matching finds them).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.text.normal import fold
from ingest.text.periods import Period
from ingest.text.units import norm_unit, unit_match
from knowledge.qa.evidence import Evidence, stated_period
from knowledge.qa.lexicon import (
    BODIES,
    CONTRASTS,
    FLOWS,
    SUBSET_LOOKALIKES,
    SUBSET_WORDS,
    Qualifier,
)
from knowledge.qa.matching import (
    ask_terms,
    folded_text,
    found,
    has_phrase,
    merged,
    term_idf,
    text_terms,
)
from knowledge.qa.members import numbered_names, numbers_unsaid, place_asked, row_asked
from knowledge.qa.question import Ask
from knowledge.qa.terms import expand_abbreviations

LEVELS = ("clause", "sentence", "lead", "heading", "document")
_NEAR_LEVELS = ("clause", "sentence", "lead")  # where a qualifier must be named to speak for the figure


@dataclass(frozen=True)
class Coverage:
    by_level: dict[str, float]  # idf-weighted share of the ask found up to each level
    missing_idf: float  # idf of the rarest ask word found nowhere up to the heading, 0 when none
    missing: tuple[str, ...]


def coverage(ask: Ask, ev: Evidence, idf: Callable[[str], float]) -> Coverage:
    wanted = ask_terms(ask)
    weights = {t: term_idf(t, idf) for t in wanted}
    total = sum(weights.values()) or 1.0
    seen: set[str] = set()
    by_level: dict[str, float] = {}
    for level in LEVELS:
        for lv, text in ev.chain:
            if lv == level:
                seen |= {t for t in wanted if found(t, text_terms(text))}
        by_level[level] = sum(weights[t] for t in seen) / total
        if level == "heading":
            missing = tuple(sorted(t for t in wanted - seen if " " not in t))
    return Coverage(by_level, max((weights[t] for t in missing), default=0.0), missing)


def _members(text: str, cls: Qualifier) -> set[int]:
    """The members the text names, longest phrase first: "nông thôn mới nâng cao" is not also "nông thôn mới";
    a body's name is no qualifier ("Ủy ban Kiểm tra" does not say "kiểm tra")."""
    named = set()
    text = _BODIES.sub(" | ", folded_text(text))
    for i, phrase in sorted(((i, p) for i, member in enumerate(cls.members) for p in member), key=lambda x: -len(x[1])):
        if has_phrase(text, phrase):
            named.add(i)
            text = folded_text(text).replace(f" {phrase} ", " | ")
    return named


_BODIES = re.compile(rf"\b(?:{'|'.join(BODIES)})\b")
_LEVEL_WEIGHT = {"clause": 1.0, "sentence": 0.7, "lead": 0.4, "heading": 0.2}


def _asked_classes(ask: Ask) -> list[tuple[Qualifier, set[int]]]:
    out = []
    for cls in CONTRASTS:
        asked = _members(ask.words, cls)
        if asked and (len(asked) < len(cls.members) or len(cls.members) == 1):
            out.append((cls, asked))
    return out


def _qualifying(ev: Evidence) -> tuple[tuple[str, str], ...]:
    """The chain whose places may qualify the figure: of its sentence, not the clauses of the
    figures after it ("Đã giải quyết 5.649 hồ sơ (trước hạn 5.599; quá hạn 9)": "quá hạn" is another's)."""
    at = ev.sentence.find(ev.clause)
    cut = ev.sentence
    if at >= 0 and not ev.figure.in_table:
        end = at + len(ev.clause)
        later = re.search(r"\d", ev.sentence[end:])
        if later:
            rest = ev.sentence[end:end + later.start()]
            cut = ev.sentence[:end + max((m.start() for m in re.finditer(r"[;:(),]", rest)), default=0)]
    if ev.introduced and cut == ev.sentence:  # a lead line put before it ("..., trong đó:"): the
        at = len(ev.introduced) + 1           # figure's own words are nearer than the lead's
        chain = (ev.chain[0], ("sentence", cut[at:]), ("sentence", cut[:at]), *ev.chain[2:])
    else:
        chain = tuple((lv, cut if lv == "sentence" else text) for lv, text in ev.chain)
    return tuple((lv, _REFERENCE.sub(" ", folded_text(text)) if lv in ("clause", "sentence") else text) for lv, text in chain)


# What a figure is compared with: "thấp hơn vụ Chiêm Xuân 7,0 tạ/ha" is not of the Chiêm Xuân crop
_REFERENCE = re.compile(r"\b(?:so voi|hon)(?: cung ky)?(?: (?!\d)\w+){1,3}")


def _nearest(chain: Sequence[tuple[str, str]], cls: Qualifier) -> tuple[str, set[int]]:
    """The nearest level of an evidence chain naming a member of the class (up to the heading),
    and the members named."""
    for level, text in chain:
        if level not in _LEVEL_WEIGHT:
            break
        named = _members(text, cls)
        if named:
            return level, named
    return "", set()


_TARGET_WORDS = ("chi tieu", "muc tieu", "phan dau", "ke hoach")
# A target word just before the figure, or one that opens what leads to it, no result said between
# ("Chỉ tiêu năm 2025 phấn đấu giảm tỷ lệ hộ nghèo từ 1,2%"; not "chỉ tiêu giao 46, đạt 100%").
_TARGET_BEFORE = re.compile(rf"\b(?:{'|'.join(_TARGET_WORDS)})(?: \w+){{0,2}}\s*$|\b(?:chi tieu|muc tieu|phan dau)"
                            r"(?: (?!(?:dat|duoc|hoan thanh|vuot|thuc hien|bang|ket qua|con|co)\b)\w+){0,8}\s*$")


_TARGET_COLUMN = re.compile(r"^ bieu \w+ (?:chi tieu|muc tieu|(?:ke hoach|kh)(?: nam)? \d{4})\b")


def _before_figure(ev: Evidence) -> str | None:
    """The folded clause before the figure (None for a table cell or a figure not in its clause)."""
    at = ev.clause.find(ev.figure.raw) if not ev.figure.in_table else -1
    return folded_text(ev.clause[:at]) if at > 0 else None


def _asks_target(ask: Ask) -> bool:
    return any(has_phrase(ask.words, w) for w in _TARGET_WORDS)


def states_target(ev: Evidence) -> bool:
    """The figure is a target ("chỉ tiêu 30 đảng viên", "phấn đấu 95%"; of a period after its
    report was written: "năm 2026" in a report of 12/2025), not a result. A resolution or a plan
    speaks of what comes after it: that is what it says, no target of a report."""
    period = stated_period(ev)
    if period and ev.doc.date and period.start > ev.doc.date and (ev.doc.doc_type or "Báo cáo") == "Báo cáo":
        return True
    if ev.figure.in_table:  # a column of targets: "Kế hoạch năm 2025", "Chỉ tiêu"
        return bool(_TARGET_COLUMN.match(folded_text(ev.figure.label)))
    before = _before_figure(ev)
    return before is not None and bool(_TARGET_BEFORE.search(before))


_FIELD = re.compile(r"\blinh vuc ((?!nao\b)\w+ \w+)")
_OF_FIELD = re.compile(r"\bcua (?:cac )?linh vuc [a-z]")
def qualifier_failure(ask: Ask, ev: Evidence) -> str:
    """ "contrast" when the nearest context names another member of a class the ask names,
    "qualifier" when it names none of a strict class or the figure is a target not asked for,
    "part" when it counts one of several groups asked ("cán bộ" of "cán bộ, công chức": a part
    of a sum), "" when the qualifiers asked stand."""
    if states_target(ev) and not _asks_target(ask):
        return "qualifier"
    numbered = numbered_names(ev.clause)
    if numbered and any(numbered.get(w, n) != n for w, n in numbered_names(ask.words).items()):
        return "contrast"  # "thôn Tân Phúc 2" is not answered by the row of "Tân Phúc 1", nor "đợt 2" by "đợt 1"
    if ev.figure.in_table and not row_asked(ask, ev.figure.sentence, ev.figure.paragraph_text):
        return "contrast"  # "số hồ sơ trễ hạn" is the total row's, not the row of "Hộ tịch"
    place = place_asked(ask)
    if place and not has_phrase(f"{ev.figure.label} {ev.upto('lead')}", place):
        return "qualifier"  # "thôn Phú Khương có bao nhiêu ...": not the commune's total
    if numbers_unsaid(ask, f"{ev.figure.label} {ev.upto('document')}"):
        return "qualifier"  # "Huy hiệu 75 năm tuổi Đảng": not the badges of every age
    if unasked_flow(ask, ev):
        return "qualifier"  # "bao nhiêu đảng viên" is no flow: not "23 đảng viên từ trần"
    chain = _qualifying(ev)
    field = _FIELD.search(folded_text(ask.words))  # "hồ sơ thuộc lĩnh vực đất đai": not all fields together
    if field and re.search(r"[aeiouy]", field.group(1).split()[-1]):  # a field's name, not "LĐTB&XH"
        near = " ".join(text for level, text in chain if level != "document")
        if not has_phrase(near, field.group(1)):
            return "qualifier"
    if not field and _OF_FIELD.search(folded_text(ev.clause)):  # "20 TTHC của lĩnh vực Hộ tịch": one field's
        return "qualifier"
    part = False
    for cls, asked in _asked_classes(ask):
        level, named = _nearest(chain, cls)
        if named and not named & asked:
            return "contrast"
        if cls.strict and (not named or level == "lead"):  # a paragraph above may be a sibling's
            return "qualifier"  # ("- Hoàn thành tốt: 07 người" above "* Về công chức: 05 người")
        part = part or bool(len(asked) > 1 and _groups(chain, cls, level, named) & asked < asked)
    return "part" if part else ""


def _groups(chain: Sequence[tuple[str, str]], cls: Qualifier, level: str, named: set[int]) -> set[int]:
    """The members of a class a figure counts: all those its clause and sentence list ("48 cán bộ,
    công chức"), else those of the nearest place naming any."""
    if level in ("clause", "sentence"):
        return set().union(*(_members(text, cls) for lv, text in chain if lv in ("clause", "sentence")))
    return named


def group_of(ask: Ask, ev: Evidence) -> frozenset[tuple[int, int]]:
    """(class, member) of the groups asked that the figure counts, for the parts of a sum."""
    chain = _qualifying(ev)
    out = set()
    for cls, asked in _asked_classes(ask):
        if len(asked) > 1:
            level, named = _nearest(chain, cls)
            out |= {(CONTRASTS.index(cls), m) for m in _groups(chain, cls, level, named) & asked}
    return frozenset(out)


def group_name(ask: Ask, ev: Evidence) -> str:
    """The group asked that the figure counts, as its report writes it ("cán bộ")."""
    phrases = [p for ci, m in group_of(ask, ev) for p in CONTRASTS[ci].members[m]]
    for _, text in ev.chain:
        folded = fold(text)  # same offsets as the text
        for phrase in phrases:
            m = re.search(rf"\b{re.escape(phrase)}\b", folded)
            if m:
                return text[m.start():m.end()]
    return ""


def groups_asked(ask: Ask) -> frozenset[tuple[int, int]]:
    """(class, member) of every class the ask names several members of ("cán bộ, công chức")."""
    return frozenset((CONTRASTS.index(cls), m) for cls, asked in _asked_classes(ask) if len(asked) > 1 for m in asked)


def sentence_qualifier_failure(ask: Ask, sentence: str, heading: str, value: str = "") -> bool:
    """A sentence answering an ask that names a strict qualifier ("trực tiếp", "nông thôn mới nâng
    cao") must name it (in itself or its heading), and not name only another member; its
    value must not be a target ("phấn đấu năm 2023 đạt ...") unless a target is asked."""
    at = sentence.find(value) if value else -1
    if at > 0 and _TARGET_BEFORE.search(folded_text(sentence[:at])) and not _asks_target(ask):
        return True
    chain = (("clause", sentence), ("heading", heading))  # its line's other sentences speak of other things
    for cls, asked in _asked_classes(ask):
        if cls.strict:
            _, named = _nearest(chain, cls)
            if not named & asked:
                return True
    return False


def qualifier_level(ask: Ask, ev: Evidence) -> float:
    """How near the figure the qualifiers asked are named (1: in its clause ... 0: nowhere),
    averaged over the qualifier classes the ask names; 0 when it names none."""
    levels = []
    for cls, asked in _asked_classes(ask):
        level, named = _nearest(_qualifying(ev), cls)
        levels.append(_LEVEL_WEIGHT.get(level, 0.0) if named & asked else 0.0)
    return sum(levels) / len(levels) if levels else 0.0


def _subset_clause(ev: Evidence) -> str:
    """The folded clause without the words that only look like a subset word ("đổi mới", "giám sát")."""
    clause = folded_text(ev.clause)
    for lookalike in SUBSET_LOOKALIKES:
        clause = clause.replace(f" {lookalike} ", "  ")
    return clause


def unasked_subset(ask: Ask, ev: Evidence) -> bool:
    """The clause makes its figure a part, flow or target ("kết nạp", "mới", "chỉ tiêu") the ask does
    not name, or names a strict qualifier the ask does not ("41 hồ sơ đúng hạn" for "bao nhiêu hồ sơ")."""
    clause = _subset_clause(ev)
    if any(f" {w} " in clause and not has_phrase(ask.words, w) for w in SUBSET_WORDS if w != "trong do"):
        return True
    part = re.search(r" trong do (\w+(?: \w+)?)", clause)  # "trong đó trực tuyến": asked when what follows is
    if part and not any(found(t, ask_terms(ask)) for t in text_terms(part.group(1))):
        return True
    return any(_members(clause, cls) and not _members(ask.words, cls) for cls in CONTRASTS if cls.strict)


def unasked_flow(ask: Ask, ev: Evidence) -> bool:
    """The clause makes its figure a flow of a stock (lexicon.FLOWS) the ask does not name."""
    clause = _subset_clause(ev)
    wanted = ask_terms(ask)
    return any(f" {w} " in clause and not has_phrase(ask.words, w) and not found(merged(w), wanted)
               for w in FLOWS)


def excluded_hit(ask: Ask, ev: Evidence) -> bool:
    """The clause counts what the question rules out ("không tính hồ sơ trả trước hạn")."""
    return any(has_phrase(ev.clause, t) for t in ask.excluded)


def is_rate(ev: Evidence) -> bool:
    """The figure is a percentage (its unit, or its table column's header)."""
    f = ev.figure
    return norm_unit(f.unit) == "%" or (f.in_table and not f.unit and bool(_RATE_HEADER.search(fold(f.label))))


def unit_fits(ask: Ask, ev: Evidence) -> bool:
    f = ev.figure
    is_percent = is_rate(ev)
    if ask.kind == "percent":
        return is_percent
    if is_percent:
        return not ask.target  # "đạt bao nhiêu" with no noun may ask a rate
    if not ask.target:
        return True
    figure = {"unit": _unit_words(f.unit), "label": f.label, "start": f.start}
    if unit_match(_unit_words(ask.target), figure):
        return True
    if f.unit:
        return False
    named = " ".join(ask.target.split()[:2])
    if " " in named:
        return has_phrase(ev.clause, named)
    # one syllable names a cell's thing only standing alone: "hộ" is not the "hồ" of "Số hồ sơ"
    # (folded alike), nor the "hộ" of "hộ tịch"
    return bool(re.search(rf"\b{named}\b(?!\s+{_CONTENT_SYLLABLE})", fold(ev.clause).lower()))


_CONTENT_SYLLABLE = r"(?!(?:va|cua|la|o|tai|trong|tren|nam|thang)\b)[a-z]+\b"  # a word going on with it
_RATE_HEADER = re.compile(r"%|\bty le\b")  # a table cell under "Tỷ lệ (%)" is a rate


def period_fits(asked: Period, got: Period) -> bool:
    """Does a stated period answer the period asked (see time_fit)?"""
    if asked.yearless:  # "6 tháng đầu năm" asked without a year: the same months of any year
        return got.kind == asked.kind and got.start[4:] == asked.start[4:] and got.end[4:] == asked.end[4:]
    if got.same(asked):
        return True
    if asked.kind == "year":  # a stock stated on a day of the year ("tính đến 30/11/2025") is of that year
        return got.kind in ("point", "day") and got.within(asked)
    if asked.kind == "term":
        return got.overlaps(asked)
    if asked.kind == "year" and got.kind == "term":  # a body's term covering the year asked
        return got.overlaps(asked)
    if asked.kind == "point":
        return got.end == asked.end
    return False


def _unit_words(text: str | None) -> str:
    """A unit as words to compare: folded, abbreviations spelled out, punctuation dropped
    ("TTHC" -> "thu tuc hanh chinh", "cán bộ, công chức" -> "can bo cong chuc")."""
    return expand_abbreviations(re.sub(r"[^\w%/ ]", " ", norm_unit(text)).strip())


def time_fit(asked: Period | None, ev: Evidence) -> float | None:
    """How the evidence's period fits the asked one: 1 (the figure's own period is it), 0.5 (only
    the document's period, or the asked year written beside the figure, says so), 0 (nothing
    asked), None (another period: a near miss). A part of the period asked is another period
    ("quý III/2025" does not answer "năm 2025")."""
    if asked is None:
        return 0.0
    got, own = ev.period, ev.period_level not in ("document", "")
    if got is not None and period_fits(asked, got):
        return 1.0 if own and got.kind != "term" or asked.kind == "term" else 0.5
    if own:
        return None
    written = f"{ev.clause} {ev.sentence}"
    if asked.kind == "year" and str(asked.start[:4]) in written:
        return 0.5  # a dated event beside the figure ("kiện toàn ngày 28/01/2021 ... gồm 13 đ/c")
    return None

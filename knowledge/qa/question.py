"""Question analysis: a question into its asks, each with what kind of answer it wants.

Pure functions over the question text (typed with or without diacritics) and the communes the
knowledge base knows. An Ask is one thing to answer ("bao nhiêu văn bản, chiếm bao nhiêu phần
trăm" is two): its kind (count, percent, ordinal, date, name, list, yes/no, text ...), the noun
it counts or names, and its own words; words before the first ask (the subject) belong to all.
The Question adds what holds for all asks: the communes named (and those named but out of
reach), the period asked, whether the latest figure is wanted, and an operation across
communes or periods (compare, most/least, change).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.figures.units import UNITS
from ingest.text.communes import ANY_PATTERN, UNIT_PATTERN
from ingest.text.normal import fold, has_diacritics, nfc, squash
from ingest.text.periods import YEARLESS, Period, periods_in
from ingest.text.vocabulary import KIND_CODES, KIND_WORDS
from knowledge.qa.lexicon import COMPOUNDS, ORDINAL_NOUNS, QUESTION_WORDS
from knowledge.qa.shorthand import spell_out
from knowledge.qa.terms import content_terms, expand_abbreviations

_KIND_RE = "|".join(sorted((k for k in KIND_WORDS if k != "van ban"), key=len, reverse=True))
_ABBR_RE = "|".join(sorted(KIND_CODES, key=len, reverse=True))

SYMBOL = re.compile(r"\b\d+[a-z]?\s?(?:[-/]\s?[0-9a-zđ&]+)*[-/]\s?[a-zđ][0-9a-zđ&-]*", re.IGNORECASE)
_PERIOD_AFTER = r"(?!\s*(?:thang|nam|quy)\b)"  # "báo cáo 6 tháng" is a report of a period, not number 6
_KIND_NUMBER = re.compile(rf"\b({_KIND_RE}|{_ABBR_RE})\s+(?:so\s*:?\s*)?(\d+)\b{_PERIOD_AFTER}")
_NAMED_DIRECTIVE = re.compile(rf"\b(?:{_KIND_RE}|{_ABBR_RE})\s+(?:so\s*:?\s*)?\d+(?![\d.,])\S*{_PERIOD_AFTER}")
_ASKS_WHICH_DIRECTIVE = re.compile(
    rf"\b({_KIND_RE}|{_ABBR_RE}|van ban)\b(?:\s+(?!ngay\b|khi\b|luc\b)[a-z]+)?\s+(nao|so may|so bao nhieu)\b"
    rf"|\b(can cu|theo|duoc thanh lap theo|bang|kem)\s+({_KIND_RE}|van ban)\b(?:\s+\w+){{0,3}}\s+nao\b"
    rf"|\b(la|so)\s+({_KIND_RE})?\s*so may\b"
    rf"|\b({_KIND_RE}|van ban) gi\b"  # "thực hiện đề án gì"
)
_ASKS_ABOUT_DIRECTIVE = re.compile(r"\b(ngay (?:nao|may|bao nhieu)|khi nao|ve viec gi|noi dung gi|ve gi|do ai|cua ai|co quan nao"
                                   r"|(?:so|ky) hieu(?: \w+){0,2} (?:the nao|ra sao|nao|gi|la gi))\b")
_COMMUNE_PREFIX = rf"(?:{ANY_PATTERN})"
_FOREIGN = re.compile(rf"\b(?i:{UNIT_PATTERN})\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s?){{1,3}})")
# "mấy" folds to "may" like "máy" (machine): trust it written with its diacritic, or in a
# question typed without diacritics when no machine word follows.
_MAY_MACHINE = re.compile(r"\bmay (in|tinh|vi tinh|scan|chu|photo|lay so|phat|bom|cay|xuc|moc|moc)\b")
_LATEST = re.compile(r"\b(hien nay|hien tai|hien co|moi nhat|gan nhat|con lai|hien dang)\b")
_CHANGE = re.compile(r"\b(tang|giam)\s+(them\s+)?(bao nhieu|may)\b|\b(tang|giam) hay (tang|giam)\b"
                     r"|\bso voi\s+(cuoi|dau)?\s*(nam|ky|quy|thang|bao cao)\b|\bbien dong\b|\bthay doi\b")
_CHANGE_WORDS = "tang giam them cuoi dau ky truoc bien dong thay doi hay"
_MORE = re.compile(r"\b(nhieu hon|lon hon|cao hon|rong hon|dong hon|tot hon|som hon|hon)\b")
_LESS = re.compile(r"\b(it hon|nho hon|thap hon|hep hon|muon hon|cham hon)\b")
_MOST = re.compile(r"\b(nhieu nhat|lon nhat|cao nhat|rong nhat|dong nhat|som nhat)\b")
_LEAST = re.compile(r"\b(it nhat|nho nhat|thap nhat|hep nhat|muon nhat)\b")
_DIFF = re.compile(r"\b(chenh lech|chenh|hon kem|khac nhau bao nhieu|hon bao nhieu)\b")
_EACH = re.compile(r"\b(tung noi|tung xa|tung don vi|tung co quan|lan luot|rieng tung)\b")
_EACH_NOUN = re.compile(r"\bmoi (?=(noi|xa|don vi|co quan|nguoi|nam|thang|quy|ngay|thon|lan|ho|chi bo|dang vien)\b)")
_RATE_THEN_HOW_MANY = re.compile(r"\bty le\b[^?]*?(?=\b(?:bao nhieu|may)\b)")
_NEGATED = re.compile(r"\(?\b(?:khong (?:ke|tinh|bao gom)|tru|ngoai)\s+([a-z ,]+?)(?:\)|,|$|\?)")

# Ask markers, most specific first: (kind, pattern). Each marker starts an ask.
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("range", re.compile(r"\btu (ngay|thang|nam) nao den (ngay|thang|nam) nao\b")),
    ("ordinal", re.compile(rf"\b(?P<noun>{'|'.join(ORDINAL_NOUNS)})\s+(?:so\s+)?(?:(?:thu\s+)?(?:may|nao|(?<!dieu )gi)|thu\s+bao nhieu)\b")),
    ("ordinal", re.compile(r"\b(?P<noun>lan thu|ky hop thu|khoa)\s+bao nhieu\b")),
    ("percent", re.compile(r"\b(bao nhieu|may)\s*(phan tram|%)|\bty le\b(?!\s+\w+\s+(?:bao nhieu|may)\s+(?!phan))"
                           r"|\bchiem\b(?! xuan)(?=.*\b(?:bao nhieu|may)\b)")),
    ("date", re.compile(r"\b(ngay (thang nam )?nao|khi nao|bao gio|luc nao|thoi diem nao|thoi gian nao|de ngay)\b")),
    ("year", re.compile(r"\bnam nao\b")),
    ("count", re.compile(r"\b(bao nhieu|may)\b")),
    ("who", re.compile(r"\b(ai|nguoi nao|dong chi nao|ten (la )?gi|ho ten)\b")),
    ("list", re.compile(r"\b(gom (nhung )?(gi|nao|nhung)|nhung gi|nhung \w+( \w+){0,3} nao|cac \w+( \w+){0,3} nao)\b")),
    ("yesno", re.compile(r"\w+.*\b(khong|chua)\s*\??$")),
    ("text", re.compile(r"\b(gi|nhu the nao|ra sao|the nao|nao)\b")),
)
_RATE = re.compile(r"\b(ty le|hai long|phan tram)\b")
_MONEY = re.compile(r"\b(ho tro|kinh phi|chi phi|ngan sach|muc chi|so tien|bao nhieu tien|thu nhap|von|dau tu|"
                    r"nop|thu ngan sach|doanh thu)\b")
# A counted noun of two syllables or more opening a question asked measure first ("hồ sơ ... bao nhiêu");
# "chỉ tiêu ...", "kế hoạch ..." open a target asked, not what it counts
_LEADING_UNIT = re.compile(r"^({})\b".format("|".join(
    sorted({fold(u) for u in UNITS if " " in u and "," not in u} - {"chi tieu", "ke hoach"}, key=len, reverse=True))))
_COUNT_OF = re.compile(r"^(?:tong so|so luong|so)\s+(?!may\b|bao\b)(\w.*)")
_TOTAL_OF = re.compile(r"^tong\s+(?!so\b|hop\b|ket\b)\w")
_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;?]|\bva\b|\bcon\b(?= \w+ (?:bao nhieu|may|nao|gi)))\s*")
_STOPS = [w.replace("_", " ") for w in "va con chiem dat la ai gom so_voi trong_do tren cua o tai duoc da trong tu den "
          "nam tang giam hien_nay hien_tai hien nay".split()]


def _stop(word: str) -> str:
    """A word ending a unit, unless it opens a compound ("tài khoản", "đền bù"): what follows it."""
    seconds = sorted(c.split()[1] for c in COMPOUNDS if c.split()[0] == word)
    return word + (rf"(?! (?:{'|'.join(seconds)})\b)" if seconds else "")


_UNIT_STOP = re.compile(rf"\b({'|'.join(_stop(w) for w in _STOPS)})\b")


@dataclass(frozen=True)
class Ask:
    """One thing to answer."""

    kind: str  # count|percent|ordinal|date|year|range|who|list|yesno|text|directive
    target: str  # folded: the counted noun after "bao nhiêu", or the noun before "mấy" of an ordinal
    words: str  # folded words of the ask with the subject's
    terms: frozenset[str]  # its content terms (syllables, abbreviations expanded), fillers removed
    excluded: frozenset[str] = frozenset()  # terms the question rules out ("không kể công chức")


@dataclass(frozen=True)
class Question:
    text: str
    folded: str
    intent: str  # figure | passage | directive | multi | change | signer | recipients | report_date | issuer | post
    communes: tuple[str, ...]
    foreign: tuple[str, ...]  # communes named but out of reach (or unknown)
    symbols: tuple[str, ...]  # directive symbols or "<kind> <number>" fragments in the question
    asks: tuple[Ask, ...]
    period: Period | None
    periods: tuple[Period, ...] = ()
    latest: bool = False
    op: str = ""  # multi: more|less|most|least|diff|each; change: change
    content: str = ""  # folded question, communes removed (for lexical scoring)
    years: tuple[str, ...] = field(default=())

    @property
    def numeric(self) -> bool:
        return any(a.kind in ("count", "percent") for a in self.asks)


def directive_asks(asks: Sequence[Ask]) -> list[Ask]:
    """The asks of a question a directive answers: those asking which directive, the others
    keeping their kind ("căn cứ quyết định nào, tuyển ai?"); all when none asks which."""
    which = [asks_which_directive(a.words) for a in asks]
    return [Ask("directive", "", a.words, a.terms, a.excluded) if w or not any(which) else a
            for a, w in zip(asks, which)]


def asks_which_directive(folded: str) -> bool:
    """ "theo kế hoạch nào", "bằng văn bản nào", "số mấy": the directive itself is the answer."""
    return bool(_ASKS_WHICH_DIRECTIVE.search(folded))


def _commune_pattern(name: str, folded: bool) -> re.Pattern[str]:
    body = re.escape(fold(name) if folded else nfc(name).lower())
    return re.compile(rf"(?:\b{_COMMUNE_PREFIX}\s+)?(?<!\w){body}(?!\w)")


def find_communes(question: str, known: Sequence[str]) -> list[str]:
    """Known communes named in the question, in order of appearance: with diacritics when the
    question has them ("Cẩm Giang" is not "Cẩm Giàng"), folded otherwise ("cam giang")."""
    folded = not has_diacritics(question)
    haystack = fold(question) if folded else nfc(question).lower()
    found = []
    for name in sorted(set(known), key=len, reverse=True):
        m = _commune_pattern(name, folded).search(haystack)
        if m:
            found.append((m.start(), name))
            haystack = haystack[: m.start()] + " " * (m.end() - m.start()) + haystack[m.end():]
    return [name for _, name in sorted(found)]


def _unknown_communes(text: str, known: Sequence[str]) -> list[str]:
    """ "xã Tân Phước" written with capitals and diacritics, naming no known commune."""
    known_folded = {fold(k) for k in known}
    out = []
    for m in _FOREIGN.finditer(nfc(text)):
        words = m.group(1).split()  # the class's range À-Ỹ holds small letters too ("xã đăng")
        name = " ".join(words[:next((i for i, w in enumerate(words) if not w[0].isupper()), len(words))])
        if name and fold(name) not in known_folded and not any(fold(name).startswith(k) for k in known_folded):
            out.append(name)
    return out


def strip_communes(folded_question: str, communes: Sequence[str]) -> str:
    out = folded_question
    for name in communes:
        out = _commune_pattern(name, True).sub(" ", out)
    return squash(out)


def _may_is_how_many(original: str, after: str) -> bool:
    if "mấy" in nfc(original).lower():
        return True
    if has_diacritics(original):
        return False
    return not _MAY_MACHINE.search("may " + after.strip())


def _marker(clause: str, original: str) -> tuple[str, re.Match[str]] | None:
    for kind, pattern in _MARKERS:
        for m in pattern.finditer(clause):
            if "may" in m.group(0).split() and not _may_is_how_many(original, clause[m.end():]):
                continue
            return kind, m
    return None


def _target(kind: str, clause: str, m: re.Match[str]) -> str:
    if kind == "ordinal":
        return m.group("noun")
    if kind in ("count", "percent"):
        after = _UNIT_STOP.split(clause[m.end():].strip(), maxsplit=1)[0].strip()
        if kind == "percent":
            return "%"
        if after:
            return after
        count = _COUNT_OF.match(clause[:m.start()].strip())
        return _UNIT_STOP.split(count.group(1), maxsplit=1)[0].strip() if count else ""
    return ""


def _excluded(folded: str) -> tuple[str, frozenset[str]]:
    """The question without its exclusions, and the terms they rule out."""
    out: set[str] = set()
    for m in _NEGATED.finditer(folded):
        out |= set(re.findall(r"\w+", m.group(1)))
    rest = _NEGATED.sub(" ", folded)
    return rest, frozenset(out - set(re.findall(r"\w+", rest)) - QUESTION_WORDS)


def split_asks(content: str, original: str) -> list[Ask]:
    """A question (folded, communes and periods removed) into its asks (see the module docstring)."""
    content, excluded = _excluded(content)
    # "tỷ lệ hồ sơ thanh toán phí, lệ phí trực tuyến đạt bao nhiêu": one rate asked, not two asks
    content = _RATE_THEN_HOW_MANY.sub(lambda m: m.group(0).replace(",", " "), content)
    clauses = [c for c in _CLAUSE_SPLIT.split(content) if c.strip()]
    subject: list[str] = []
    asks: list[tuple[str, str, list[str]]] = []  # (kind, target, words)
    lead = ""  # the first ask's words before its marker: "thôn Khe Nước" of "..., bao nhiêu hộ cận nghèo"
    for clause in clauses:
        found = _marker(clause, original)
        if found is None:
            (asks[-1][2] if asks else subject).append(clause)
            continue
        kind, m = found
        if asks and kind == "text" and asks[-1][0] != "text":
            asks[-1][2].append(clause)  # "..., là gì": a tail, not a new ask
            continue
        target, before = _target(kind, clause, m), clause[:m.start()].strip()
        if not asks:  # the words naming what is asked: before the marker, else after it ("ai phụ trách X")
            lead = before or (clause[m.end():].strip() if kind == "who" else "")
        elif lead and not _LINKS.sub("", before).strip():  # "..., bằng bao nhiêu % dự toán": same subject
            clause = f"{lead} {clause}"
        asks.append((kind, target, [clause]))
    if not asks:
        count = _COUNT_OF.match(content.strip())
        if count:  # "Số hồ sơ tiếp nhận trong quý I?": a count asked without "bao nhiêu"
            target = _UNIT_STOP.split(count.group(1), maxsplit=1)[0].strip()
            asks.append(("count", target, [content]))
        elif _TOTAL_OF.match(content.strip()):  # "tổng thu ngân sách quý I": an amount, by its measure
            asks.append(("count", "", [content]))
        else:
            asks.append(("text", "", [content]))
        subject = []  # the whole question is the ask's own words
    shared = " ".join(subject)
    out = []
    for kind, target, words in asks:
        text = squash(f"{shared} {' '.join(words)}")
        if kind == "count" and not target:  # "tổng số hội nghị, ... là bao nhiêu": the noun after "số"
            count = re.search(r"\b(?:tong so|so luong)\s+(?!may\b|bao\b|lieu\b)(\w+(?: \w+)?)", text) \
                or re.search(r"^so\s+(?!may\b|bao\b|lieu\b)(\w+(?: \w+)?)", text)
            target = count.group(1) if count else ""
        if (kind == "count" and not target or kind == "ordinal" and re.search(r"\bmuc nao\b", text)) \
                and _RATE.search(text):
            kind, target = "percent", "%"  # "mức độ hài lòng ... đạt bao nhiêu", "hài lòng tới mức nào": a rate
        elif kind == "count" and not target and _LEADING_UNIT.match(text):  # "hs nộp trực tuyến bn": the noun first
            target = _LEADING_UNIT.match(text).group(1)
        elif kind == "count" and (not target or target == "tien") and _MONEY.search(text):
            target = "dong"  # "hỗ trợ bao nhiêu", "kinh phí bao nhiêu", "bao nhiêu tiền": an amount of money
        target = expand_abbreviations(target)
        out.append(Ask(kind, target, text, content_terms(text) - excluded, excluded))
    return out


def _each(content: str, asks: list[Ask]) -> list[Ask]:
    """ "Đảng ủy, HĐND, UBND mỗi nơi tổ chức bao nhiêu hội nghị": one ask per item listed."""
    m = _EACH.search(content)
    if not m or len(asks) != 1:
        return asks
    items = [" ".join(i.split()[-2:]) for i in re.split(r",|\bva\b", content[:m.start()]) if i.strip()]
    if len(items) < 2:
        return asks
    ask, tail = asks[0], content[m.end():]
    return [Ask(ask.kind, ask.target, f"{item} {tail}", content_terms(f"{item} {tail}") - ask.excluded, ask.excluded)
            for item in items]


def _op(folded: str, communes: Sequence[str]) -> str:
    if _DIFF.search(folded):
        return "diff"
    if _MOST.search(folded):
        return "most"
    if _LEAST.search(folded):
        return "least"
    if _LESS.search(folded):
        return "less"
    if _MORE.search(folded) and (len(communes) >= 2 or re.search(r"\b(xa|noi|don vi) nao\b", folded)):
        return "more"
    return "each" if len(communes) >= 2 else ""


_LINKS = re.compile(r"\b(va|con|the|roi|bang|dat|chiem|tang|giam|la|duoc|co|ty le|ti le)\b")
_ASKING = re.compile(r"^\s*(?:(?:cho|xin|toi|em|minh|muon|can)\s+)*hoi\b")  # "cho hỏi ...", not "hội"
# Words about the documents, not in them: "theo báo cáo", "trong văn bản này", "số liệu về"
_META = re.compile(r"\b(?:(?:trong|theo|tai|o) (?:cac )?(?:bao cao|van ban|tai lieu)(?: nay)?|so lieu(?: ve)?)\b")


def _fold_question(text: str) -> str:
    """The folded question with "mỗi" (each) told apart from "mới" (new), which both fold to
    "moi": "mỗi" becomes "tung" (by its diacritics, or by the noun it distributes over)."""
    folded = fold(text)
    if not has_diacritics(text):
        return _EACH_NOUN.sub("tung ", folded)
    low = nfc(text).lower()  # fold keeps offsets: the written word stands at the same place
    return re.sub(r"\bmoi\b", lambda m: "tung" if low[m.start():m.end()] == "mỗi" else "moi", folded)


def analyse(question: str, known_communes: Sequence[str], reach: Sequence[str] | None = None) -> Question:
    """`known_communes`: every commune the knowledge base has; `reach`: those the asker may see
    (all when None). Communes named outside the reach are `foreign`."""
    text = squash(spell_out(question))
    folded = _fold_question(text)
    named = find_communes(text, known_communes)
    foreign = [c for c in named if reach is not None and c not in reach] + _unknown_communes(text, known_communes)
    communes = tuple(c for c in named if c not in foreign)
    content = squash(_META.sub(" ", _ASKING.sub(" ", strip_communes(folded, named))))
    symbols = tuple(dict.fromkeys(
        [squash(m.group(0)).replace(" ", "") for m in SYMBOL.finditer(text)]
        + [f"{m.group(1)} {m.group(2)}" for m in _KIND_NUMBER.finditer(folded)]
    ))
    years = tuple(dict.fromkeys(re.findall(r"\b(?:19|20)\d\d\b", folded)))
    periods = tuple(periods_in(content, default_year=YEARLESS, bare_years=True))
    about = content
    for p in sorted(periods, key=lambda p: -p.at):
        about = about[:p.at] + " " + about[p.at + len(p.text):]
    # the directive a question names is not what it measures ("nghị quyết 12/NQ-HĐND hỗ trợ bao nhiêu")
    about = squash(SYMBOL.sub(" ", _NAMED_DIRECTIVE.sub(" ", about)))
    asks = _each(about, split_asks(about, text))
    op = _op(folded, communes)
    intent = _intent(folded, communes, symbols, asks, op)
    if intent == "change":  # "tăng bao nhiêu so với cuối năm": the measure is what is left
        change = set(_CHANGE_WORDS.split())
        asks = [Ask(a.kind, a.target, a.words, frozenset(t for t in a.terms if not change & set(t.split())
                                                         and t != "so voi"), a.excluded) for a in asks]
    if intent == "directive":
        asks = directive_asks(asks)
    return Question(text, folded, intent, communes, tuple(dict.fromkeys(foreign)), symbols, tuple(asks),
                    periods[0] if periods else None, periods, bool(_LATEST.search(folded)), op, content, years)


def _intent(folded: str, communes: Sequence[str], symbols: Sequence[str], asks: Sequence[Ask], op: str) -> str:
    if all(a.kind == "yesno" for a in asks):
        return "passage"
    if len(communes) >= 2 or op in ("most", "least"):
        return "multi"
    return single_intent(folded, symbols, asks)


_SIGNER = re.compile(r"\b(ai ky|do ai ky|nguoi ky|ky ten|ky thay)\b")
_POSTS = r"(pho chu tich|chu tich|pho bi thu|bi thu|truong ban|giam doc|chu nhiem)"
_POST_HOLDER = re.compile(rf"\b{_POSTS}\b.*\b(la ai|ten (la )?gi|ho ten|ten nao|ai)\b"
                          rf"|\b(ai|nguoi nao|dong chi nao) (la|lam|giu chuc) {_POSTS}\b")  # "ai là bí thư"
_REPORT = re.compile(r"\b(bao cao|van ban nay|ke hoach nay)\b")
_REPORT_DATE = re.compile(r"\b(de ngay|ngay thang nam nao|ky ngay nao|ban hanh ngay nao|ngay nao)\b")
_ASKS_NUMBER = re.compile(r"\bso (may|bao nhieu|nao)\b|\btu ngay nao\b")
_ISSUER = re.compile(r"\bdo (co quan|don vi|ai|cap) (nao )?ban hanh\b|\bco quan (nao )?ban hanh\b")
_RECIPIENTS = re.compile(r"\b(gui (len|den|toi|cho|nhung|nhu|di)?|noi nhan|nhan bao cao)\b")


def single_intent(folded: str, symbols: Sequence[str], asks: Sequence[Ask]) -> str:
    """What answers a question about one commune (or none): a report's own facts (signer,
    recipients, date, issuer, a post's holder), a directive, a change over time, figures, a passage."""
    report = bool(_REPORT.search(folded))
    if report and _SIGNER.search(folded):
        return "signer"
    if report and _RECIPIENTS.search(folded) and re.search(r"\b(co quan nao|noi nao|dau|ai|nhung ai|cap nao)\b", folded):
        return "recipients"
    if report and _ISSUER.search(folded):
        return "issuer"
    if report and _REPORT_DATE.search(folded) and not _ASKS_NUMBER.search(folded) and not any(
            "/" in s or "-" in s for s in symbols):
        return "report_date"
    named_only = symbols and not any(a.terms for a in asks)  # "nq 57", "kết luận 176": the directive itself
    if named_only or asks_which_directive(folded) or (symbols and _ASKS_ABOUT_DIRECTIVE.search(folded)) or (
            re.search(r"\bso may\b", folded) and re.search(rf"\b({_KIND_RE}|{_ABBR_RE})\b", folded)):
        return "directive"
    if _CHANGE.search(folded) and len(asks) == 1 and asks[0].kind == "count":  # "ước đạt bao nhiêu, tăng bao
        return "change"  # nhiêu %?" asks two figures the report states: no change to work out
    if any(a.kind in ("count", "percent") for a in asks):
        return "figure"
    if _POST_HOLDER.search(folded):
        return "post"
    return "passage"

"""Question analysis: what kind of answer is wanted, about which commune, measuring what.

Pure functions over the question text (typed with or without diacritics) and the
list of communes the knowledge base knows.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.text.normal import fold, has_diacritics, nfc, squash
from ingest.text.vocabulary import ABBREVIATIONS, KINDS

# Directive kind words and their abbreviations, folded ("nghi quyet", "nq"), from the citation extractor.
KIND_WORDS = {fold(k): k for k in KINDS if k != "Văn bản"}
KIND_ABBREVIATIONS = {fold(code): kind for code, kind in ABBREVIATIONS.items()}
_KIND_RE = "|".join(sorted(KIND_WORDS, key=len, reverse=True))
_ABBR_RE = "|".join(sorted(KIND_ABBREVIATIONS, key=len, reverse=True))

SYMBOL = re.compile(r"\b\d+[a-z]?\s?(?:[-/]\s?[0-9a-zđ&]+)*[-/]\s?[a-zđ][0-9a-zđ&-]*", re.IGNORECASE)
_KIND_NUMBER = re.compile(rf"\b({_KIND_RE}|{_ABBR_RE})\s+(?:so\s*:?\s*)?(\d+)\b")
_NAMED_DIRECTIVE = re.compile(rf"\b(?:{_KIND_RE}|{_ABBR_RE})\s+(?:so\s*:?\s*)?\d\S*")
_ASKS_WHICH_DIRECTIVE = re.compile(
    rf"\b({_KIND_RE}|van ban)\b(?:\s+(?!ngay\b|khi\b|luc\b)[a-z]+)?\s+(nao|so may|so bao nhieu)\b"
    rf"|\b(can cu|theo|duoc thanh lap theo|bang)\s+({_KIND_RE}|van ban)\b(?:\s+\w+){{0,3}}\s+nao\b"
)
_ASKS_ABOUT_DIRECTIVE = re.compile(r"\b(ngay nao|ve viec gi|noi dung gi|ve gi|do ai|cua ai|co quan nao|ban hanh khi nao)\b")
_YES_NO = re.compile(r"\bnao khong\b|\bkhong\s*\?*$")
_HOW_MANY = re.compile(r"\bbao nhieu\b|\bty le\b|\bphan tram\b")
_COMPARE = re.compile(r"\bhon\b|\bso voi\b|\bchenh lech\b")
# "mấy" folds to "may" like "máy" (machine): only trust it when written with its diacritic,
# or, in a question typed without any diacritics, when it is not followed by a machine word.
_MAY_MACHINE = re.compile(r"\bmay (in|tinh|scan|chu|photo|lay so|phat|bom|cay|xuc|moc)\b")


@dataclass(frozen=True)
class Ask:
    """One 'how many' inside a question: the counted noun after it and the measure before it."""

    unit: str  # folded words after "bao nhiêu"/"mấy" ("dang vien", "ho so tthc tren phan mem dien tu")
    measure: str  # folded words before it ("dan so", "muc do hai long"), commune removed


@dataclass(frozen=True)
class Question:
    text: str
    folded: str
    intent: str  # "figure" | "directive" | "compare" | "passage"
    communes: tuple[str, ...]
    symbols: tuple[str, ...]  # directive symbols or "<kind> <number>" fragments in the question
    asks: tuple[Ask, ...]
    years: tuple[str, ...]
    content: str  # folded question with commune names removed (for lexical scoring)


def asks_which_directive(folded: str) -> bool:
    """ "theo kế hoạch nào", "bằng văn bản nào", "số mấy": the directive itself is the answer."""
    return bool(_ASKS_WHICH_DIRECTIVE.search(folded))


def _commune_pattern(name: str, folded: bool) -> re.Pattern[str]:
    body = re.escape(fold(name) if folded else nfc(name).lower())
    return re.compile(rf"(?:\b(?:xa|xã|phuong|phường|thi tran|thị trấn)\s+)?(?<!\w){body}(?!\w)")


def find_communes(question: str, known: Sequence[str]) -> list[str]:
    """Known communes named in the question, in order of appearance.

    Matched with diacritics when the question has them ("Cẩm Giang" is not "Cẩm Giàng"),
    folded otherwise ("cam giang").
    """
    folded = not has_diacritics(question)
    haystack = fold(question) if folded else nfc(question).lower()
    found = []
    for name in sorted(set(known), key=len, reverse=True):
        m = _commune_pattern(name, folded).search(haystack)
        if m:
            found.append((m.start(), name))
            haystack = haystack[: m.start()] + " " * (m.end() - m.start()) + haystack[m.end():]
    return [name for _, name in sorted(found)]


def strip_communes(folded_question: str, communes: Sequence[str]) -> str:
    out = folded_question
    for name in communes:
        out = _commune_pattern(name, True).sub(" ", out)
    return squash(out)


_COUNT_OF = re.compile(r"^(?:tong so|so luong|so)\s+(?!may\b|bao\b)(\w.*)")
_ASK_SPLIT = re.compile(r"\b(bao nhieu|may)\b")
_STOP_AFTER = re.compile(r"[,;?.!]|\b(va|con|chiem|dat|la|ai|gom|so voi|trong do)\b")
_LEAD_WORDS = re.compile(
    r"^(?:.*\b(?:co|la|dat|gom|duoc|nhan duoc|ban hanh|giai quyet|tiep nhan|gui|to chuc|rong)\b\s*)"
)
_QUESTION_FILLER = re.compile(
    r"\b(hien nay|hien tai|khoang|thi|nhu the nao|ra sao|cua|o|tai|trong|nam nay)\b"
)


def _asks(content: str, original: str) -> list[Ask]:
    """Split a 'how many' question into its asks: "bao nhiêu kết luận và bao nhiêu kế hoạch" -> two."""
    parts = _ASK_SPLIT.split(content)
    asks = []
    # parts: [before, marker, after, marker, after, ...]
    for i in range(1, len(parts), 2):
        marker, after = parts[i], parts[i + 1]
        if marker == "may" and not _may_is_how_many(original, after):
            continue
        unit = _STOP_AFTER.split(after, maxsplit=1)[0].strip()
        before = parts[i - 1]
        before = re.split(r"[,;?.!]|\bva\b", before)[-1] if i > 1 else before
        measure = squash(_QUESTION_FILLER.sub(" ", before))
        measure = re.sub(r"\b(co|la|dat|gom|duoc|chiem|muc)\s*$", "", measure).strip()
        asks.append(Ask(unit=unit, measure=measure))
    if not asks and _HOW_MANY.search(content):  # "tỷ lệ ... ?" without bao nhiêu
        asks.append(Ask(unit="%", measure=squash(_QUESTION_FILLER.sub(" ", content))))
    count = _COUNT_OF.match(content)
    if not asks and count:  # "Số hồ sơ tiếp nhận trong quý I?": a count asked without "bao nhiêu"
        asks.append(Ask(unit=_STOP_AFTER.split(count.group(1), maxsplit=1)[0].strip(), measure=""))
    return asks


def _may_is_how_many(original: str, after: str) -> bool:
    if "mấy" in nfc(original).lower():
        return True
    if has_diacritics(original):
        return False
    return not _MAY_MACHINE.search("may " + after.strip())


def analyse(question: str, known_communes: Sequence[str]) -> Question:
    text = squash(question)
    folded = fold(text)
    communes = tuple(find_communes(text, known_communes))
    content = strip_communes(folded, communes)
    symbols = tuple(dict.fromkeys(
        [squash(m.group(0)).replace(" ", "") for m in SYMBOL.finditer(text)]
        + [f"{m.group(1)} {m.group(2)}" for m in _KIND_NUMBER.finditer(folded)]
    ))
    years = tuple(dict.fromkeys(re.findall(r"\b(?:19|20)\d\d\b", folded)))
    # the directive a question names is not what it measures ("nghị quyết 12/NQ-HĐND hỗ trợ bao nhiêu")
    about = squash(SYMBOL.sub(" ", _NAMED_DIRECTIVE.sub(" ", content)))
    asks = tuple(_asks(about, text))
    if _YES_NO.search(folded):
        intent = "passage"
    elif asks_which_directive(folded) or (symbols and _ASKS_ABOUT_DIRECTIVE.search(folded)):
        intent = "directive"
    elif len(communes) >= 2 and _COMPARE.search(folded):
        intent = "compare"
    elif asks:
        intent = "figure"
    else:
        intent = "passage"
    return Question(text, folded, intent, communes, symbols, asks, years, content)

"""Sentences of Vietnamese report prose: the one splitter of figures, passages and citing sentences.

A sentence ends at ".", "!", "?" or "…" (closing quotes or brackets may follow) and the
whitespace after it, when the next text, past a bullet ("-", "+", "•", "*") or an opening
quote or bracket, starts with a capital letter or a digit. Why each part, for report prose:
- whitespace after the mark: numbers and symbols have none inside ("1.280", "26,64",
  "98.5%", "57-NQ/TW", "1669/NQ-UBTVQH15"), so they never end a sentence;
- a capital or a digit next: reports start every sentence that way, while a dot before a
  lower-case word is an abbreviation or a typo ("đ/c. trưởng", "v.v. các");
- not after a title or place abbreviation with its dot ("TP. Hải Phòng", "Tp. Hà Nội",
  "ThS. Nguyễn Văn A", "Đ/c. Lan"): a capital name always follows those;
- not after a bare list label at the sentence start ("2.1. Kết quả", "II. Nhiệm vụ",
  "a. Tuyên truyền"): the label opens the sentence that follows it.

Two parameters, each for a reason:
- `ends`, the marks that end a unit. Sentences (the default) are what a figure's label and
  context are read from, so ";" and ":" do not end them ("Tổng số: 12 hồ sơ; trong đó đúng
  hạn 10"). CLAUSE_ENDS adds ";" for cutting at list items: a paragraph too long for one
  passage is cut there too.
- `starts_only=False` cuts at every end mark followed by whitespace, whatever follows: the
  short citing sentence of a directive mention, which the directive answerer ranks and quotes.
"""
from __future__ import annotations

import re
from functools import lru_cache

SENTENCE_ENDS = ".!?…"
CLAUSE_ENDS = SENTENCE_ENDS + ";"

_CLOSERS = "'\"”’)]"
_OPENERS = "\"“'‘(*-+•– "  # bullets and opening quotes skipped before the capital or digit
_ABBREVIATIONS = {"tp", "tx", "tt", "ths", "ts", "pgs", "gs", "bs", "mr", "st", "q", "p", "th.s", "đ/c"}
_LAST_WORD = re.compile(r"[\w./]+$")
_LABEL_ONLY = re.compile(r"^\s*(?:[IVXLC]+|[0-9]+(?:\.[0-9]+)*|[a-zđ])\s*$", re.IGNORECASE)


@lru_cache(maxsize=8)
def _end_pattern(ends: str) -> re.Pattern[str]:
    marks = "".join(re.escape(ch) for ch in ends)
    return re.compile(rf"[{marks}]+[{re.escape(_CLOSERS)}]*\s+")


def sentence_spans(text: str, ends: str = SENTENCE_ENDS, starts_only: bool = True) -> list[tuple[int, int]]:
    """(start, end) of each sentence, in order, without the whitespace around it.

    starts_only=False cuts at every end mark followed by whitespace, whatever comes next.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _end_pattern(ends).finditer(text):
        if starts_only and not _next_sentence(text, start, m):
            continue
        spans.append((start, m.start() + len(m.group().rstrip())))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in spans if text[a:b].strip()]


def _next_sentence(text: str, start: int, end: re.Match[str]) -> bool:
    """Whether a sentence starts after the end mark: a capital or a digit next, the mark no
    abbreviation's dot, the text since `start` no bare list label."""
    nxt = text[end.end():end.end() + 3].lstrip(_OPENERS)
    if not nxt or not (nxt[0].isupper() or nxt[0].isdigit()):
        return False
    before = text[start:end.start()]
    word = _LAST_WORD.findall(before)
    if word and word[0].lower().rstrip(".") in _ABBREVIATIONS and text[end.start()] == ".":
        return False
    return not _LABEL_ONLY.match(before)


def sentences(text: str, ends: str = SENTENCE_ENDS, starts_only: bool = True) -> list[str]:
    """The sentences of `text` as written."""
    return [text[a:b] for a, b in sentence_spans(text, ends, starts_only)]


def sentence_around(text: str, start: int, end: int, ends: str = SENTENCE_ENDS, starts_only: bool = True) -> str:
    """The sentence holding text[start:end] (all the sentences it spans, if it crosses an end)."""
    spans = sentence_spans(text, ends, starts_only)
    left = max((a for a, _ in spans if a <= start), default=0)
    right = min((b for _, b in spans if b >= end), default=len(text))
    return text[left:right].strip()


def citing_sentence(paragraph: str, start: int, end: int) -> str:
    """The sentence quoting a directive's mention at paragraph[start:end], cut at ";" too, since
    directives are often listed one per clause ("Thực hiện Nghị quyết số ...; Kế hoạch số ...")."""
    return sentence_around(paragraph, start, end, ends=CLAUSE_ENDS, starts_only=False)

"""The issuer (and date) a mention without its own takes from its governing clause or neighbour.

"Đảng ủy ra Quyết định số ...", "Ngày 14/8/2023 UBND xã ban hành Kế hoạch số ...", list
continuations "X ban hành Quyết định số A ...; Quyết định số B ...", and "Kế hoạch số A ... và
Kế hoạch số B ... của UBND xã" (A shares B's issuer).
"""
from __future__ import annotations

import re

from ingest.citations.grammar import (
    DATE_BODY,
    KIND_ALT,
    MENTION_RE,
    clause_start,
    parse_date,
    sentence_start,
)
from ingest.citations.organs import HEAD_RE, issuer_end
from ingest.text.normal import squash

_GOV_VERB_END_RE = re.compile(
    r"(?:,\s*)?(?:(?<!\w)(?i:đã|sẽ|vừa|tiếp tục|đồng thời)\s+)*"
    r"(?:(?<!\w)(?i:(?P<verb>ký ban hành|ban hành|đề ra|ra|xây dựng|ký|thông qua|phê duyệt)))?\s*$"
)
_GOV_VERB_KIND_RE = re.compile(
    rf"(?<!\w)(?i:(?:đã\s+)?(?:ký ban hành|ban hành|ra|xây dựng|ký)\s+(?:các\s+)?)(?=(?i:{KIND_ALT})(?!\w))"
)
_GOV_DATE_RE = re.compile(rf"(?i:ngày)\s*(?i:ngày\s*)?(?P<date>{DATE_BODY})\s*[,;]?\s*(?P<rest>[^.;:\d]*)$")
_DATE_ONLY_CLAUSE_RE = re.compile(
    rf"^[\s\-+*•–]*(?i:ngày)\s*(?i:ngày\s*)?(?P<date>{DATE_BODY})\s*[,;]?\s*$")


def read_governing(s: str, h: dict, previous: dict | None) -> None:
    """Issuer (and date) from the clause that governs a mention without its own issuer.

    "Đảng ủy ra Quyết định số ...", "Ngày 14/8/2023 UBND xã ban hành Kế hoạch số ...",
    and list continuations "X ban hành Quyết định số A ...; Quyết định số B ...".
    """
    if h["issuer"] is not None:
        return
    start = clause_start(s, h["start"])
    if previous and start <= previous["end"] <= h["start"]:
        start = previous["end"]
    clause = s[start:h["start"]]
    if h["date_text"] is None:
        _read_governing_date(s, start, clause, h)
    issuer = _issuer_before(clause)
    if issuer:
        h["issuer"], h["issuer_from_clause"] = issuer, True
        return
    if not clause.strip(" \t\u00a0;,") or clause.strip() in ("và", "; và"):
        if previous and previous["end"] <= h["start"] and not s[previous["end"]:h["start"]].strip(
                " \t\u00a0;,và") and previous.get("issuer_from_clause"):
            h["issuer"], h["issuer_from_clause"] = previous["issuer"], True
            return
        h["issuer"] = _issuer_from_earlier_segments(s, h["start"])
        h["issuer_from_clause"] = h["issuer"] is not None


def _read_governing_date(s: str, start: int, clause: str, h: dict) -> None:
    """"Ngày 14/8/2023[;] UBND xã ban hành Kế hoạch số ...": the date the clause gives."""
    verb = _GOV_VERB_END_RE.search(clause)
    if not (verb and verb.group("verb")) or verb.group("verb").lower() not in ("ban hành", "ký ban hành", "ký", "ra", "đề ra"):
        return
    m = _GOV_DATE_RE.search(clause)
    if not m:  # "Ngày 30 tháng 12 năm 2022; UBND xã ban hành ...": the date stands alone before ";"
        before = s[clause_start(s, max(start - 1, 0)):start]
        m = _DATE_ONLY_CLAUSE_RE.match(before)
    if m:
        h["date_text"], h["date"] = parse_date(m)


def share_issuer_forward(s: str, heads: list[dict]) -> None:
    """"Kế hoạch số A ngày ... và Kế hoạch số B ngày ... của UBND xã": A shares B's issuer."""
    for h, nxt in reversed(list(zip(heads, heads[1:]))):
        if h["issuer"] is None and h["subject"] is None and nxt["issuer"] is not None \
                and s[h["end"]:nxt["start"]].strip() == "và":
            h["issuer"], h["issuer_from_clause"] = nxt["issuer"], nxt["issuer_from_clause"]


def _issuer_before(clause: str) -> str | None:
    """The organisation right before an issuing verb (or right before the mention)."""
    verb = _GOV_VERB_END_RE.search(clause)
    pre = clause[:verb.start()] if verb else clause
    has_verb = bool(verb and verb.group("verb"))
    if not has_verb and pre.rstrip() != pre.rstrip(" ,"):  # "X, Kế hoạch số ..." is a list, not X's
        return None
    body = pre.rstrip(" \t\u00a0,")
    for m in HEAD_RE.finditer(body):
        span = body[m.start():]
        words = span.split()
        if len(words) > 10 or re.search(r"[\d;:.()“”\"]", span) or "," in span:
            continue
        if issuer_end(span, 0, len(span)) != len(span):
            continue
        return squash(span)
    return None


def _issuer_from_earlier_segments(s: str, pos: int) -> str | None:
    """Walk back over "; "-separated document items to a governing "X ra/ban hành <Kind>"."""
    sentence = sentence_start(s, pos)
    end = s.rfind(";", sentence, pos)
    for _ in range(5):
        if end < sentence or end == -1:
            return None
        begin = max(s.rfind(";", sentence, end) + 1, sentence)
        segment = s[begin:end]
        m = _GOV_VERB_KIND_RE.search(segment)
        if m:
            return _issuer_before(segment[:m.end()])
        if not MENTION_RE.match(segment.lstrip()) and not re.match(
                rf"(?i:{KIND_ALT})(?!\w)", segment.lstrip()):
            return None
        end = begin - 1
    return None

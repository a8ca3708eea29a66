"""Directive lookup: fragments ("1669", "nq 1669", "nghi quyet 1669", "KH 59-KH/TU", "57-NQ/TW") in,
ranked candidates from the registry (knowledge.directives.registry) out. Ambiguous fragments return
every candidate; nothing is guessed. Source errors are kept as written and flagged in `notes`.

With `communes`, only what those communes' documents say is visible (see the registry).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from ingest.citations.keys import canonical_key
from ingest.text.normal import fold, nfc, squash
from ingest.text.vocabulary import KIND_CODES, KIND_WORDS
from knowledge.directives.phrasing import DirectiveFacts, directive_phrase
from knowledge.directives.registry import Candidate, registry, symbol_parts

_SYMBOL_TOKEN = re.compile(r"\d{1,5}(?:\s?[-/]\s?(?:(?:19|20)\d{2}|[A-Za-zĐđ][0-9A-Za-zĐđ]*))+")
_DATE = re.compile(r"(?<!\d)\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:19|20)?\d{2}(?!\d)")
_NUMBER_TOKEN = re.compile(r"(?<![\w/.\-])\d{1,5}(?![\w/.\-]*\w)")
MAX_CANDIDATES = 50  # a bare number may match many documents: show at most this many
# Match tiers, best first. When the best match is a number match, weaker tiers are not shown.
SYMBOL, KIND_NUMBER, NUMBER = 3.0, 2.0, 1.0  # the symbol typed; number and kind agree; the number alone
SUBJECT_MIN_COVERAGE = 0.6  # share of the typed words a subject must hold when no number is typed
SUBJECT_WEIGHT = 0.5  # subject matches rank below every number match (tier < NUMBER)
_QUERY_STOP = {"so", "ngay", "cua", "ve", "viec", "van", "ban", "tra", "cuu", "tim", "nam", "thang", "la", "gi"}


# ---------------------------------------------------------------- the query

@dataclass(frozen=True)
class Query:
    symbols: tuple[tuple[str, tuple], ...]  # (canonical key, symbol parts) of each symbol typed
    kinds: tuple[str, ...]  # kinds named by word or abbreviation
    numbers: tuple[tuple[str, str | None], ...]  # (number, year) typed without a type code
    words: frozenset[str]  # other folded words (subject search)


def parse_query(text: str) -> Query:
    s = _DATE.sub(" ", squash(nfc(text)))  # "ngày 21/5/2026" is not a symbol
    symbols, numbers = [], []
    rest = s
    for m in _SYMBOL_TOKEN.finditer(s):
        token = re.sub(r"\s+", "", m.group())
        parts = symbol_parts(token)
        if parts[1] or parts[3]:
            symbols.append((canonical_key("", None, token), parts))
        else:  # "61/2018": a number and its year
            numbers.append((parts[0], parts[2]))
        rest = rest.replace(m.group(), " ")
    folded = fold(rest)
    kinds = []
    for word in sorted(KIND_WORDS, key=len, reverse=True):
        if re.search(rf"\b{word}\b", folded):
            kinds.append(KIND_WORDS[word])
            folded = re.sub(rf"\b{word}\b", " ", folded)
    for code in sorted(KIND_CODES, key=len, reverse=True):
        if re.search(rf"\b{code}\b", folded):
            kinds.append(KIND_CODES[code])
            folded = re.sub(rf"\b{code}\b", " ", folded)
    for m in _NUMBER_TOKEN.finditer(folded):
        numbers.append((m.group().lstrip("0") or "0", None))
    words = frozenset(w for w in re.findall(r"[a-z0-9]+", _NUMBER_TOKEN.sub(" ", folded))
                      if len(w) > 1 and w not in _QUERY_STOP)
    return Query(tuple(symbols), tuple(dict.fromkeys(kinds)), tuple(numbers), words)


def _kind_fits(kind: str, entry_kinds: set[str], code: str | None) -> bool:
    return kind in entry_kinds or KIND_CODES.get(code or "") == kind


def _tier(q: Query, c: Candidate) -> tuple[float, str]:
    """SYMBOL: the symbol typed; KIND_NUMBER: number and kind (and year, issuer) agree; NUMBER: the
    number alone; below NUMBER: subject words (for a query without any number)."""
    best, how = 0.0, ""
    for key, (qn, qcode, qyear, qissuer) in q.symbols:
        if key == c.entry.key:
            return SYMBOL, "symbol"
        if qn != c.number:
            continue
        if qcode and not _kind_fits(KIND_CODES.get(qcode, ""), c.kinds, c.parts[1]):
            best, how = max((best, how), (NUMBER, "number"))
            continue
        if qyear and c.parts[2] and qyear != c.parts[2]:
            continue
        if qissuer and c.parts[3] and qissuer != c.parts[3]:
            best, how = max((best, how), (NUMBER, "number"))
            continue
        best, how = KIND_NUMBER, "kind+number"
    for qn, qyear in q.numbers:
        if qn != c.number or (qyear and c.parts[2] and qyear != c.parts[2]):
            continue
        if q.kinds:
            if any(_kind_fits(k, c.kinds, c.parts[1]) for k in q.kinds):
                best, how = max((best, how), (KIND_NUMBER, "kind+number"))
        else:
            best, how = max((best, how), (NUMBER, "number"))
    if not q.symbols and not q.numbers and q.words:
        coverage = len(q.words & c.words) / len(q.words)
        kind_ok = not q.kinds or any(_kind_fits(k, c.kinds, c.parts[1]) for k in q.kinds)
        if coverage >= SUBJECT_MIN_COVERAGE and kind_ok:
            best, how = SUBJECT_WEIGHT * coverage, "subject"
    return best, how


def lookup(db: Database, text: str, communes: Sequence[str] | None = None) -> list[dict]:
    """Candidates for a directive fragment, best first (every candidate when ambiguous)."""
    q = parse_query(text)
    scored = []
    for c in registry(db).candidates(communes):
        tier, how = _tier(q, c)
        if tier > 0:
            words = len(q.words & c.words) / len(q.words) if q.words else 0.0
            scored.append((tier, words, len(c.entry.mentions), _date_rank(c.facts.date), c.entry.key, how, c))
    if not scored:
        return []
    top = max(s[0] for s in scored)
    floor = KIND_NUMBER if top >= KIND_NUMBER else (NUMBER if top >= NUMBER else 0.0)
    kept = sorted((s for s in scored if s[0] >= floor), key=lambda s: (-s[0], -s[1], -s[2], -s[3], s[4]))
    out = []
    for *_, how, c in kept[:MAX_CANDIDATES]:
        d = c.entry.as_dict()
        d["match"] = how
        out.append(d)
    _flag_ambiguous(out)
    return out


def _date_rank(iso: str) -> int:
    return int(iso.replace("-", "")) if iso else 0


def _flag_ambiguous(entries: list[dict]) -> None:
    """Several candidates with the same kind and number: say so on each."""
    groups = Counter((e["kind"], (e["number"] or "").lstrip("0")) for e in entries)
    for e in entries:
        n = groups[(e["kind"], (e["number"] or "").lstrip("0"))]
        if n > 1:
            e["notes"].append(f"Có {n} văn bản cùng loại và cùng số {e['number']}: kiểm tra ngày và cơ quan ban hành.")


def describe(entry: dict) -> str:
    """A lookup result in one line: "Nghị quyết số 1669/NQ-UBTVQH15 ngày 16/6/2025 của ... về ..."."""
    return directive_phrase(DirectiveFacts.of(entry))


def own_text_passages(retriever, entry: dict, question: str, k: int = 3) -> list:
    """Passages of the directive's own text that answer `question` (empty when its text is not ingested)."""
    if not entry.get("doc_id"):
        return []
    return retriever.search(question, k=k, doc_ids=[entry["doc_id"]])

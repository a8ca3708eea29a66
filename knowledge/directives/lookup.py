"""Directive lookup: the registry of cited documents and fragment search over it.

Owns: the in-memory registry built from the citations and documents tables (one entry per
distinct directive: citations sharing a canonical key are split when their dates or issuers
show they are different documents, e.g. "Kế hoạch số 02/KH-UBND" of three communes), the
link to a directive's own text when it has been ingested (documents.doc_type + number), and
`lookup(db, text, communes)`: fragments ("1669", "nq 1669", "nghi quyet 1669",
"KH 59-KH/TU", "57-NQ/TW") in, ranked candidates out. Ambiguous fragments return every
candidate; nothing is guessed. Source errors are kept as written and flagged in `notes`.

Access control: with `communes`, only citations of those communes' documents (and own texts
stored under them) are visible, and every field is computed from what is visible.
"""
from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from ingest.citations.keys import canonical_key
from ingest.text.normal import fold, nfc, squash
from ingest.text.vocabulary import ABBREVIATIONS, KINDS

log = logging.getLogger(__name__)

# Folded type codes ("qd", "nd", "ctr") and kind words ("nghi quyet") -> kind.
TYPE_CODES = {fold(code): kind for code, kind in ABBREVIATIONS.items()}
KIND_WORDS = {fold(k): k for k in KINDS}
# Issuer parts of symbols that one body alone uses: never split a key on issuer wording.
_UNIQUE_ISSUERS = re.compile(r"^(?:tw|cp|ttg|vptw|bct|bbt|vpcp|ubtvqh\d*|qh\d*|btctw|ubkttw)$")
_LEVELS = (
    ("tw", r"\b(?:trung uong|bo chinh tri|ban bi thu|chinh phu|thu tuong|quoc hoi|tw)\b"),
    ("xa", r"\b(?:xa|phuong|thi tran|dang uy|du)\b"),
    ("huyen", r"\b(?:huyen|quan|thi xa|huyen uy)\b"),
    ("tinh", r"\b(?:tinh|thanh pho|tinh uy|thanh uy|tp)\b"),
)
_PLACE = re.compile(r"\b(?:xa|phuong|thi tran|huyen|quan|thi xa|tinh|thanh pho|tp|tinh uy|thanh uy|huyen uy)\s+"
                    r"((?:(?!ve\b|ngay\b|cua\b|va\b)[a-z]+\s?){1,3})")
_SYMBOL_TOKEN = re.compile(r"\d{1,5}(?:\s?[-/]\s?(?:(?:19|20)\d{2}|[A-Za-zĐđ][0-9A-Za-zĐđ]*))+")
_DATE = re.compile(r"(?<!\d)\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:19|20)?\d{2}(?!\d)")
_NUMBER_TOKEN = re.compile(r"(?<![\w/.\-])\d{1,5}(?![\w/.\-]*\w)")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
MAX_CANDIDATES = 50  # a bare number may match many documents: show at most this many
_QUERY_STOP = {"so", "ngay", "cua", "ve", "viec", "van", "ban", "tra", "cuu", "tim", "nam", "thang", "la", "gi"}


@dataclass
class Entry:
    """One directive as the visible reports know it (see `as_dict` for the public shape)."""

    key: str
    citations: list[dict] = field(default_factory=list)  # rows: citation + doc commune/file + sentence
    own: dict | None = None  # the documents row of its own text

    def fields(self) -> dict:
        rows = self.citations
        own = self.own or {}
        best = {f: _best(r[f] for r in rows) for f in ("kind", "symbol", "date", "issuer")}
        kind = best["kind"] or own.get("doc_type")
        symbol = best["symbol"] or (re.sub(r"\s+", "", own["number"]) if own.get("number") else None)
        number = _best(r["number"] for r in rows) or _leading_number(symbol)
        date = own.get("date") or best["date"]
        subject = _best(r["subject"] for r in rows) or own.get("title")
        issuer = best["issuer"] or own.get("issuer")
        date_text = None if date else _best(r["date_text"] for r in rows)
        return {"kind": kind, "number": number, "symbol": symbol, "date": date, "date_text": date_text,
                "issuer": issuer, "subject": subject}

    def notes(self, f: dict) -> list[str]:
        out = []
        code = _symbol_parts(f["symbol"])[1] if f["symbol"] else None
        if code and TYPE_CODES.get(code) and f["kind"] and TYPE_CODES[code] != f["kind"]:
            out.append(f"Ký hiệu «{f['symbol']}» là ký hiệu của {TYPE_CODES[code]} nhưng văn bản nguồn ghi là "
                       f"{f['kind']}: giữ nguyên như văn bản nguồn.")
        kinds = sorted({r["kind"] for r in self.citations} - {f["kind"]})
        if kinds:
            out.append(f"Có nơi ghi loại văn bản là: {', '.join(kinds)}.")
        if f["date"] is None and f["date_text"]:
            out.append(f"Ngày ghi trong văn bản nguồn «{f['date_text']}» không hợp lệ: giữ nguyên.")
        return out

    def as_dict(self) -> dict:
        f = self.fields()
        cites = [{"doc_id": r["doc_id"], "file": r["file"], "section": r["section_path"], "text": r["sentence"],
                  "mention": r["text"]} for r in self.citations]
        return {"key": self.key, **f, "doc_id": (self.own or {}).get("id"),
                "file": (self.own or {}).get("file"), "count": len(self.citations), "citations": cites,
                "notes": self.notes(f)}


@dataclass(frozen=True)
class Candidate:
    """An entry with what matching needs, computed once per registry and access scope."""

    entry: Entry
    fields: dict
    number: str | None  # without leading zeros
    parts: tuple  # _symbol_parts of its symbol
    kinds: frozenset[str]  # every kind it is written as
    words: frozenset[str]  # folded words of its subject and issuer


class Registry:
    """Every directive cluster; candidate views are cached per access scope."""

    def __init__(self, clusters: list[tuple[str, tuple[dict, ...], dict | None]]) -> None:
        self.clusters = clusters  # (key, citation rows, own doc row)
        self._views: dict[tuple[str, ...] | None, list[Candidate]] = {}

    def entries(self, communes: Sequence[str] | None) -> list[Entry]:
        allowed = None if communes is None else set(communes)
        out = []
        for key, rows, own in self.clusters:
            visible = [r for r in rows if allowed is None or r["commune"] in allowed]
            own_visible = own if own and (allowed is None or own["commune"] in allowed) else None
            if visible or own_visible:
                out.append(Entry(key, visible, own_visible))
        return out

    def candidates(self, communes: Sequence[str] | None) -> list[Candidate]:
        scope = None if communes is None else tuple(sorted(set(communes)))
        if scope not in self._views:
            if len(self._views) > 64:
                self._views.clear()
            self._views[scope] = [_candidate(e) for e in self.entries(scope)]
        return self._views[scope]


def _candidate(e: Entry) -> Candidate:
    f = e.fields()
    number = (f["number"] or "").lstrip("0") or None
    parts = _symbol_parts(f["symbol"]) if f["symbol"] else (number, None, None, ())
    kinds = frozenset({r["kind"] for r in e.citations} | ({f["kind"]} if f["kind"] else set()))
    words = frozenset(re.findall(r"[a-z0-9]+", fold(" ".join(filter(None, (f["subject"], f["issuer"]))))))
    return Candidate(e, f, number, parts, kinds, words)


# ---------------------------------------------------------------- small helpers

def _best(values) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]


def _leading_number(symbol: str | None) -> str | None:
    m = re.match(r"\d+", symbol or "")
    return m.group() if m else None


def _symbol_parts(symbol: str) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:
    """(number without leading zeros, folded type code, year, folded issuer parts), any form."""
    s = fold(re.sub(r"\s+", "", nfc(symbol)))
    m = re.match(r"(\d+)(.*)", s)
    if not m:
        return None, None, None, ()
    parts = [p for p in re.split(r"[-/]", m.group(2)) if p]
    year = next((p for p in parts if re.fullmatch(r"(?:19|20)\d{2}", p)), None)
    letters = [p for p in parts if p != year]
    code = next((p for p in letters if p in TYPE_CODES or p in ("ttlt", "nqlt")), None)
    issuer = tuple(p for p in letters if p != code)
    return m.group(1).lstrip("0") or "0", code, year, issuer


def _issuer_identity(text: str | None) -> tuple[str | None, str | None]:
    """(level, place) of an issuer: "UBND xã Quang Minh" -> ("xa", "quang minh")."""
    if not text:
        return None, None
    f = fold(text)
    level = next((name for name, pattern in _LEVELS if re.search(pattern, f)), None)
    m = _PLACE.search(f)
    return level, squash(m.group(1)) if m else None


def _compatible_owner(a: tuple, b: tuple) -> bool:
    (la, pa), (lb, pb) = a, b
    if la and lb and la != lb:
        return False
    return not (pa and pb and not (pa.startswith(pb) or pb.startswith(pa)))


def citing_sentence(paragraph: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(paragraph, 0, start)), default=0)
    right = next((m.start() for m in _SENTENCE_END.finditer(paragraph, end)), len(paragraph))
    return paragraph[left:right].strip()


def _section_path(raw: str | None) -> str:
    return " > ".join(json.loads(raw)) if raw else ""


# ---------------------------------------------------------------- building the registry

def _load_rows(db: Database) -> list[dict]:
    rows = db.execute_returning_dicts(
        """SELECT c.doc_id, c.seq, c.kind, c.number, c.symbol, c.date, c.date_text, c.issuer, c.subject,
                  c.issued_by_commune, c.text, c.start, c."end", c.key,
                  d.commune, d.file, d.date AS doc_date, p.text AS paragraph, s.path AS section_raw
           FROM citations c JOIN documents d ON d.id = c.doc_id
           JOIN paragraphs p ON p.doc_id = c.doc_id AND p.idx = c.paragraph
           LEFT JOIN sections s ON s.doc_id = c.doc_id AND s.idx = c.section
           ORDER BY c.key, d.date DESC, c.doc_id, c.seq"""
    )
    for r in rows:
        r["sentence"] = citing_sentence(r["paragraph"], r["start"], r["end"])
        r["section_path"] = _section_path(r.pop("section_raw"))
        del r["paragraph"]
        issuer_text = r["issuer"]
        if r["issued_by_commune"] and r["commune"]:
            issuer_text = f"xã {r['commune']}"
        r["owner"] = _issuer_identity(issuer_text)
    return rows


def _splits_on_issuer(key: str) -> bool:
    """Symbols of unique central bodies name one document; local ones repeat across places."""
    parts = _symbol_parts(key)[3] if re.match(r"\d", key) else ()
    return not any(_UNIQUE_ISSUERS.match(p) for p in parts)


def _cluster(key: str, rows: list[dict]) -> list[list[dict]]:
    """Split one key's citations into distinct documents (different dates or issuers)."""
    by_issuer = _splits_on_issuer(key)
    informative = sorted(rows, key=lambda r: (r["date"] is None, r["owner"] == (None, None)))
    clusters: list[list[dict]] = []
    for r in informative:
        fits = [c for c in clusters if _fits(r, c, by_issuer)]
        if not fits:
            clusters.append([r])
            continue
        same_doc = [c for c in fits if any(x["doc_id"] == r["doc_id"] for x in c)]
        same_commune = [c for c in fits if any(x["commune"] == r["commune"] for x in c)]
        target = (same_doc or same_commune or sorted(fits, key=len, reverse=True))[0]
        target.append(r)
    return clusters


def _fits(r: dict, cluster: list[dict], by_issuer: bool) -> bool:
    dates = {x["date"] for x in cluster if x["date"]}
    if r["date"] and dates and r["date"] not in dates:
        return False
    if by_issuer:
        return all(_compatible_owner(r["owner"], x["owner"]) for x in cluster)
    return True


def _own_texts(db: Database) -> list[dict]:
    """Documents whose header gives a type and a number: candidate own texts of directives."""
    docs = db.execute_returning_dicts(
        "SELECT id, file, commune, doc_type, number, date, issuer, title FROM documents "
        "WHERE doc_type IS NOT NULL AND number IS NOT NULL ORDER BY date DESC, id"
    )
    for d in docs:
        d["key"] = canonical_key(d["doc_type"], None, re.sub(r"\s+", "", d["number"]))
        d["owner"] = _issuer_identity(d["issuer"] or (f"xã {d['commune']}" if d["commune"] else None))
    return docs


def _link_own(key: str, clusters: list[list[dict]], doc: dict) -> int | None:
    """Index of the cluster this document is the text of (same key, compatible date and issuer)."""
    by_issuer = _splits_on_issuer(key)
    for i, c in enumerate(clusters):
        kinds = {x["kind"] for x in c}
        code = _symbol_parts(doc["number"])[1]
        if doc["doc_type"] not in kinds and TYPE_CODES.get(code or "") not in kinds:
            continue
        dates = {x["date"] for x in c if x["date"]}
        if doc["date"] and dates and doc["date"] not in dates:
            continue
        if by_issuer and not all(_compatible_owner(doc["owner"], x["owner"]) for x in c):
            continue
        return i
    return None


def build_registry(db: Database) -> Registry:
    rows = _load_rows(db)
    by_key: dict[str, list[dict]] = {}
    for r in rows:
        by_key.setdefault(r["key"], []).append(r)
    clusters: dict[str, list[list[dict]]] = {k: _cluster(k, v) for k, v in by_key.items()}
    owns: dict[tuple[str, int], dict] = {}
    standalone: list[tuple[str, tuple, dict]] = []
    for doc in _own_texts(db):
        i = _link_own(doc["key"], clusters.get(doc["key"], []), doc)
        if i is None or (doc["key"], i) in owns:
            standalone.append((doc["key"], (), doc))
        else:
            owns[(doc["key"], i)] = doc
    out = [(k, tuple(c), owns.get((k, i))) for k, cs in clusters.items() for i, c in enumerate(cs)]
    return Registry(out + standalone)


_CACHE: dict[int, tuple[tuple, Registry]] = {}


def registry(db: Database) -> Registry:
    """The registry of this database, rebuilt only when citations or documents changed."""
    signature = tuple(db.execute(
        "SELECT (SELECT count(*) FROM citations), (SELECT max(rowid) FROM citations), "
        "(SELECT count(*) FROM documents), (SELECT max(rowid) FROM documents)").fetchone())
    cached = _CACHE.get(id(db))
    if cached and cached[0] == signature:
        return cached[1]
    reg = build_registry(db)
    _CACHE[id(db)] = (signature, reg)
    return reg


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
        parts = _symbol_parts(token)
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
    for code in sorted(TYPE_CODES, key=len, reverse=True):
        if re.search(rf"\b{code}\b", folded):
            kinds.append(TYPE_CODES[code])
            folded = re.sub(rf"\b{code}\b", " ", folded)
    for m in _NUMBER_TOKEN.finditer(folded):
        numbers.append((m.group().lstrip("0") or "0", None))
    words = frozenset(w for w in re.findall(r"[a-z0-9]+", _NUMBER_TOKEN.sub(" ", folded))
                      if len(w) > 1 and w not in _QUERY_STOP)
    return Query(tuple(symbols), tuple(dict.fromkeys(kinds)), tuple(numbers), words)


def _kind_fits(kind: str, entry_kinds: set[str], code: str | None) -> bool:
    return kind in entry_kinds or TYPE_CODES.get(code or "") == kind


def _tier(q: Query, c: Candidate) -> tuple[float, str]:
    """3: the symbol typed; 2: number and kind (and year, issuer) agree; 1: the number alone;
    below 1: subject words (for a query without any number)."""
    best, how = 0.0, ""
    for key, (qn, qcode, qyear, qissuer) in q.symbols:
        if key == c.entry.key:
            return 3.0, "symbol"
        if qn != c.number:
            continue
        if qcode and not _kind_fits(TYPE_CODES.get(qcode, ""), c.kinds, c.parts[1]):
            best, how = max((best, how), (1.0, "number"))
            continue
        if qyear and c.parts[2] and qyear != c.parts[2]:
            continue
        if qissuer and c.parts[3] and qissuer != c.parts[3]:
            best, how = max((best, how), (1.0, "number"))
            continue
        best, how = 2.0, "kind+number"
    for qn, qyear in q.numbers:
        if qn != c.number or (qyear and c.parts[2] and qyear != c.parts[2]):
            continue
        if q.kinds:
            if any(_kind_fits(k, c.kinds, c.parts[1]) for k in q.kinds):
                best, how = max((best, how), (2.0, "kind+number"))
        else:
            best, how = max((best, how), (1.0, "number"))
    if not q.symbols and not q.numbers and q.words:
        coverage = len(q.words & c.words) / len(q.words)
        kind_ok = not q.kinds or any(_kind_fits(k, c.kinds, c.parts[1]) for k in q.kinds)
        if coverage >= 0.6 and kind_ok:
            best, how = 0.5 * coverage, "subject"
    return best, how


def lookup(db: Database, text: str, communes: Sequence[str] | None = None) -> list[dict]:
    """Candidates for a directive fragment, best first (every candidate when ambiguous)."""
    q = parse_query(text)
    scored = []
    for c in registry(db).candidates(communes):
        tier, how = _tier(q, c)
        if tier > 0:
            words = len(q.words & c.words) / len(q.words) if q.words else 0.0
            scored.append((tier, words, len(c.entry.citations), _date_rank(c.fields["date"]), c.entry.key, how, c))
    if not scored:
        return []
    top = max(s[0] for s in scored)
    floor = 2.0 if top >= 2.0 else (1.0 if top >= 1.0 else 0.0)
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
    """One line in official style: "Nghị quyết số 1669/NQ-UBTVQH15 ngày 16/6/2025 của ... về ..."."""
    parts = [f"{entry['kind'] or 'Văn bản'} số {entry['symbol'] or entry['number']}"]
    if entry["date"]:
        y, m, d = entry["date"].split("-")
        parts.append(f"ngày {int(d)}/{int(m)}/{y}")
    elif entry.get("date_text"):
        parts.append(f"ngày {entry['date_text']}")
    if entry["issuer"]:
        parts.append(f"của {entry['issuer']}")
    if entry["subject"]:
        parts.append(f"về {entry['subject']}")
    return " ".join(parts)


def own_text_passages(retriever, entry: dict, question: str, k: int = 3) -> list:
    """Passages of the directive's own text that answer `question` (empty when its text is not ingested)."""
    if not entry.get("doc_id"):
        return []
    return retriever.search(question, k=k, doc_ids=[entry["doc_id"]])

"""The registry of cited directives: one entry per distinct directive the reports cite.

Citations sharing a canonical key are split when their dates or issuers show they are different
documents (e.g. "Kế hoạch số 02/KH-UBND" of three communes); a directive whose own text has been
ingested is linked to it (documents.doc_type + number). Built from knowledge.store.reads and
cached per database until citations or documents change.

Access control: `entries(communes)` sees only citations of those communes' documents (and own
texts stored under them), and every field is computed from what is visible.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from sqlite_utils import Database

from ingest.citations.keys import canonical_key
from ingest.text.communes import FOLDED_PATTERN
from ingest.text.normal import fold, nfc, squash
from ingest.text.sentences import citing_sentence
from ingest.text.vocabulary import KIND_CODES
from knowledge.directives.phrasing import DirectiveFacts
from knowledge.store import reads
from knowledge.store.records import CitationRecord, DocumentRecord

# Issuer parts of symbols that one body alone uses: never split a key on issuer wording.
_UNIQUE_ISSUERS = re.compile(r"^(?:tw|cp|ttg|vptw|bct|bbt|vpcp|ubtvqh\d*|qh\d*|btctw|ubkttw)$")
_LEVELS = (
    ("tw", r"\b(?:trung uong|bo chinh tri|ban bi thu|chinh phu|thu tuong|quoc hoi|tw)\b"),
    ("xa", rf"\b(?:{FOLDED_PATTERN}|dang uy|du)\b"),
    ("huyen", r"\b(?:huyen|quan|thi xa|huyen uy)\b"),
    ("tinh", r"\b(?:tinh|thanh pho|tinh uy|thanh uy|tp)\b"),
)
_PLACE = re.compile(rf"\b(?:{FOLDED_PATTERN}|huyen|quan|thi xa|tinh|thanh pho|tp|tinh uy|thanh uy|huyen uy)\s+"
                    r"((?:(?!ve\b|ngay\b|cua\b|va\b)[a-z]+\s?){1,3})")
_MAX_SCOPES = 64  # candidate views cached per registry (one per access scope)

Owner = tuple[str | None, str | None]  # (level, place) of an issuer


@dataclass(frozen=True)
class Mention:
    """A citation as the registry clusters it: with its sentence and the identity of its issuer."""

    citation: CitationRecord
    sentence: str
    owner: Owner


@dataclass(frozen=True)
class OwnText:
    """A stored document that may be a cited directive's own text."""

    document: DocumentRecord
    key: str
    owner: Owner


@dataclass
class Entry:
    """One directive as the visible reports know it (see `as_dict` for the public shape)."""

    key: str
    mentions: list[Mention] = field(default_factory=list)
    own: DocumentRecord | None = None  # its own text

    def facts(self) -> DirectiveFacts:
        cites = [m.citation for m in self.mentions]
        own = self.own
        best = {f: _best(getattr(c, f) for c in cites) for f in ("kind", "symbol", "date", "issuer")}
        symbol = best["symbol"] or (re.sub(r"\s+", "", own.number) if own and own.number else None)
        date = (own.date if own else None) or best["date"]
        return DirectiveFacts(
            kind=best["kind"] or (own.doc_type if own else None),
            number=_best(c.number for c in cites) or _leading_number(symbol),
            symbol=symbol,
            date=date,
            date_text=None if date else _best(c.date_text for c in cites),
            issuer=best["issuer"] or (own.issuer if own else None),
            subject=_best(c.subject for c in cites) or (own.title if own else None),
        )

    def notes(self, f: DirectiveFacts) -> list[str]:
        out = []
        code = symbol_parts(f.symbol)[1] if f.symbol else None
        if code and KIND_CODES.get(code) and f.kind and KIND_CODES[code] != f.kind:
            out.append(f"Ký hiệu «{f.symbol}» là ký hiệu của {KIND_CODES[code]} nhưng văn bản nguồn ghi là "
                       f"{f.kind}: giữ nguyên như văn bản nguồn.")
        kinds = sorted({m.citation.kind for m in self.mentions} - {f.kind})
        if kinds:
            out.append(f"Có nơi ghi loại văn bản là: {', '.join(kinds)}.")
        if f.date is None and f.date_text:
            out.append(f"Ngày ghi trong văn bản nguồn «{f.date_text}» không hợp lệ: giữ nguyên.")
        return out

    def as_dict(self) -> dict:
        f = self.facts()
        cites = [{"doc_id": m.citation.doc_id, "file": m.citation.document.file, "section": m.citation.section_text,
                  "text": m.sentence, "mention": m.citation.text} for m in self.mentions]
        return {"key": self.key, **asdict(f), "doc_id": self.own.id if self.own else None,
                "file": self.own.file if self.own else None, "count": len(self.mentions), "citations": cites,
                "notes": self.notes(f)}


@dataclass(frozen=True)
class Candidate:
    """An entry with what matching needs, computed once per registry and access scope."""

    entry: Entry
    facts: DirectiveFacts
    number: str | None  # without leading zeros
    parts: tuple  # symbol_parts of its symbol
    kinds: frozenset[str]  # every kind it is written as
    words: frozenset[str]  # folded words of its subject and issuer


@dataclass(frozen=True)
class Cluster:
    key: str
    mentions: tuple[Mention, ...]
    own: OwnText | None


class Registry:
    """Every directive cluster; candidate views are cached per access scope."""

    def __init__(self, clusters: list[Cluster]) -> None:
        self.clusters = clusters
        self._views: dict[tuple[str, ...] | None, list[Candidate]] = {}

    def entries(self, communes: Sequence[str] | None) -> list[Entry]:
        allowed = None if communes is None else set(communes)
        out = []
        for c in self.clusters:
            visible = [m for m in c.mentions if allowed is None or m.citation.document.commune in allowed]
            own = c.own.document if c.own and (allowed is None or c.own.document.commune in allowed) else None
            if visible or own:
                out.append(Entry(c.key, visible, own))
        return out

    def candidates(self, communes: Sequence[str] | None) -> list[Candidate]:
        scope = None if communes is None else tuple(sorted(set(communes)))
        if scope not in self._views:
            if len(self._views) > _MAX_SCOPES:
                self._views.clear()
            self._views[scope] = [_candidate(e) for e in self.entries(scope)]
        return self._views[scope]


def _candidate(e: Entry) -> Candidate:
    f = e.facts()
    number = (f.number or "").lstrip("0") or None
    parts = symbol_parts(f.symbol) if f.symbol else (number, None, None, ())
    kinds = frozenset({m.citation.kind for m in e.mentions} | ({f.kind} if f.kind else set()))
    words = frozenset(re.findall(r"[a-z0-9]+", fold(" ".join(filter(None, (f.subject, f.issuer))))))
    return Candidate(e, f, number, parts, kinds, words)


# ---------------------------------------------------------------- small helpers

def _best(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]


def _leading_number(symbol: str | None) -> str | None:
    m = re.match(r"\d+", symbol or "")
    return m.group() if m else None


def symbol_parts(symbol: str) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:
    """(number without leading zeros, folded type code, year, folded issuer parts), any form."""
    s = fold(re.sub(r"\s+", "", nfc(symbol)))
    m = re.match(r"(\d+)(.*)", s)
    if not m:
        return None, None, None, ()
    parts = [p for p in re.split(r"[-/]", m.group(2)) if p]
    year = next((p for p in parts if re.fullmatch(r"(?:19|20)\d{2}", p)), None)
    letters = [p for p in parts if p != year]
    code = next((p for p in letters if p in KIND_CODES or p in ("ttlt", "nqlt")), None)
    issuer = tuple(p for p in letters if p != code)
    return m.group(1).lstrip("0") or "0", code, year, issuer


def _issuer_identity(text: str | None) -> Owner:
    """(level, place) of an issuer: "UBND xã Quang Minh" -> ("xa", "quang minh")."""
    if not text:
        return None, None
    f = fold(text)
    level = next((name for name, pattern in _LEVELS if re.search(pattern, f)), None)
    m = _PLACE.search(f)
    return level, squash(m.group(1)) if m else None


def _compatible_owner(a: Owner, b: Owner) -> bool:
    (la, pa), (lb, pb) = a, b
    if la and lb and la != lb:
        return False
    return not (pa and pb and not (pa.startswith(pb) or pb.startswith(pa)))



# ---------------------------------------------------------------- building the registry

def _mention(c: CitationRecord) -> Mention:
    issuer = f"xã {c.document.commune}" if c.issued_by_commune and c.document.commune else c.issuer
    return Mention(c, citing_sentence(c.paragraph_text, c.start, c.end), _issuer_identity(issuer))


def _splits_on_issuer(key: str) -> bool:
    """Symbols of unique central bodies name one document; local ones repeat across places."""
    parts = symbol_parts(key)[3] if re.match(r"\d", key) else ()
    return not any(_UNIQUE_ISSUERS.match(p) for p in parts)


def _cluster(key: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Split one key's citations into distinct documents (different dates or issuers)."""
    by_issuer = _splits_on_issuer(key)
    informative = sorted(mentions, key=lambda m: (m.citation.date is None, m.owner == (None, None)))
    clusters: list[list[Mention]] = []
    for m in informative:
        fits = [c for c in clusters if _fits(m, c, by_issuer)]
        if not fits:
            clusters.append([m])
            continue
        same_doc = [c for c in fits if any(x.citation.doc_id == m.citation.doc_id for x in c)]
        same_commune = [c for c in fits if any(x.citation.document.commune == m.citation.document.commune for x in c)]
        target = (same_doc or same_commune or sorted(fits, key=len, reverse=True))[0]
        target.append(m)
    return clusters


def _fits(m: Mention, cluster: list[Mention], by_issuer: bool) -> bool:
    dates = {x.citation.date for x in cluster if x.citation.date}
    if m.citation.date and dates and m.citation.date not in dates:
        return False
    if by_issuer:
        return all(_compatible_owner(m.owner, x.owner) for x in cluster)
    return True


def _own_text(doc: DocumentRecord) -> OwnText:
    issuer = doc.issuer or (f"xã {doc.commune}" if doc.commune else None)
    return OwnText(doc, canonical_key(doc.doc_type, None, re.sub(r"\s+", "", doc.number)), _issuer_identity(issuer))


def _link_own(clusters: list[list[Mention]], own: OwnText) -> int | None:
    """Index of the cluster this document is the text of (same key, compatible date and issuer)."""
    by_issuer = _splits_on_issuer(own.key)
    doc = own.document
    for i, c in enumerate(clusters):
        kinds = {x.citation.kind for x in c}
        code = symbol_parts(doc.number)[1]
        if doc.doc_type not in kinds and KIND_CODES.get(code or "") not in kinds:
            continue
        dates = {x.citation.date for x in c if x.citation.date}
        if doc.date and dates and doc.date not in dates:
            continue
        if by_issuer and not all(_compatible_owner(own.owner, x.owner) for x in c):
            continue
        return i
    return None


def build_registry(db: Database) -> Registry:
    by_key: dict[str, list[Mention]] = {}
    for c in sorted(reads.citations(db), key=lambda c: c.key):  # stable: latest document first within a key
        by_key.setdefault(c.key, []).append(_mention(c))
    clusters = {k: _cluster(k, v) for k, v in by_key.items()}
    owns: dict[tuple[str, int], OwnText] = {}
    standalone: list[Cluster] = []
    for own in map(_own_text, reads.numbered_documents(db)):
        i = _link_own(clusters.get(own.key, []), own)
        if i is None or (own.key, i) in owns:
            standalone.append(Cluster(own.key, (), own))
        else:
            owns[(own.key, i)] = own
    linked = [Cluster(k, tuple(c), owns.get((k, i))) for k, cs in clusters.items() for i, c in enumerate(cs)]
    return Registry(linked + standalone)


_CACHE: dict[int, tuple[tuple, Registry]] = {}


def registry(db: Database) -> Registry:
    """The registry of this database, rebuilt only when citations or documents changed."""
    signature = reads.citation_signature(db)
    cached = _CACHE.get(id(db))
    if cached and cached[0] == signature:
        return cached[1]
    reg = build_registry(db)
    _CACHE[id(db)] = (signature, reg)
    return reg

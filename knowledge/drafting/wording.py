"""The commune's earlier wording for a kind of section: the latest report's sections of that kind
(narrowed to a topic), as paragraphs, tables and subsection headings; else, as a fallback, the
sentences about the topic (or the kind) from passages or paragraphs outside sections of another kind.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from ingest.text.normal import fold, squash
from ingest.text.sentences import sentence_spans
from ingest.text.terms import terms
from knowledge.drafting.kinds import (
    KIND_TERMS,
    KIND_TERMS_NOT,
    SectionKind,
    classify_heading,
    mentions,
)
from knowledge.drafting.outline import (
    Outline,
    OutlineSection,
    effective_kind,
    matching_sections,
    path_text,
    subtree,
)
from knowledge.store import reads
from knowledge.store.records import DocumentRecord, ParagraphRecord

FALLBACK_PASSAGES = 6  # passages reused when no heading of the kind exists
_SHORT_TITLE_TERMS = 6  # a subsection title this short that only names the kind is titled by its parent
_CLOSING = re.compile(r"^\W*(?:tren day la|noi nhan|t/m\b|tm\b|kt\b|q\. ?chu tich|chu tich\W*$|bi thu\W*$)")


@dataclass(frozen=True)
class WordingUnit:
    """One unit of earlier wording: a paragraph, a subsection heading, or a table."""

    doc: DocumentRecord
    section: str  # its heading path
    paragraph: int
    text: str
    level: int = 0  # 0: body text; n>0: a heading n levels under the section title
    spans: tuple[tuple[int, int], ...] | None = None  # only these sentences (passage fallback)
    table: tuple[tuple[str, ...], ...] | None = None  # rows of a table (text is its title)
    header_rows: int = 0
    shift: int | None = 0  # paragraph offset = text offset + shift (None: unknown, match figures by text)


def clean_heading(s: OutlineSection) -> str:
    text = s.heading[len(s.label):] if s.label and s.heading.startswith(s.label) else s.heading
    text = re.sub(r"^(?:PHẦN|Phần)\s+(?:THỨ\s+)?\S+\s*", "", text) if re.match(r"(?:PHẦN|Phần)\s", text) else text
    text = squash(text).strip(" .:;-–")
    if text and text.upper() == text and any(c.isalpha() for c in text):
        text = text[0] + text[1:].lower()
    return text


def is_closing(text: str) -> bool:
    """The closing of a report: "Trên đây là...", "Nơi nhận", the signature block."""
    return bool(_CLOSING.match(fold(text)))


def _body_paragraphs(rows: list[ParagraphRecord]) -> list[ParagraphRecord]:
    """The paragraphs that are report text: the closing cut (until the next heading)."""
    out, closed = [], False
    for p in rows:
        if p.is_heading:
            closed = False
            out.append(p)
            continue
        if closed or (p.table_idx is None and is_closing(p.text)):
            closed = True
            continue
        out.append(p)
    return out


def _list_items(sections: Outline, keep: set[int]) -> set[int]:
    """Headings that are items of a list ("a) Công khai đầy đủ ...;"): siblings of which one ends with ";"."""
    by_parent: dict[int | None, list[int]] = {}
    for i in keep:
        by_parent.setdefault(sections[i].parent, []).append(i)
    out = set()
    for siblings in by_parent.values():
        if any(sections[i].heading.rstrip().endswith(";") for i in siblings):
            out |= set(siblings)
    return out


def wording(db: Database, doc: DocumentRecord, sections: Outline, roots: Sequence[int], kind: str) -> list[WordingUnit]:
    """The matched sections' text in order: paragraphs, tables, subsection headings.

    A subsection heading with nothing under it is content written as a heading ("a) Công khai
    đầy đủ 286 thủ tục...;"): it becomes a bullet line.
    """
    out: list[WordingUnit] = []
    many = len(roots) > 1
    for root in roots:
        keep = subtree(sections, root, kind)
        rows = _body_paragraphs(reads.paragraphs(db, doc.id, keep))
        with_body = set()
        for p in rows:
            if not p.is_heading:
                with_body |= {p.section, *sections[p.section].ancestors}
        with_body -= _list_items(sections, keep)
        if many:  # one group per matched section, titled by what it is about
            s = sections[root]
            own = clean_heading(s)
            title_section = sections[s.parent] if s.parent is not None and classify_heading(own) == kind \
                and len(terms(own)) <= _SHORT_TITLE_TERMS else s
            out.append(WordingUnit(doc, s.path_text, -1, clean_heading(title_section), level=1))
        base = sections[root].level
        for p in rows:
            s = sections[p.section]
            if p.is_heading:
                if p.section == root:
                    continue
                if p.section in with_body:
                    out.append(WordingUnit(doc, s.path_text, p.idx, clean_heading(s),
                                           level=s.level - base + (1 if many else 0)))
                else:
                    clean = clean_heading(s)
                    at = p.text.find(clean)
                    out.append(WordingUnit(doc, s.path_text, p.idx, f"- {clean}.", shift=at - 2 if at >= 0 else None))
            elif p.table_idx is not None:
                table = reads.table(db, doc.id, p.table_idx + 1)
                title = table.title if table else ""
                if out and out[-1].table is None and not out[-1].level and squash(out[-1].text) == squash(title):
                    out.pop()  # the caption line is the table's title: shown once, with the table
                if table and table.rows:
                    out.append(WordingUnit(doc, s.path_text, p.idx, title, table=table.rows,
                                           header_rows=table.header_rows))
            else:
                out.append(WordingUnit(doc, s.path_text, p.idx, p.text))
    return out


def earlier_wording(db: Database, docs: Sequence[DocumentRecord], sections_of: dict[str, Outline], kind: SectionKind,
                    topic: Sequence[str]) -> list[WordingUnit]:
    """The wording of the latest report that has this kind of section (about the topic, if any)."""
    for doc in docs:
        roots = matching_sections(sections_of[doc.id], kind.key, topic)
        if roots:
            return wording(db, doc, sections_of[doc.id], roots, kind.key)
    return []


def fallback(db: Database, retriever, docs: Sequence[DocumentRecord], sections_of: dict[str, Outline],
             kind: SectionKind, topic: Sequence[str], topic_text: str | None) -> list[WordingUnit]:
    """Sentences about the topic (or the kind of section) when no heading of that kind exists.

    Passages come from the retriever when there is one, else the commune's paragraphs are
    scanned, latest report first; only the sentences holding the topic's (or the kind's)
    words are kept, from paragraphs outside sections of another kind.
    """
    by_id = {d.id: d for d in docs}
    wanted = tuple(topic) or KIND_TERMS[kind.key]
    candidates: list[tuple[DocumentRecord, int | None, int, str]] = []  # (doc, section, paragraph, text)
    if retriever is not None:
        query = f"{kind.name} {topic_text or ''}".strip()
        for h in retriever.search(query, k=FALLBACK_PASSAGES * 3, doc_ids=list(by_id)):
            if h.kind != "text":
                continue
            for line in h.text.split("\n"):
                p = reads.paragraph_with_text(db, h.doc_id, line)
                if p:
                    candidates.append((by_id[h.doc_id], p.section, p.idx, line))
    else:
        for doc in docs:
            for p in reads.paragraphs(db, doc.id):
                if not p.is_heading and p.table_idx is None:
                    candidates.append((doc, p.section, p.idx, p.text))
    out: list[WordingUnit] = []
    seen = set()
    for doc, section, idx, text in candidates:
        sections = sections_of[doc.id]
        if (doc.id, idx) in seen or effective_kind(sections, section) not in (None, kind.key):
            continue
        if is_closing(text):
            continue
        spans = tuple((a, b) for a, b in sentence_spans(text) if mentions(text[a:b], wanted)
                      and not (not topic and kind.key in KIND_TERMS_NOT
                               and KIND_TERMS_NOT[kind.key].search(fold(text[a:b]))))
        if not spans:
            continue
        seen.add((doc.id, idx))
        out.append(WordingUnit(doc, path_text(sections, section), idx, text, spans=spans))
        if len(out) >= FALLBACK_PASSAGES:
            break
    return out

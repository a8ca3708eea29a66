"""Report-section drafting from a commune's own stored reports, every sentence sourced.

A draft is composed here from its parts: the kind of section asked for (knowledge.drafting.kinds),
the commune's earlier wording for it (wording), the latest value of each "Đặc điểm tình hình"
measure (measures), the directives the section should cite (citing), the plan of reused
sentences with the generated ones put in place (plan), and the grounding filter (grounding).
Wording comes from templates in prompts/ (knowledge.prompts).

Pure reads of the knowledge base (knowledge.store.reads): nothing here writes.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from ingest.text.dates import vn_date
from ingest.text.normal import fold
from ingest.text.sentences import citing_sentence
from knowledge import prompts
from knowledge.drafting.citing import draft_phrase, pick_directives
from knowledge.drafting.grounding import ground, polished
from knowledge.drafting.kinds import (
    DraftError,
    SectionKind,
    parse_section,
    topic_name,
    topic_terms,
)
from knowledge.drafting.measures import (
    MEASURES,
    REQUIRED_MEASURES,
    StatedFigure,
    eligible_measure,
    latest_measures,
    period_end,
    stated_figure,
)
from knowledge.drafting.outline import Outline, outline, path_text
from knowledge.drafting.plan import FigureIndex, assemble, build_plan, source_ref
from knowledge.drafting.result import Block, Draft, DraftSentence
from knowledge.drafting.wording import WordingUnit, earlier_wording, fallback
from knowledge.store import reads
from knowledge.store.communes import AmbiguousCommune, match_commune
from knowledge.store.records import (
    CitationRecord,
    DocumentRecord,
    FigureRecord,
)

_SUBSECTION_LETTERS = "abcdefghiklmnopqrstuvxy"  # "a)", "b)"... (the Vietnamese alphabet has no j, w, z)


def resolve_commune(db: Database, name: str) -> str:
    """The stored commune a user means ("cam giang" -> "Cẩm Giang"); DraftError when unknown or ambiguous."""
    known = reads.document_communes(db)
    try:
        found = match_commune(name, known)
    except AmbiguousCommune as err:
        raise DraftError(str(err)) from None
    if found is None:
        listed = ", ".join(sorted(known)) or "chưa có"
        raise DraftError(f"Chưa có báo cáo nào của xã «{name}». Các xã đã có báo cáo: {listed}.")
    return found


def commune_documents(db: Database, commune: str) -> list[DocumentRecord]:
    """The commune's documents, latest first (by date, else by the end of their period)."""
    return sorted(reads.documents(db, [commune]), key=lambda d: (d.date or period_end(d.period) or "", d.file),
                  reverse=True)


def draft_section(
    db: Database,
    retriever,
    section: str,
    commune: str,
    period: str | None = None,
    topic: str | None = None,
    *,
    polish: Callable[[str], str] | None = None,
    templates: Path | None = None,
) -> Draft:
    """Draft one report section for a commune from its stored reports (see the module docstring).

    `retriever` (knowledge.search.retrieval.Retriever or None) is only used when no earlier section of
    this kind exists; `polish` rewords sentences under the same grounding check;
    `templates` replaces prompts/ (tests).
    """
    kind = parse_section(section)
    commune = resolve_commune(db, commune)
    docs = commune_documents(db, commune)
    docs_by_id = {d.id: d for d in docs}
    sections_of = {d.id: outline(db, d.id) for d in docs}
    topic_words, topic_text = topic_terms(topic), topic_name(topic)
    notes: list[str] = []

    units = earlier_wording(db, docs, sections_of, kind, topic_words) \
        or fallback(db, retriever, docs, sections_of, kind, topic_words, topic_text)
    if not any(u.level == 0 for u in units):
        notes.append(prompts.render("draft_common", "no_wording", templates, section=kind.name, commune=commune))
    chosen: dict[str, StatedFigure] = {}
    if kind.key == "dac_diem":
        chosen = latest_measures(_prose_figures(db, docs_by_id), docs_by_id, sections_of, commune)
        missing = [m.name for m in MEASURES if m.key in REQUIRED_MEASURES and m.key not in chosen]
        if missing:
            notes.append(prompts.render("draft_common", "no_figures", templates, measures=", ".join(missing),
                                        commune=commune))
    lead_in = None
    if kind.key in ("ket_qua", "nhiem_vu"):
        directives = pick_directives(reads.citations(db, doc_ids=list(docs_by_id)), [u for u in units if u.level == 0],
                                     topic_words)
        lead_in = _lead_in(kind, directives, _actor(units, docs, commune), topic_text, templates)

    figures = _figure_index(db, units, docs_by_id, sections_of, kind, commune)
    plan, covered = build_plan(units, figures, chosen)
    generated = _figure_sentences({m: r for m, r in chosen.items() if m not in covered}, docs_by_id, sections_of,
                                  kind, commune, templates)
    blocks = assemble(plan, generated, lead_in, lambda rec, doc: _as_of_phrase(rec, doc, templates))
    kept, dropped = _grounded_blocks(blocks, docs_by_id, polish, templates)
    title = Block("heading", level=1, text=_title(kind, topic_text, period, templates))
    return Draft(kind.name, commune, period, topic_text, (title, *kept), _source_list(kept, docs_by_id),
                 tuple(notes), tuple(dropped), templates)


def _prose_figures(db: Database, docs_by_id: dict[str, DocumentRecord]) -> list[FigureRecord]:
    """The figures written in the text of these documents (not table cells)."""
    return [f for f in reads.figures(db, doc_ids=sorted(docs_by_id)) if f.start >= 0]


def _figure_index(db: Database, units: Sequence[WordingUnit], docs_by_id: dict[str, DocumentRecord],
                  sections_of: dict[str, Outline], kind: SectionKind, commune: str) -> FigureIndex:
    """The figures of the reused reports by (document, paragraph), with their measure for "Đặc điểm"."""
    index: FigureIndex = {}
    for fig in _prose_figures(db, {u.doc.id: u.doc for u in units}):
        m = eligible_measure(fig, sections_of[fig.doc_id], commune) if kind.key == "dac_diem" else None
        index.setdefault((fig.doc_id, fig.paragraph), []).append(stated_figure(fig, docs_by_id[fig.doc_id], m))
    return index


def _title(kind: SectionKind, topic_text: str | None, period: str | None, templates: Path | None) -> str:
    values = {"numeral": kind.numeral,
              "topic_part": f" {topic_text.upper()}" if topic_text else "",
              "period_part": f" {period.upper()}" if period else ""}
    if kind.key == "ket_qua" and topic_text:
        values["topic_part"] = f" CÔNG TÁC {topic_text.upper()}"
    return prompts.render(kind.template, "title", templates, **values)


def _lead_in(kind: SectionKind, directives: Sequence[CitationRecord], actor: str, topic_text: str | None,
             templates: Path | None) -> DraftSentence | None:
    if not directives or not prompts.has_block(kind.template, "lead_in", templates):
        return None
    text = prompts.render(kind.template, "lead_in", templates, directives="; ".join(map(draft_phrase, directives)),
                          actor=actor, topic_clause=f" công tác {topic_text}" if topic_text else " các nhiệm vụ")
    refs = tuple(source_ref(c.document, c.section_text, citing_sentence(c.paragraph_text, c.start, c.end)) for c in directives)
    return DraftSentence(text, refs, "lead_in")


def _actor(units: Sequence[WordingUnit], docs: Sequence[DocumentRecord], commune: str) -> str:
    """Who reports: the reused report's issuer when it is the commune's own body, else "xã X"."""
    first = next((u.doc for u in units), docs[0] if docs else None)
    if first and first.issuer and fold(commune) in fold(first.issuer):
        return first.issuer
    return f"xã {commune}"


def _as_of_phrase(rec: StatedFigure, doc: DocumentRecord, templates: Path | None) -> str:
    if rec.as_of_kind == "explicit":
        return prompts.render("draft_common", "as_of_explicit", templates, date=vn_date(rec.as_of))
    if rec.as_of_kind == "document":
        return prompts.render("draft_common", "as_of_document", templates, date=vn_date(doc.date))
    return prompts.render("draft_common", "as_of_period", templates, period=doc.period or "")


def _figure_sentences(chosen: dict[str, StatedFigure], docs_by_id: dict[str, DocumentRecord],
                      sections_of: dict[str, Outline], kind: SectionKind, commune: str,
                      templates: Path | None) -> list[DraftSentence]:
    """One sentence per group (territory, party) and source report, from the template."""
    groups: dict[tuple, list[StatedFigure]] = {}
    for m in MEASURES:
        rec = chosen.get(m.key)
        if rec:
            groups.setdefault((m.group, rec.figure.doc_id, rec.as_of, rec.as_of_kind), []).append(rec)
    out = []
    for (group, doc_id, _, _), recs in groups.items():
        doc = docs_by_id[doc_id]
        items = []
        for r in recs:
            value = f"{r.qualifier + ' ' if r.qualifier else ''}{r.figure.raw} {r.figure.unit or ''}".strip()
            items.append(prompts.render(kind.template, f"item_{r.measure}", templates, value=value))
        joined = "; ".join(items) if any("," in i for i in items) else ", ".join(items)
        text = prompts.render(kind.template, group, templates, commune=commune, items=joined,
                              as_of=_as_of_phrase(recs[0], doc, templates))
        refs = []
        for r in recs:
            ref = source_ref(doc, path_text(sections_of[doc_id], r.figure.section), r.sentence)
            if ref not in refs:
                refs.append(ref)
        out.append(DraftSentence(text, tuple(refs), "figures", tuple(r.public() for r in recs)))
    return out


def _grounded_blocks(blocks: Sequence[Block], docs_by_id: dict[str, DocumentRecord],
                     polish: Callable[[str], str] | None, templates: Path | None) -> tuple[list[Block], list[dict]]:
    """Blocks with ungrounded sentences dropped (then polished, when asked), empty headings removed."""
    kept_blocks, dropped = [], []
    for b in blocks:
        if b.kind == "heading":
            kept_blocks.append(b)
            continue
        kept, gone = ground(b.sentences, docs_by_id)
        dropped += gone
        if polish is not None and b.kind == "paragraph":
            kept = [polished(s, polish, docs_by_id, templates) for s in kept]
        if kept:
            kept_blocks.append(replace(b, sentences=tuple(kept)))
    return _drop_empty_headings(kept_blocks), dropped


def _source_list(blocks: Sequence[Block], docs_by_id: dict[str, DocumentRecord]) -> tuple[dict, ...]:
    """The closing list: every cited report once, numbered in order of first use."""
    order: list[str] = []
    for b in blocks:
        for s in b.sentences:
            for x in s.sources:
                if x.doc_id not in order:
                    order.append(x.doc_id)
    return tuple({"ref": i, "doc_id": d, "file": docs_by_id[d].file, "reference": docs_by_id[d].reference}
                 for i, d in enumerate(order, 1))


def _drop_empty_headings(blocks: list[Block]) -> list[Block]:
    """Headings with nothing under them (before the next heading of the same or a higher level)."""
    out: list[Block] = []
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            rest = blocks[i + 1:]
            nxt = next((j for j, x in enumerate(rest) if x.kind == "heading" and x.level <= b.level), len(rest))
            if not any(x.kind != "heading" for x in rest[:nxt]):
                continue
        out.append(b)
    return _renumber(out)


def _renumber(blocks: list[Block]) -> list[Block]:
    """Draft numbering: "1.", "2." under the title, "a)", "b)" under those."""
    counters = {2: 0, 3: 0}
    out = []
    for b in blocks:
        if b.kind == "heading":
            counters[b.level] += 1
            if b.level == 2:
                counters[3] = 0
                label = f"{counters[2]}."
            else:
                label = f"{_SUBSECTION_LETTERS[(counters[3] - 1) % len(_SUBSECTION_LETTERS)]})"
            b = replace(b, text=f"{label} {b.text}")
        out.append(b)
    return out

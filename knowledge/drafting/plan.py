"""The plan of a draft: the reused wording as typed items in reading order (headings, sentences with
the figures they state, tables, paragraph breaks, and the places of outdated sentences), then its
assembly into blocks with the generated figure sentences put in place."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ingest.text.sentences import sentence_spans
from knowledge.drafting.measures import AS_OF, StatedFigure
from knowledge.drafting.result import (
    Block,
    DraftSentence,
    SourceRef,
    with_before_punctuation,
)
from knowledge.drafting.wording import WordingUnit
from knowledge.store.records import DocumentRecord

MAX_SENTENCES = 60  # reused sentences per draft: enough for a section, short enough to edit
_LABEL_WORDS = 2  # a "sentence" this short is a label ("Biểu 1."): it joins the next one
_NOISE = re.compile(r"^(?:https?://\S+|www\.\S+)$")

FigureIndex = dict[tuple[str, int], list[StatedFigure]]  # (document, paragraph) -> its figures


@dataclass(frozen=True)
class HeadingItem:
    unit: WordingUnit


@dataclass(frozen=True)
class SentenceItem:
    unit: WordingUnit
    start: int  # the sentence in unit.text
    end: int
    stated: tuple[StatedFigure, ...]  # figures it states (measure None unless it is the chosen value)


@dataclass(frozen=True)
class TableItem:
    unit: WordingUnit
    stated: tuple[StatedFigure, ...]


@dataclass(frozen=True)
class Outdated:
    """A reused sentence stating a measure whose latest value is stated elsewhere: left out, and
    the first one marks where the generated figure sentences go."""


@dataclass(frozen=True)
class ParagraphBreak:
    pass


PlanItem = HeadingItem | SentenceItem | TableItem | Outdated | ParagraphBreak


def source_ref(doc: DocumentRecord, section: str, quote: str) -> SourceRef:
    return SourceRef(doc.id, doc.file, section, quote)


def _sentences(unit: WordingUnit) -> list[tuple[int, int]]:
    spans = list(unit.spans if unit.spans is not None else sentence_spans(unit.text))
    merged: list[tuple[int, int]] = []
    for a, b in spans:  # "Biểu 1. Kết quả ...": a label is not a sentence of its own
        if merged and len(unit.text[merged[-1][0]:merged[-1][1]].split()) <= _LABEL_WORDS:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return [(a, b) for a, b in merged if not _NOISE.match(unit.text[a:b].strip())]


def _stated_figures(unit: WordingUnit, a: int, b: int, figures: FigureIndex) -> list[StatedFigure]:
    """Figures of the unit's paragraph written inside this sentence."""
    out = []
    for f in figures.get((unit.doc.id, unit.paragraph), []):
        if f.figure.raw not in unit.text[a:b]:
            continue
        if unit.table is not None or unit.shift is None or a <= f.figure.start - unit.shift < b:
            out.append(f)
    return out


def build_plan(units: Sequence[WordingUnit], figures: FigureIndex,
               chosen: dict[str, StatedFigure]) -> tuple[list[PlanItem], set[str]]:
    """Reused sentences in order, and the measures whose latest value they already state."""
    chosen_at: dict[tuple[str, int], list[StatedFigure]] = {}
    for r in chosen.values():
        chosen_at.setdefault((r.figure.doc_id, r.figure.paragraph), []).append(r)
    plan: list[PlanItem] = []
    covered: set[str] = set()
    count = 0
    for unit in units:
        if unit.level:
            plan.append(HeadingItem(unit))
            continue
        if unit.table is not None:
            stated = tuple(replace(f, measure=None) for f in figures.get((unit.doc.id, unit.paragraph), []))
            plan.append(TableItem(unit, stated))
            continue
        for a, b in _sentences(unit):
            if count >= MAX_SENTENCES:
                break
            stated = _stated_figures(unit, a, b, figures)
            measures = {f.measure for f in stated if f.measure}
            mine = chosen_at.get((unit.doc.id, unit.paragraph), [])
            here = {r.measure for r in mine
                    if any(r is f or (r.figure.start, r.figure.raw) == (f.figure.start, f.figure.raw) for f in stated)}
            if measures - here:
                plan.append(Outdated())
                continue
            covered |= here
            chosen_here = {(r.figure.paragraph, r.figure.start) for r in mine}
            plan.append(SentenceItem(unit, a, b, tuple(
                f if (f.figure.paragraph, f.figure.start) in chosen_here else replace(f, measure=None)
                for f in stated)))
            count += 1
        plan.append(ParagraphBreak())
    return plan, covered


def _insertion_point(plan: Sequence[PlanItem]) -> int:
    """Where generated figure sentences go: in place of an outdated one, else after the opening paragraph."""
    for i, item in enumerate(plan):
        if isinstance(item, Outdated):
            return i
    for i, item in enumerate(plan):
        if isinstance(item, HeadingItem):
            return 0
        if isinstance(item, ParagraphBreak):
            return i
    return len(plan)


def assemble(plan: Sequence[PlanItem], generated: Sequence[DraftSentence], lead_in: DraftSentence | None,
             as_of: Callable[[StatedFigure, DocumentRecord], str]) -> list[Block]:
    """Blocks in reading order: lead-in, reused paragraphs and tables, generated figure sentences in place."""
    blocks: list[Block] = [Block("paragraph", sentences=(lead_in,))] if lead_in else []
    body: list[DraftSentence] = []
    at = _insertion_point(plan)

    def flush() -> None:
        nonlocal body
        if body:
            blocks.append(Block("paragraph", sentences=tuple(body)))
            body = []

    for i, item in enumerate([*plan, None]):
        if i == at:
            body.extend(generated)
        match item:
            case HeadingItem(unit):
                flush()
                blocks.append(Block("heading", level=min(unit.level + 1, 3), text=unit.text))
            case ParagraphBreak():
                flush()
            case TableItem(unit, stated):
                flush()
                quote = "\n".join([unit.text] + ["\t".join(r) for r in unit.table])
                caption = unit.text or "Biểu số liệu"
                blocks.append(Block("table", text=caption, rows=tuple(tuple(r) for r in unit.table),
                                    header_rows=unit.header_rows, sentences=(
                    DraftSentence(caption, (source_ref(unit.doc, unit.section, quote),), "table",
                                  tuple(f.public() for f in stated)),)))
            case SentenceItem(unit, a, b, stated):
                text = unit.text[a:b]
                measured = [f for f in stated if f.measure]
                if measured and not AS_OF.search(text):
                    text = with_before_punctuation(text, f" ({as_of(measured[0], unit.doc)})")
                body.append(DraftSentence(text, (source_ref(unit.doc, unit.section, unit.text[a:b]),), "reused",
                                          tuple(f.public() for f in stated)))
    flush()
    return blocks

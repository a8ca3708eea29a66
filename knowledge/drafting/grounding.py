"""The grounding filter of drafts (knowledge.qa.grounding applied per sentence): a sentence stating a
number its own sources do not state is dropped and logged; a polished sentence must keep every
number and add none, else the sentence stays as drafted."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from ingest.text.normal import squash
from knowledge import prompts
from knowledge.drafting.result import DraftSentence, SourceRef
from knowledge.qa.grounding import numbers_in, ungrounded
from knowledge.store.records import DocumentRecord

log = logging.getLogger(__name__)


def source_texts(sources: Sequence[SourceRef], docs_by_id: dict[str, DocumentRecord]) -> list[str]:
    """What a sentence may take numbers from: its quotes and its reports' references."""
    out = [s.quote for s in sources]
    out += [docs_by_id[s.doc_id].reference for s in sources if s.doc_id in docs_by_id]
    return out


def ground(sentences: Sequence[DraftSentence],
           docs_by_id: dict[str, DocumentRecord]) -> tuple[list[DraftSentence], list[dict]]:
    """Keep the sentences whose every number is in their sources; the others are dropped and logged."""
    kept, dropped = [], []
    for s in sentences:
        missing = ungrounded(s.text, source_texts(s.sources, docs_by_id)) if s.sources else \
            [raw for raw, _ in numbers_in(s.text)] or ["(không có nguồn)"]
        if missing:
            log.warning("draft sentence dropped: numbers %s are not in its sources: %s", missing, s.text)
            dropped.append({"text": s.text, "numbers": missing})
        else:
            kept.append(s)
    return kept, dropped


def polished(s: DraftSentence, polish: Callable[[str], str], docs_by_id: dict[str, DocumentRecord],
             templates: Path | None) -> DraftSentence:
    """The polished sentence when it keeps every number and states no new one; else the original."""
    sources = source_texts(s.sources, docs_by_id)
    prompt_sources = "\n".join(f"- {q}" for q in sources)
    try:
        text = squash(polish(prompts.render("draft_polish", directory=templates, sentence=s.text,
                                            sources=prompt_sources)))
    except Exception:
        log.exception("polish failed; keeping the sentence as drafted")
        return s
    before = {v for _, v in numbers_in(s.text)}
    after = {v for _, v in numbers_in(text)}
    if not text or ungrounded(text, sources) or not before <= after:
        log.warning("polished sentence rejected (numbers changed or ungrounded): %s", text)
        return s
    return replace(s, text=text)

"""What a draft is: blocks (headings, paragraphs of sourced sentences, tables), the closing source
list, notes for the official and the sentences the grounding check dropped; as text and as a dict
(the shape of `troly draft --json`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from knowledge import prompts

_CLOSING_PUNCTUATION = re.compile(r"[.:;]+$")


@dataclass(frozen=True)
class SourceRef:
    doc_id: str
    file: str
    section: str
    quote: str


@dataclass(frozen=True)
class DraftSentence:
    text: str
    sources: tuple[SourceRef, ...]
    origin: str = "reused"  # "reused" (the commune's wording) | "figures" | "lead_in" | "table"
    figures: tuple[dict, ...] = ()  # figures it states: {value, unit, label, doc_id, raw, as_of, measure}


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "paragraph" | "table"
    level: int = 1  # headings: 1 "I.", 2 "1.", 3 "a)"
    text: str = ""  # the heading as shown (a table: its title)
    sentences: tuple[DraftSentence, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # a table's rows, as written
    header_rows: int = 0


def with_before_punctuation(sentence: str, addition: str) -> str:
    """`addition` placed before the sentence's closing punctuation ("... người" + " [1]" + ".")."""
    m = _CLOSING_PUNCTUATION.search(sentence)
    return f"{sentence[:m.start()]}{addition}{m.group()}" if m else f"{sentence}{addition}"


@dataclass(frozen=True)
class Draft:
    section: str
    commune: str
    period: str | None
    topic: str | None
    blocks: tuple[Block, ...]
    documents: tuple[dict, ...]  # the closing source list: {ref, doc_id, file, reference}
    notes: tuple[str, ...] = ()
    dropped: tuple[dict, ...] = ()  # sentences the grounding check removed: {text, numbers}
    templates: Path | None = None

    @property
    def sentences(self) -> list[DraftSentence]:
        return [s for b in self.blocks for s in b.sentences]

    @property
    def figures(self) -> list[dict]:
        seen, out = set(), []
        for s in self.sentences:
            for f in s.figures:
                key = (f["doc_id"], f["raw"], f["label"])
                if key not in seen:
                    seen.add(key)
                    out.append(f)
        return out

    def ref_of(self, doc_id: str) -> int:
        return next(d["ref"] for d in self.documents if d["doc_id"] == doc_id)

    def marked(self, s: DraftSentence) -> str:
        """The sentence with its source marker before the closing punctuation: "... người [1]."."""
        refs = ", ".join(str(r) for r in sorted({self.ref_of(x.doc_id) for x in s.sources}))
        marker = prompts.render("draft_common", "marker", self.templates, refs=refs)
        return with_before_punctuation(s.text, f" {marker}")

    def paragraph_text(self, b: Block) -> str:
        return " ".join(self.marked(s) for s in b.sentences)

    @property
    def text(self) -> str:
        lines = []
        for b in self.blocks:
            if b.kind == "heading":
                lines.append(b.text)
            elif b.kind == "table":
                lines.append(self.marked(b.sentences[0]))
                lines += ["\t".join(r) for r in b.rows]
            else:
                lines.append(self.paragraph_text(b))
        lines += list(self.notes)
        lines.append(prompts.render("draft_common", "sources_heading", self.templates))
        lines += [prompts.render("draft_common", "source_item", self.templates, ref=d["ref"],
                                 reference=d["reference"]) for d in self.documents]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "section": self.section, "commune": self.commune, "period": self.period, "topic": self.topic,
            "text": self.text,
            "sentences": [{"text": s.text, "origin": s.origin,
                           "sources": [{"doc_id": x.doc_id, "file": x.file, "section": x.section, "quote": x.quote}
                                       for x in s.sources]} for s in self.sentences],
            "figures": [{k: f[k] for k in ("value", "unit", "label", "doc_id", "raw", "as_of", "measure")}
                        for f in self.figures],
            "blocks": [{"kind": b.kind, "level": b.level,
                        "text": b.text if b.kind != "paragraph" else self.paragraph_text(b),
                        **({"rows": [list(r) for r in b.rows]} if b.kind == "table" else {})} for b in self.blocks],
            "sources": [dict(d) for d in self.documents],
            "notes": list(self.notes),
            "dropped": [dict(d) for d in self.dropped],
        }

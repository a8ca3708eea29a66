"""A document's section tree as drafting reads it: each section with the kind its heading opens
(knowledge.drafting.kinds) and its ancestors, and the sections of one kind (about a topic)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from knowledge.drafting.kinds import classify_heading, mentions
from knowledge.store import reads
from knowledge.store.records import SectionRecord


@dataclass(frozen=True)
class OutlineSection:
    idx: int
    parent: int | None
    level: int
    label: str
    heading: str
    path: tuple[str, ...]
    kind: str | None  # the kind its own heading opens
    ancestors: tuple[int, ...]  # innermost first

    @property
    def path_text(self) -> str:
        return " > ".join(self.path)


Outline = dict[int, OutlineSection]  # by section index


def outline(db: Database, doc_id: str) -> Outline:
    records = {s.idx: s for s in reads.sections(db, doc_id)}
    return {i: OutlineSection(s.idx, s.parent, s.level, s.label, s.heading, s.path,
                              classify_heading(s.heading, s.label), _ancestors(records, i))
            for i, s in records.items()}


def _ancestors(sections: dict[int, SectionRecord], idx: int) -> tuple[int, ...]:
    chain, cur = [], sections[idx].parent
    while cur is not None and cur in sections and cur not in chain:
        chain.append(cur)
        cur = sections[cur].parent
    return tuple(chain)


def path_text(sections: Outline, idx: int | None) -> str:
    """The heading path of a section ("" outside any)."""
    return sections[idx].path_text if idx in sections else ""


def effective_kind(sections: Outline, idx: int | None) -> str | None:
    """The kind of the innermost classified section holding `idx`."""
    if idx is None or idx not in sections:
        return None
    for i in [idx, *sections[idx].ancestors]:
        if sections[i].kind:
            return sections[i].kind
    return None


def matching_sections(sections: Outline, kind: str, topic: Sequence[str] = ()) -> list[int]:
    """Outermost sections of this kind (narrowed to the topic when one is given), in order."""
    roots = [i for i, s in sections.items()
             if s.kind == kind and not any(sections[a].kind == kind for a in s.ancestors)]
    if not topic:
        return roots
    out = []
    for r in roots:
        if mentions(" ".join(sections[r].path), topic):
            out.append(r)
            continue
        inside = [i for i, s in sections.items() if r in s.ancestors and mentions(s.heading, topic)]
        out += [i for i in inside if not any(a in inside for a in sections[i].ancestors)]
    for i, s in sections.items():  # "3. Cải cách TTHC > 3.1. Kết quả đạt được" with the topic above the kind
        if s.kind == kind and i not in out and mentions(" ".join(s.path), topic) \
                and not any(a in out for a in s.ancestors):
            out.append(i)
    return sorted(set(out))


def subtree(sections: Outline, root: int, kind: str) -> set[int]:
    """The root and its descendants, minus descendants that open another kind of section."""
    out = {root}
    for i in sorted(sections):
        s = sections[i]
        if root not in s.ancestors:
            continue
        chain = [i, *s.ancestors[: s.ancestors.index(root)]]
        if any(sections[c].kind not in (None, kind) for c in chain):
            continue
        out.add(i)
    return out

"""The directives a drafted section names in its lead-in ("Thực hiện Kế hoạch số ... của ... về ..."):
those cited in the reused wording, else the commune's most-cited recent ones (about the topic)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ingest.text.sentences import citing_sentence
from knowledge.directives.phrasing import directive_phrase
from knowledge.drafting.kinds import mentions
from knowledge.drafting.wording import WordingUnit
from knowledge.store.records import CitationRecord

MAX_DIRECTIVES = 2  # directives named in a lead-in sentence
# Kinds of directives a report carries out ("Thực hiện ..."); decisions that found or staff a body are not.
CARRIED_OUT = ("Nghị quyết", "Kết luận", "Chỉ thị", "Kế hoạch", "Chương trình", "Đề án", "Hướng dẫn", "Nghị định",
               "Thông tư", "Luật", "Quyết định")
_APPOINTING = ("thanh lap", "kien toan", "chi dinh", "bo nhiem", "phan cong", "chuan y")
_MAIN_CLAUSE = re.compile(r",\s+[^,]{0,40}?(?<!\w)(?:đã|đang|sẽ|được|tiếp tục)(?!\w)")


def subject_only(subject: str | None) -> str:
    """The subject without a main clause the mention ran into ("..., xã đã cấp 9.850 tài khoản")."""
    if not subject:
        return ""
    m = _MAIN_CLAUSE.search(subject)
    return (subject[:m.start()] if m else subject).rstrip(" .;:,")


def draft_phrase(c: CitationRecord) -> str:
    """How a draft names the directive: its subject cut at the report's own clause, no date it could not read."""
    return directive_phrase(replace(c, subject=subject_only(c.subject), date_text=None))



def pick_directives(citations: Sequence[CitationRecord], used: Sequence[WordingUnit],
                    topic: Sequence[str]) -> list[CitationRecord]:
    """Directives to name, from the commune's citations (latest report first): those cited in the
    reused wording, else those about the topic, else any; the most cited first, then the latest."""
    rows = [c for c in citations
            if not c.issued_by_commune and c.symbol and c.kind in CARRIED_OUT
            and not (c.kind == "Quyết định" and (not c.subject or mentions(c.subject, _APPOINTING)))]
    in_wording = {(s.doc.id, s.paragraph) for s in used}
    pools = [[c for c in rows if (c.doc_id, c.paragraph) in in_wording]]
    if topic:
        pools.append([c for c in rows if c.subject and mentions(c.subject, topic)])
        pools.append([c for c in rows if mentions(citing_sentence(c.paragraph_text, c.start, c.end), topic)])
    else:
        pools.append(rows)
    pool = next((x for x in pools if x), [])
    counts: dict[str, int] = {}
    for c in rows:
        counts[c.key] = counts.get(c.key, 0) + 1
    best: dict[str, tuple[int, CitationRecord]] = {}
    for c in pool:  # the fullest mention of each directive
        score = sum(bool(v) for v in (c.date, c.issuer, c.subject))
        if c.key not in best or score > best[c.key][0]:
            best[c.key] = (score, c)
    ranked = sorted((c for _, c in best.values()),
                    key=lambda c: (-counts[c.key], -int((c.date or "0").replace("-", "")), c.key))
    return ranked[:MAX_DIRECTIVES]

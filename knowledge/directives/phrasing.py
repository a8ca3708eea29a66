"""How a directive is named in a sentence, in official style:
"Kế hoạch số 35/KH-UBND ngày 8/1/2026 của UBND tỉnh Hưng Yên về cải cách hành chính năm 2026".
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Protocol

from ingest.text.dates import vn_date


class Directive(Protocol):
    """What naming a directive reads: a DirectiveFacts, a knowledge.store.records.CitationRecord."""

    kind: str | None
    number: str | None
    symbol: str | None
    date: str | None
    date_text: str | None
    issuer: str | None
    subject: str | None


@dataclass(frozen=True)
class DirectiveFacts:
    """What the reports say of one directive (knowledge.directives.registry.Entry.facts)."""

    kind: str | None
    number: str | None
    symbol: str | None
    date: str | None  # ISO
    date_text: str | None  # the date as written, when it is no calendar date
    issuer: str | None
    subject: str | None

    @classmethod
    def of(cls, mapping: dict) -> "DirectiveFacts":
        """From a dict holding these keys (a knowledge.directives.lookup result)."""
        return cls(**{f.name: mapping[f.name] for f in fields(cls)})


def directive_phrase(d: Directive) -> str:
    """Kind, number or symbol, date (as written, and said so, when it is no calendar date), issuer, subject."""
    parts = [f"{d.kind or 'Văn bản'} số {d.symbol or d.number}"]
    if d.date:
        parts.append(f"ngày {vn_date(d.date)}")
    elif d.date_text:
        parts.append(f"ngày {d.date_text} (ghi như trong văn bản)")
    if d.issuer:
        parts.append(f"của {d.issuer}")
    if d.subject:
        parts.append(f"về {d.subject}")
    return " ".join(parts)

"""The grounding check shared by answers and drafts: every number stated must be in the sources.

A number counts as grounded when the same value is written in one of the source texts, or
when it is the difference or sum of two source values (a comparison's "chênh 587").
Numbers are read the way figures are (Vietnamese notation, see ingest.figures.parse_number),
so "34.523" in an answer matches "34.523" or "34523" in a source.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from ingest.text.numbers import parse_number

_NUMBER = re.compile(r"(?<![\w])\d+(?:[.,]\d+)*(?:\s?%)?")
MAX_DERIVED_FROM = 60  # pairs are checked among at most this many distinct source values


def numbers_in(text: str) -> list[tuple[str, float]]:
    """(raw, value) for every number written in the text, dates and symbols split into parts."""
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group(0)
        value = parse_number(raw.replace(" ", ""))
        if value is not None:
            out.append((raw, value))
    return out


def ungrounded(text: str, sources: Iterable[str]) -> list[str]:
    """The numbers of `text` that no source states or derives (empty list: grounded)."""
    values = {v for s in sources for _, v in numbers_in(s)}
    ordered = sorted(values)[:MAX_DERIVED_FROM]
    derived = {round(a - b, 6) for a, b in itertools.permutations(ordered, 2)}
    derived |= {round(a + b, 6) for a, b in itertools.combinations(ordered, 2)}
    missing = []
    for raw, value in numbers_in(text):
        if value in values or round(value, 6) in derived:
            continue
        missing.append(raw)
    return missing

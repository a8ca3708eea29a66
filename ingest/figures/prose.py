"""Figures of one paragraph of prose, in reading order."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.figures.labels import find_label, previous_clause, trim_lead
from ingest.figures.skips import blocked_spans, skip_reason
from ingest.figures.units import MEASURE_UNITS, unit_at
from ingest.model import Figure
from ingest.text.numbers import DIGITS as _D
from ingest.text.numbers import MONEY_RE, parse_number, plain_number
from ingest.text.numbers import NUMBER as _NUM
from ingest.text.sentences import sentence_spans

# Number clusters in prose: "1.280", "26,64", "53/53", "16/6/2025".
_TOKEN_RE = re.compile(rf"(?<![{_D}]){_NUM}(?:/{_NUM})*")


def extract_figures(text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[Figure]:
    """Every number in one paragraph that measures something, in reading order."""
    blocked = blocked_spans(text, exclude)
    sentences = sentence_spans(text)
    figures: list[Figure] = []
    consumed_to = -1
    id_end = -1  # end of the last number skipped as an identifier
    prev: tuple[Figure, int] | None = None  # last figure and where its unit ends
    for m in _TOKEN_RE.finditer(text):
        start, end, core = m.start(), m.end(), m.group()
        if start < consumed_to:
            continue
        reason = skip_reason(text, start, end, core, blocked)
        if reason is None and id_end >= 0 and re.fullmatch(r"\s*(?:,|;|và|,\s*và)\s*", text[id_end:start]):
            reason = "identifier"  # "số 57, 59, 66 và 72"
        if reason:
            if reason in ("identifier", "symbol"):
                id_end = end
            continue
        raw_end = end
        money = MONEY_RE.match(text, start)
        unit: str | None
        if money and money.group(2) and re.search("triệu", money.group(), re.IGNORECASE):
            raw_end = money.end()
            value = parse_number(text[start:raw_end])
            unit, unit_end = "triệu đồng", raw_end
        else:
            unit, unit_end = unit_at(text, end)
            count = unit is not None and unit.lower() not in MEASURE_UNITS
            if "/" in core:
                value = plain_number(core.split("/")[0], count)
            else:
                value = plain_number(core, count)
        if value is None:
            continue
        consumed_to = raw_end
        s_lo, s_hi = next(((a, b) for a, b in sentences if a <= start < b), (0, len(text)))
        lo = s_lo
        if prev is not None and prev[1] > s_lo:
            lo = max(lo, prev[1])
        label = find_label(text, lo, start, unit, unit_end, (s_lo, s_hi), prev if prev and prev[1] > s_lo else None)
        if not label and prev is not None and prev[1] > s_lo:
            label = prev[0].label
        if not label:
            label = trim_lead(previous_clause(text[s_lo:start]), 10)
        fig = Figure(
            value=value,
            raw=text[start:raw_end],
            unit=unit,
            label=label,
            sentence=text[s_lo:s_hi],
            start=start,
            end=raw_end,
        )
        figures.append(fig)
        prev = (fig, unit_end)
    return figures

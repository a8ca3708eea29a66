"""Figures of a table: one per numeric body cell, labelled by its column header and row."""
from __future__ import annotations

import re

from ingest.figures.units import UNITS
from ingest.model import Figure, Table
from ingest.tables import table_label
from ingest.text.numbers import NUMBER as _NUM
from ingest.text.numbers import parse_number

_TITLE_UNIT = re.compile(
    r"(?<![A-Za-zÀ-ỹĐđ])s[ốố]\s+(?:lượng|liệu)\s+(?:(?:các|những)\s+)?([^,;:()]+)", re.IGNORECASE
)


def _title_unit(title: str) -> str | None:
    """The counted noun a table's title names: "SỐ LƯỢNG CÁC HỘI NGHỊ, ..." -> "hội nghị"."""
    m = _TITLE_UNIT.search(title)
    if not m:
        return None
    words = m.group(1).lower().split()
    for n in (3, 2, 1):
        cand = " ".join(words[:n])
        if cand in UNITS and cand != "%":
            return cand
    return None


def table_figures(table: Table) -> list[Figure]:
    """One Figure per numeric body cell; sentence is the whole row as tab-separated text."""
    unit = _title_unit(table.title)
    out: list[Figure] = []
    for cell in table.cells:
        text = cell.text.strip()
        value = parse_number(text)
        if value is None or not re.fullmatch(rf"{_NUM}(?:\s*/\s*{_NUM})?\s*%?", text):
            continue
        label = table_label(table, cell)
        if cell.row_header and cell.row_header not in label:
            label = f"{label} ({cell.row_header})"
        out.append(
            Figure(
                value=value,
                raw=text,
                unit="%" if text.endswith("%") else unit,
                label=label,
                sentence=table.row_text(cell.row),
                start=-1,
                end=-1,
            )
        )
    return out

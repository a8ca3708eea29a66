"""Figures of a table: one per numeric body cell, labelled by its column header and row."""
from __future__ import annotations

import re
from collections.abc import Sequence

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
    unit = _leading_unit(m.group(1))
    return unit if unit != "%" else None


def _leading_unit(words: str) -> str | None:
    """The unit the words open with, longest first ("hội nghị, ..." -> "hội nghị")."""
    split = words.lower().split()
    return next((" ".join(split[:n]) for n in (3, 2, 1) if " ".join(split[:n]) in UNITS), None)


_HEADER_UNIT = re.compile(r"\(([^()]+)\)\s*$")
_TOTAL_ROW = re.compile(r"^\s*(?:tổng|cộng)", re.IGNORECASE)
_COUNT_HEADER = re.compile(r"^\s*(?:tổng\s+)?số\s+(?:lượng\s+)?(.+)$", re.IGNORECASE)
_UNIT_COLUMN = re.compile(r"^\s*(?:đvt|đơn vị tính|đơn vị)\s*$", re.IGNORECASE)


def _header_unit(header: str) -> str | None:
    """The unit a column header names: in its closing brackets ("Tài khoản định danh mức 2 (người)"),
    or as the noun it counts ("Số hộ" -> "hộ")."""
    m = _HEADER_UNIT.search(header)
    unit = m.group(1).strip().lower() if m else ""
    if unit in UNITS:
        return unit
    counted = _COUNT_HEADER.match(header.rsplit(" – ", 1)[-1])
    return _leading_unit(counted.group(1)) if counted else None


def _row_units(table: Table) -> dict[int, str]:
    """Units of the rows of a table with a unit column ("ĐVT": "Người", "Căn", "Tỷ đồng")."""
    col = next((i for row in table.rows[:table.header_rows] for i, text in enumerate(row) if _UNIT_COLUMN.match(text)),
               None)
    if col is None:
        return {}
    return {r: row[col].strip().lower() for r, row in enumerate(table.rows)
            if r >= table.header_rows and col < len(row) and row[col].strip().lower() in UNITS}


def _stated_units(table: Table, stated: Sequence[Figure]) -> dict[int, str]:
    """Units of columns whose total the text before the table states with one: "tổng số hồ sơ tiếp
    nhận là 6.842 hồ sơ" above a table whose "Tổng cộng" row holds 6.842 under "Tiếp nhận"."""
    units = {}
    for cell in table.cells:
        value = parse_number(cell.text.strip())
        if value is None or not _TOTAL_ROW.match(cell.row_header) or cell.text.strip().endswith("%"):
            continue
        found = {f.unit for f in stated if f.value == value and f.unit and f.unit != "%"}
        if len(found) == 1:
            units[cell.col] = found.pop()
    return units


def table_figures(table: Table, stated: Sequence[Figure] = ()) -> list[Figure]:
    """One Figure per numeric body cell; sentence is the whole row as tab-separated text. A cell's
    unit: its row's unit column, its column header's, the table title's counted noun, else the unit
    the text before the table (`stated`: its figures) gives the column's total."""
    unit = _title_unit(table.title)
    by_column = _stated_units(table, stated)
    by_row = _row_units(table)
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
                unit="%" if text.endswith("%") else by_row.get(cell.row) or _header_unit(cell.col_header) or unit
                or by_column.get(cell.col),
                label=label,
                sentence=table.row_text(cell.row),
                start=-1,
                end=-1,
            )
        )
    return out

"""Tables: from a grid of cell strings to a Table whose every body cell knows its headers.

Owns: header-row detection, row-label (stub) columns, column headers for
multi-row headers (Word grids repeat a merged cell across its span; text grids
write a group header only in its first column, so it is carried right), group
totals ("Tổng" rows whose numbers stand for a whole group) and the citable
label of a cell ("Biểu 2, ĐẢNG ỦY – Quyết định").
"""
from __future__ import annotations

import logging
import re
from itertools import product

from ingest.model import Cell, Grid, Table
from ingest.text.normal import fold, squash
from ingest.text.numbers import parse_number

log = logging.getLogger(__name__)

SEP = " – "
_NUMERIC = re.compile(r"[0-9]+(?:[.,][0-9]+)*(?:\s*/\s*[0-9]+(?:[.,][0-9]+)*)?\s*%?")
_STT = {"stt", "tt", "so tt", "so thu tu"}
# Captions of the stub (row-label) column that text grids sometimes shift into a data column.
_STUB_CAPTIONS = {"thoi gian", "noi dung", "chi tieu", "don vi", "ten don vi", "danh muc", "ky bao cao", "linh vuc"}
_TOTAL = re.compile(r"^(?:tổng|cộng|toàn xã|cả năm)(?![a-zà-ỹđ])")  # not fold(): "Công an" is no "Cộng"


def _num(text: str) -> float | None:
    text = text.strip()
    if not _NUMERIC.fullmatch(text):
        return None
    return parse_number(text)


def _is_year_row(row: tuple[str, ...], cols: list[int]) -> bool:
    vals = [row[j].strip() for j in cols if _num(row[j]) is not None]
    return bool(vals) and all(re.fullmatch(r"(?:19|20)[0-9]{2}", v) for v in vals)


def _pad(grid: Grid) -> tuple[tuple[str, ...], ...]:
    width = max((len(r) for r in grid), default=0)
    return tuple(tuple(r) + ("",) * (width - len(r)) for r in grid)


def _stt_cols(rows, header_rows: int) -> set[int]:
    """Ordinal columns: headed "STT"/"TT", or a first column counting 1, 2, 3 beside text."""
    top = rows[: max(header_rows, 1)]
    cols = {j for j in range(len(rows[0])) if any(fold(squash(r[j])) in _STT for r in top)}
    if len(rows[0]) > 1 and 0 not in cols:
        firsts = [r[0].strip().rstrip(".") for r in rows[1:] if r[0].strip()]
        texts = [r[1] for r in rows[1:] if r[1].strip()]
        if (
            len(firsts) >= 2
            and all(re.fullmatch(r"[0-9]{1,3}", v) for v in firsts)
            and [int(v) for v in firsts] == list(range(int(firsts[0]), int(firsts[0]) + len(firsts)))
            and texts
            and all(_num(t) is None for t in texts)
        ):
            cols.add(0)
    return cols


def _layout(rows) -> tuple[int, int]:
    """(header_rows, label_cols): rows before the first row with numbers in its body columns."""
    width = len(rows[0])
    stt = _stt_cols(rows, 2)
    # label columns: leading columns (STT aside) that hold no number below the first row
    label_cols = 0
    for j in range(width):
        if j in stt:
            label_cols = j + 1
            continue
        values = [r[j].strip() for r in rows[1:] if _num(r[j]) is not None]
        if values and not all(re.fullmatch(r"(?:19|20)[0-9]{2}", v) for v in values):
            break  # years down the first column are row labels
        label_cols = j + 1
    if label_cols >= width:  # no numeric column at all: a text table
        label_cols = 1 if width > 1 else 0
    data_cols = list(range(label_cols, width))
    header_rows = 0
    for i, row in enumerate(rows):
        if any(_num(row[j]) is not None for j in data_cols):
            later = any(any(_num(r[j]) is not None for j in data_cols) for r in rows[i + 1:])
            if _is_year_row(row, data_cols) and later:
                continue  # "2023 | 2024" heading the columns
            header_rows = i
            break
    else:
        header_rows = 1 if len(rows) > 1 else 0
    return header_rows, label_cols


def _header_grid(rows, header_rows: int, label_cols: int) -> list[list[str]]:
    """Header texts per (header row, column): group headers carried right, stub captions dropped."""
    width = len(rows[0])
    grid = [[squash(rows[i][j]) for j in range(width)] for i in range(header_rows)]
    for i in range(header_rows):
        for j in range(label_cols, width):
            if re.match(r"^(?:don vi tinh|dvt)\b", fold(grid[i][j])):
                grid[i][j] = ""
    last = header_rows - 1
    # carry group headers right (text grids), never from a header that spans rows down
    for i in range(last):
        carry = ""
        for j in range(label_cols, width):
            text = grid[i][j]
            if text:
                below_empty = all(not grid[k][j] for k in range(i + 1, header_rows))
                carry = "" if below_empty else text
            elif carry and any(grid[k][j] for k in range(i + 1, header_rows)):
                grid[i][j] = carry
            else:
                carry = ""
    for i in range(header_rows):
        for j in range(label_cols, width):
            text = grid[i][j]
            if i == last and label_cols and not grid[i][0] and fold(text) in _STUB_CAPTIONS:
                grid[i][j] = ""  # "THỜI GIAN" shifted right of the empty stub cell
    return grid


def _groups(row: list[str], label_cols: int) -> list[tuple[int, int, str]]:
    """Runs of equal non-empty header text: (first col, last col, text)."""
    runs: list[tuple[int, int, str]] = []
    for j in range(label_cols, len(row)):
        text = row[j]
        if runs and text and runs[-1][2] == text and runs[-1][1] == j - 1:
            runs[-1] = (runs[-1][0], j, text)
        elif text:
            runs.append((j, j, text))
    return runs


def _is_total(label: str) -> bool:
    return bool(_TOTAL.match(squash(label).lower()))


def _realign(groups, rows, body: list[int], totals: list[int], width: int):
    """Shift group boundaries by one column when that makes every group sum to its total.

    Text exports sometimes place a group header one column off; the "Tổng" row
    (one number per group) tells where each group really ends.
    """
    if len(groups) < 2 or not totals or not body:
        return groups
    sums = [sum(_num(rows[r][j]) or 0 for r in body) for j in range(width)]
    for t in totals:
        vals = [_num(rows[t][j]) for j in range(groups[0][0], width)]
        if sum(v is not None for v in vals) != len(groups):
            continue
        targets = [v for v in vals if v is not None]

        def fits(starts):
            bounds = list(starts) + [groups[-1][1] + 1]
            return all(
                abs(sum(sums[bounds[k]:bounds[k + 1]]) - targets[k]) < 1e-6 for k in range(len(groups))
            )

        base = tuple(g[0] for g in groups)
        if fits(base):
            return groups
        best = None
        for shift in product((-1, 0, 1), repeat=len(groups) - 1):
            starts = (base[0],) + tuple(b + s for b, s in zip(base[1:], shift))
            if any(b2 <= b1 for b1, b2 in zip(starts, starts[1:])):
                continue
            if fits(starts):
                cost = sum(map(abs, shift))
                if best is None or cost < best[0]:
                    best = (cost, starts)
        if best:
            starts = best[1]
            ends = [s - 1 for s in starts[1:]] + [groups[-1][1]]
            log.debug("table groups realigned by totals: %s -> %s", base, starts)
            return [(s, e, g[2]) for s, e, g in zip(starts, ends, groups)]
    return groups


def _group_totals(row, numbers, groups, plain, rows, group_header) -> dict[int, str]:
    """Numbers of a total row that stand for a whole group: {col: group header}.

    A text grid writes a group's merged total in any one column of the group:
    when each group holds exactly one number (or, failing that, there are as
    many numbers as groups, in order), each number belongs to its group, unless
    it is simply the total of its own column.
    """
    inside = [[j for j in numbers if s <= j <= e] for s, e, _ in groups]
    if all(len(js) <= 1 for js in inside) and sum(map(len, inside)) == len(numbers):
        pairs = [(js[0], k) for k, js in enumerate(inside) if js]
    elif len(numbers) == len(groups):
        pairs = list(zip(numbers, range(len(groups))))
    else:
        return {}
    out: dict[int, str] = {}
    for j, k in pairs:
        s, e, _ = groups[k]
        value = _num(row[j])
        col_sum = sum(_num(rows[r][j]) or 0 for r in plain)
        group_sum = sum(_num(rows[r][c]) or 0 for r in plain for c in range(s, e + 1))
        if plain and value is not None and abs(value - col_sum) < 1e-6 and abs(value - group_sum) > 1e-6:
            continue  # a column total after all
        out[j] = group_header(s)
    return out


def _column_totals(row, s: int, e: int, plain: list[int], rows) -> bool:
    """Whether equal totals across a group are each its own column's total, not the group's."""
    if not plain:
        return False
    value = _num(row[s])
    sums = [sum(_num(rows[r][j]) or 0 for r in plain) for j in range(s, e + 1)]
    return value is not None and all(abs(value - x) < 1e-6 for x in sums) and abs(value - sum(sums)) > 1e-6


def _col_headers(hgrid: list[list[str]], label_cols: int, width: int) -> list[str]:
    out = []
    for j in range(width):
        parts: list[str] = []
        for row in hgrid:
            text = row[j]
            if text and text not in parts:
                parts.append(text)
        out.append(SEP.join(parts))
    return out


def build_table(grid: Grid, index: int, title: str, section: int | None) -> Table:
    """A Table with header rows detected and every body cell's row and column headers."""
    rows = _pad(grid)
    if not rows or not rows[0]:
        return Table(index=index, title=title, section=section, header_rows=0, rows=rows, cells=())
    width = len(rows[0])
    header_rows, label_cols = _layout(rows)
    hgrid = _header_grid(rows, header_rows, label_cols)
    stt = _stt_cols(rows, header_rows)

    def row_label(r: int) -> str:
        parts: list[str] = []
        for j in range(label_cols):
            text = squash(rows[r][j])
            if j not in stt and text and text not in parts:
                parts.append(text)
        return SEP.join(parts)

    body = list(range(header_rows, len(rows)))
    totals = [r for r in body if _is_total(row_label(r))]
    plain = [r for r in body if r not in totals]

    # the group row: the top header row that has at least two groups of several columns
    group_row = None
    groups: list[tuple[int, int, str]] = []
    for i in range(max(header_rows - 1, 0)):
        runs = _groups(hgrid[i], label_cols)
        if len(runs) >= 2 and any(e > s for s, e, _ in runs):
            group_row, groups = i, runs
            break
    if group_row is not None:
        aligned = _realign(groups, rows, plain, totals, width)
        if aligned != groups:
            for s, e, text in aligned:
                for j in range(s, e + 1):
                    hgrid[group_row][j] = text
            groups = aligned
    headers = _col_headers(hgrid, label_cols, width)

    def group_header(j: int) -> str:
        parts: list[str] = []
        for row in hgrid[: group_row + 1]:
            if row[j] and row[j] not in parts:
                parts.append(row[j])
        return SEP.join(parts)

    cells: list[Cell] = []
    for r in body:
        label = row_label(r)
        row = [squash(t) for t in rows[r]]
        numbers = [j for j in range(label_cols, width) if row[j] and _num(row[j]) is not None]
        by_group: dict[int, str] = {}
        skip: set[int] = set()
        if group_row is not None and r in totals and numbers:
            by_group = _group_totals(row, numbers, groups, plain, rows, group_header)
        if group_row is not None and r in totals:
            # Word grids: a merged total repeated exactly across a group stands for the group
            for s, e, _ in groups:
                vals = {row[j] for j in range(s, e + 1)}
                if e > s and len(vals) == 1 and "" not in vals and not _column_totals(row, s, e, plain, rows):
                    by_group[s] = group_header(s)
                    skip.update(range(s + 1, e + 1))
        for j in range(label_cols, width):
            if not row[j] or j in skip:
                continue
            cells.append(Cell(row=r, col=j, text=row[j], row_header=label, col_header=by_group.get(j, headers[j])))
    return Table(
        index=index,
        title=title,
        section=section,
        header_rows=header_rows,
        rows=rows,
        cells=tuple(cells),
    )


def _number_of(table: Table) -> str:
    """'Biểu 3' from a title that names it ("Biểu số 3", "Biểu mẫu số 3"), else the table's index."""
    m = re.match(r"\s*bieu\s*(?:mau\s*)?(?:so\s*)?:?\s*([0-9]+)", fold(table.title))
    return m.group(1) if m else str(table.index)


def table_label(table: Table, cell: Cell) -> str:
    """The citable label of a cell: "Biểu 2, ĐẢNG ỦY – Quyết định" (+ " (row)" in a table of several rows)."""
    label = f"Biểu {_number_of(table)}"
    if cell.col_header:
        label += f", {cell.col_header}"
    body_rows = {c.row for c in table.cells}
    if cell.row_header and len(body_rows) > 1:
        label += f" ({cell.row_header})"
    return label

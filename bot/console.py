"""The terminal the `troly` commands print to: one Rich console, progress bars, and user text
(file names, answers, messages) always printed as it is, never read as Rich markup."""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

console = Console()


def plain(text: str) -> None:
    """Print text that came from users or documents: "[bản nháp]" stays "[bản nháp]"."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)



def listing(rows: list[dict], as_json: bool, empty: str, columns: Sequence[str],
            cells: Callable[[dict], Sequence[object]]) -> None:
    """Records as JSON (the machine interface), or as a table (`cells(row)` under `columns`), or
    the `empty` note when there are none."""
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif not rows:
        plain(empty)
    else:
        table = Table(*columns)
        for row in rows:
            table.add_row(*(escape("" if cell is None else str(cell)) for cell in cells(row)))
        console.print(table)

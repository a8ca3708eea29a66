"""The terminal the `troly` commands print to: one Rich console, progress bars, and user text
(file names, answers, messages) always printed as it is, never read as Rich markup."""
from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

console = Console()


def plain(text: str) -> None:
    """Print text that came from users or documents: "[bản nháp]" stays "[bản nháp]"."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)


"""Text templates kept as files in the `prompts` package, loaded by name, filled strictly.

A template file holds one or more named blocks:

    ## block_name
    text with {placeholders}

(text before the first "## " line is the block "main"; lines starting with "#;" are comments).
`render(name, block, **values)` raises MissingVariable when a placeholder has no value, so a
template and its caller can never silently disagree.
"""
from __future__ import annotations

import re
import string
from functools import lru_cache
from importlib import resources
from pathlib import Path

PROMPTS_DIR = Path(str(resources.files("prompts")))  # package data: found in a wheel install too
_BLOCK = re.compile(r"^## +(\w+) *$")


class MissingVariable(KeyError):
    """A template placeholder that the caller did not provide."""

    def __init__(self, template: str, block: str, name: str) -> None:
        self.template, self.block, self.name = template, block, name
        super().__init__(f"template {template}:{block} needs a value for {{{name}}}")

    def __str__(self) -> str:  # KeyError quotes its message otherwise
        return self.args[0]


class TemplateNotFound(LookupError):
    pass


@lru_cache(maxsize=64)
def _load(path: Path, mtime: float) -> dict[str, str]:
    blocks: dict[str, list[str]] = {"main": []}
    current = "main"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#;"):
            continue
        m = _BLOCK.match(line)
        if m:
            current = m.group(1)
            blocks[current] = []
            continue
        blocks[current].append(line)
    return {name: "\n".join(lines).strip("\n") for name, lines in blocks.items() if any(x.strip() for x in lines)}


def load(name: str, directory: Path | None = None) -> dict[str, str]:
    """Every block of prompts/<name>.txt (or of `directory`/<name>.txt)."""
    path = (directory or PROMPTS_DIR) / f"{name}.txt"
    if not path.is_file():
        raise TemplateNotFound(f"template not found: {path}")
    return _load(path, path.stat().st_mtime)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def render(name: str, block: str = "main", directory: Path | None = None, **values: object) -> str:
    """The block filled with `values`; every placeholder must be given (extra values are ignored)."""
    blocks = load(name, directory)
    if block not in blocks:
        raise TemplateNotFound(f"template {name} has no block {block!r}")
    text = blocks[block]
    for field in placeholders(text):
        if field not in values:
            raise MissingVariable(name, block, field)
    return text.format(**values)


def has_block(name: str, block: str, directory: Path | None = None) -> bool:
    return block in load(name, directory)

"""House rules checked on the tree: small modules, and the import-linter layer contracts."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

MAX_LINES = 400
PACKAGES = ("bot", "ingest", "knowledge")


def module_lengths() -> list[tuple[int, str]]:
    """(lines, path) of every module in the packages, longest first."""
    sizes = [(len(path.read_text(encoding="utf-8").splitlines()), path.relative_to(ROOT).as_posix())
             for package in PACKAGES for path in (ROOT / package).rglob("*.py")]
    return sorted(sizes, reverse=True)


def test_no_module_over_400_lines():
    sizes = module_lengths()
    print("longest modules:", *(f"{lines:5d} {path}" for lines, path in sizes[:10]), sep="\n")
    too_long = [f"{path} ({lines})" for lines, path in sizes if lines > MAX_LINES]
    assert not too_long, f"modules over {MAX_LINES} lines: {', '.join(too_long)}"


def test_import_contracts_are_kept():
    # the lint-imports command beside this interpreter, on the contracts in pyproject.toml
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout

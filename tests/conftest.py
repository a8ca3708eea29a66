"""Shared fixtures: the seeds and the gold set live in ../shared beside the repo."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"
EXAMPLES = ROOT / "examples"


def seed_path(name: str) -> Path:
    """A seed file by its name or 3-digit prefix; skips the test when ../shared is absent."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    matches = sorted(SEEDS.glob(f"{name}*"))
    if not matches:
        pytest.skip(f"seed {name} not found")
    return matches[0]


def load_jsonl(name: str) -> list[dict]:
    path = EVAL / name
    if not path.exists():
        pytest.skip(f"../shared/eval/{name} is absent")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_json(name: str):
    path = EVAL / name
    if not path.exists():
        pytest.skip(f"../shared/eval/{name} is absent")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return SEEDS

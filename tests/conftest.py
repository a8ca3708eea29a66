"""Shared fixtures: the seeds and the gold set live in ../shared beside the repo."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.qa.evaluate import read_gold

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
    return read_gold(path)


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


@pytest.fixture(scope="session")
def seeded_services(tmp_path_factory):
    """The five seeds ingested and indexed with the real embedder (about a minute, once per run)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    from knowledge.services import Services
    from knowledge.settings import Settings

    services = Services.open(Settings(data_dir=tmp_path_factory.mktemp("seeded")))
    for path in sorted(SEEDS.glob("*.txt")):
        services.ingest(path)
    services.sync()
    yield services
    services.close()


@pytest.fixture(scope="session")
def chat_kb(tmp_path_factory):
    """examples/ (xã Tân Phong) + a second commune, embedded once, with the chat allowlist (tests/chat_kb.py)."""
    from tests.chat_kb import build_chat_kb

    return build_chat_kb(tmp_path_factory.mktemp("chat_kb"))

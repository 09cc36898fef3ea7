"""The server's settings: one frozen value, from the command line or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

DEFAULT_DB_FILE = "handlingsrom.db"


def normalize_db_url(value: str | None) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as given, ``postgresql://`` with the psycopg 3
    driver, a plain file path as an SQLite file; nothing = ``handlingsrom.db`` here."""
    if not value:
        return f"sqlite:///{DEFAULT_DB_FILE}"
    if "://" not in value:
        return f"sqlite:///{Path(value)}"
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    return value


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to know; ``from_env`` reads ``HANDLINGSROM_<NAME>``."""

    db: str = f"sqlite:///{DEFAULT_DB_FILE}"
    # Browser sessions: cookies are Secure (browsers send them over HTTPS and to
    # http://localhost only), HttpOnly and SameSite=Lax.
    session_hours: float = 12.0
    token_days: float = 90.0
    # Login rate limit: at most this many failed logins per user name, and per client
    # address, within the window; then 429 with Retry-After.
    login_window_seconds: int = 300
    login_max_failures: int = 10
    # Results cached by the content hash of their inputs (entries, least recently used out).
    cache_entries: int = 512
    # Processes for the slow results (savings, stress tests, risk, report).
    heavy_workers: int = 1
    max_body_bytes: int = 1_000_000
    # Paths and seed of the stochastic results (the report's defaults): the rule risk, and
    # the population's uncertainty bands in the report.
    risk_paths: int = 100
    report_paths: int = 200
    seed: int = 2017
    # The plan horizon in years from the base year (0: the model's default, 41 years).
    horizon_years: int = 0

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"HANDLINGSROM_{f.name.upper()}")
            if raw is None:
                continue
            kind = type(getattr(cls(), f.name))
            values[f.name] = raw if kind is str else kind(raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)  # type: ignore[arg-type]
        return replace(settings, db=normalize_db_url(settings.db))

    def to_env(self) -> dict[str, str]:
        """The settings as environment variables (for uvicorn's worker processes)."""
        return {f"HANDLINGSROM_{f.name.upper()}": str(getattr(self, f.name)) for f in fields(self)}

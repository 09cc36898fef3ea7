"""Fixtures of the plan workspace's tests: the app on SQLite (a temporary file) and on
PostgreSQL (``HANDLINGSROM_TEST_POSTGRES_URL``; skipped locally without it, required under
CI), a user of every role with a token, and small helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from handlingsrom.server.app import create_app
from handlingsrom.server.models import User, utcnow
from handlingsrom.server.security import hash_password
from handlingsrom.server.settings import Settings
from handlingsrom.server.store import Store, UserRecord

POSTGRES_URL = os.environ.get("HANDLINGSROM_TEST_POSTGRES_URL", "")
PASSWORD = "a-long-test-password"
ROLES = ("admin", "planner", "politician", "viewer")
# A short horizon keeps the slow results (savings, stress tests, report) to seconds.
TEST_SETTINGS = Settings(horizon_years=6, risk_paths=5, report_paths=5, heavy_workers=1)
INTEREST = {
    "title": "Renten 2 prosentpoeng høyere",
    "assumptions": {
        "economy.interest_rate_floating": {"add": 0.02, "from": 2018},
        "economy.interest_rate_fixed": {"add": 0.02, "from": 2018},
    },
}
MEASURE = {
    "id": "omst-test",
    "name": "Larger units",
    "sector": "Barn og unge",
    "kind": "restructuring",
    "initiative": "none",
    "start_year": 2019,
    "amount_nok": -20_000_000.0,
    "ramp_years": 2,
    "status": "proposed",
}


def postgres_schema() -> str:
    """This test process's own schema: one per pytest-xdist worker and per run, so that
    parallel workers (and two runs at once on one cluster) never see each other's tables."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:12] or str(os.getpid())
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"handlingsrom_test_{run}_{worker}".lower()


def schema_url(url: str, schema: str) -> str:
    """``url`` with every connection's search_path set to ``schema`` (libpq's options)."""
    u = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return u.render_as_string(hide_password=False)


_created_schemas: set[str] = set()


def reset_postgres(url: str) -> str:
    """An empty schema of this process's own (every table of an earlier test dropped), and
    the URL whose connections use it."""
    schema = postgres_schema()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    _created_schemas.add(schema)
    return schema_url(url, schema)


def drop_postgres_schemas(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for schema in sorted(_created_schemas):
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()
    _created_schemas.clear()


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schemas_at_the_end() -> Iterator[None]:
    yield
    if POSTGRES_URL and _created_schemas:
        drop_postgres_schemas(POSTGRES_URL)


def backends() -> list[str]:
    """SQLite always; PostgreSQL when configured, and always under CI (where a missing
    HANDLINGSROM_TEST_POSTGRES_URL then fails the tests instead of skipping them)."""
    if POSTGRES_URL or os.environ.get("CI"):
        return ["sqlite", "postgresql"]
    return ["sqlite"]


def database_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'handlingsrom.db'}"
    if not POSTGRES_URL:
        raise RuntimeError(
            "under CI the PostgreSQL tests must run: set HANDLINGSROM_TEST_POSTGRES_URL"
        )
    return reset_postgres(POSTGRES_URL)


@dataclass
class World:
    """An app with one user of each role (and a second politician), each with a token."""

    client: TestClient
    settings: Settings
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, who: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}", **extra}

    def call(self, who: str, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**self.headers(who), **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)

    def new_plan(self, who: str = "planner", **body: Any) -> dict[str, Any]:
        r = self.call(who, "POST", "/api/v1/plans", json={"name": "Plan", **body})
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]

    def put_scenario(self, who: str, plan: dict[str, Any], doc: Any) -> Any:
        etag = self.call(who, "GET", f"/api/v1/plans/{plan['id']}").headers["ETag"]
        return self.call(
            who, "PUT", f"/api/v1/plans/{plan['id']}/scenario", json=doc, headers={"If-Match": etag}
        )


@lru_cache(maxsize=1)
def password_hash() -> str:
    """One argon2 hash of PASSWORD for every test user (hashing is slow on purpose)."""
    return hash_password(PASSWORD)


def add_users(store: Store, users: dict[str, str]) -> dict[str, UserRecord]:
    """Users (name → role) with the test password, written directly (no hashing each)."""
    out = {}
    with store.write() as s:
        for name, role in users.items():
            now = utcnow()
            user = User(
                username=name,
                role=role,
                password_hash=password_hash(),
                active=True,
                created_at=now,
                updated_at=now,
            )
            s.add(user)
            s.flush()
            out[name] = UserRecord.of(user)
    return out


def make_world(url: str, settings: Settings = TEST_SETTINGS) -> Iterator[World]:
    settings = replace(settings, db=url)
    app = create_app(settings)
    store = app.state.store
    users = add_users(store, {role: role for role in ROLES} | {"politician2": "politician"})
    with TestClient(app, base_url="https://testserver") as client:
        world = World(client, settings)
        for name, user in users.items():
            world.tokens[name] = store.issue(user, "token", timedelta(hours=1))[0]
        yield world


@pytest.fixture(params=backends())
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def world(backend: str, tmp_path: Path) -> Iterator[World]:
    yield from make_world(database_url(backend, tmp_path))


@pytest.fixture
def sqlite_world(tmp_path: Path) -> Iterator[World]:
    yield from make_world(database_url("sqlite", tmp_path))

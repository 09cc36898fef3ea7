"""Signing in: tokens, browser sessions with CSRF, the login rate limit, user management."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.server.conftest import PASSWORD, TEST_SETTINGS, World, database_url, make_world


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[World]:
    settings = replace(TEST_SETTINGS, login_max_failures=3, login_window_seconds=60)
    yield from make_world(database_url("sqlite", tmp_path), settings)


def test_token_sign_in_and_revocation(sqlite_world: World) -> None:
    c = sqlite_world.client
    r = c.post("/api/v1/tokens", json={"username": "viewer", "password": PASSWORD})
    assert r.status_code == 201 and r.json()["role"] == "viewer"
    token = r.json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert c.get("/api/v1/users/me", headers=auth).json()["username"] == "viewer"
    assert c.delete("/api/v1/tokens/current", headers=auth).status_code == 204
    assert c.get("/api/v1/users/me", headers=auth).status_code == 401
    r = c.post("/api/v1/tokens", json={"username": "viewer", "password": "wrong password"})
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    r = c.post("/api/v1/tokens", json={"username": "nobody", "password": PASSWORD})
    assert r.status_code == 401


def test_browser_session_needs_the_csrf_token_for_changes(sqlite_world: World) -> None:
    c = sqlite_world.client
    r = c.post(
        "/api/v1/session",
        data={"username": "planner", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"
    r = c.post("/api/v1/session", data={"username": "planner", "password": PASSWORD})
    assert r.status_code == 201, r.text
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie
    csrf = r.json()["csrf_token"]
    assert c.get("/api/v1/session").json()["csrf_token"] == csrf
    assert c.get("/api/v1/plans").status_code == 200
    r = c.post("/api/v1/plans", json={"name": "no token"})
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"
    r = c.post("/api/v1/plans", json={"name": "x"}, headers={"X-CSRF-Token": "forged"})
    assert r.status_code == 403
    r = c.post("/api/v1/plans", json={"name": "with token"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201
    assert c.delete("/api/v1/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert c.get("/api/v1/plans").status_code == 401


def test_login_is_rate_limited(limited: World) -> None:
    c = limited.client
    for _ in range(3):
        r = c.post("/api/v1/tokens", json={"username": "admin", "password": "wrong-password"})
        assert r.status_code == 401
    r = c.post("/api/v1/tokens", json={"username": "admin", "password": PASSWORD})
    assert r.status_code == 429 and 1 <= int(r.headers["Retry-After"]) <= 61
    # the client address is limited too, whatever the user name
    r = c.post("/api/v1/tokens", json={"username": "viewer", "password": PASSWORD})
    assert r.status_code == 429


def test_admins_manage_users(sqlite_world: World) -> None:
    w = sqlite_world
    body = {"username": "kari", "role": "politician", "password": "kari-has-a-password"}
    r = w.call("admin", "POST", "/api/v1/users", json=body)
    assert r.status_code == 201 and r.json()["role"] == "politician"
    assert w.call("admin", "POST", "/api/v1/users", json=body).status_code == 409
    r = w.call(
        "admin", "POST", "/api/v1/users", json={**body, "username": "ola", "password": "short"}
    )
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "/password"
    token = w.client.post(
        "/api/v1/tokens", json={"username": "kari", "password": "kari-has-a-password"}
    ).json()["token"]
    r = w.call("admin", "PATCH", "/api/v1/users/kari", json={"active": False})
    assert r.status_code == 200 and r.json()["active"] is False
    me = w.client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
    assert (
        w.call("admin", "PATCH", "/api/v1/users/admin", json={"role": "viewer"}).status_code == 409
    )
    users = w.call("admin", "GET", "/api/v1/users", params={"limit": 2}).json()
    assert users["total"] == 6 and users["next"] is not None
    audit = w.call("viewer", "GET", "/api/v1/audit", params={"action": "user.update"}).json()
    assert audit["items"][0]["before"] == {"role": "politician", "active": True}
    assert "password" not in str(audit) or "changed" in str(audit)

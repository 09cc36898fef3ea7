"""The role matrix: every endpoint × every role, asserted (and every endpoint covered)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import APIRoute

from tests.server.conftest import INTEREST, MEASURE, World

ALL = ("admin", "planner", "politician", "viewer")
EDIT = ("admin", "planner", "politician")
PUBLISH = ("admin", "planner")
ADMIN = ("admin",)
# (method, path template, body, roles allowed). {own} is a draft of the politician,
# {other} a draft of the planner, {pub} a published plan; rows are made per request.
CASES: list[tuple[str, str, Any, tuple[str, ...]]] = [
    ("GET", "/healthz", None, ALL),
    ("GET", "/api/v1/datasets", None, ALL),
    ("GET", "/api/v1/indicators", None, ALL),
    ("POST", "/api/v1/tokens", "login", ALL),
    ("DELETE", "/api/v1/tokens/current", "own-token", ALL),
    ("POST", "/api/v1/session", "login", ALL),
    ("GET", "/api/v1/session", None, ALL),
    ("DELETE", "/api/v1/session", "own-token", ALL),
    ("GET", "/api/v1/users/me", None, ALL),
    ("GET", "/api/v1/users", None, ADMIN),
    ("POST", "/api/v1/users", "new-user", ADMIN),
    ("GET", "/api/v1/users/viewer", None, ADMIN),
    ("PATCH", "/api/v1/users/politician2", {"role": "politician"}, ADMIN),
    ("GET", "/api/v1/plans", None, ALL),
    ("POST", "/api/v1/plans", {"name": "x"}, EDIT),
    ("GET", "/api/v1/plans/{own}", None, ALL),
    ("PATCH", "/api/v1/plans/{own}", {"name": "renamed"}, EDIT),
    ("PATCH", "/api/v1/plans/{other}", {"name": "renamed"}, PUBLISH),
    ("DELETE", "/api/v1/plans/{own}", None, EDIT),
    ("DELETE", "/api/v1/plans/{other}", None, PUBLISH),
    ("POST", "/api/v1/plans/{own}/publish", None, PUBLISH),
    ("POST", "/api/v1/plans/{pub}/adopt", None, PUBLISH),
    ("GET", "/api/v1/plans/{own}/scenario", None, ALL),
    ("PUT", "/api/v1/plans/{own}/scenario", INTEREST, EDIT),
    ("PUT", "/api/v1/plans/{other}/scenario", INTEREST, PUBLISH),
    ("GET", "/api/v1/plans/{own}/measures", None, ALL),
    ("POST", "/api/v1/plans/{own}/measures", {**MEASURE, "id": "omst-new"}, EDIT),
    ("POST", "/api/v1/plans/{other}/measures", {**MEASURE, "id": "omst-new"}, PUBLISH),
    ("GET", "/api/v1/plans/{own}/measures/omst-2017-bu", None, ALL),
    ("PUT", "/api/v1/plans/{own}/measures/omst-test", "measure-row", EDIT),
    ("PATCH", "/api/v1/plans/{own}/measures/omst-2017-bu", {"ramp_years": 2}, EDIT),
    ("PATCH", "/api/v1/plans/{other}/measures/omst-2017-bu", {"ramp_years": 2}, PUBLISH),
    ("DELETE", "/api/v1/plans/{own}/measures/omst-2017-bu", None, EDIT),
    ("GET", "/api/v1/plans/{own}/investments", None, ALL),
    ("POST", "/api/v1/plans/{own}/investments", "investment", EDIT),
    ("GET", "/api/v1/plans/{own}/investments/{inv}", None, ALL),
    ("PUT", "/api/v1/plans/{own}/investments/{inv}", "investment-row", EDIT),
    ("PATCH", "/api/v1/plans/{own}/investments/{inv}", {"grant_nok": 1.0}, EDIT),
    ("DELETE", "/api/v1/plans/{own}/investments/{inv}", None, EDIT),
    ("GET", "/api/v1/plans/{own}/key-figures", None, ALL),
    ("GET", "/api/v1/plans/{own}/rules", None, ALL),
    ("GET", "/api/v1/plans/{own}/savings", None, ALL),
    ("GET", "/api/v1/plans/{own}/stress", None, ALL),
    ("GET", "/api/v1/plans/{own}/risk", None, ALL),
    ("GET", "/api/v1/plans/{own}/compare/{other}", None, ALL),
    ("GET", "/api/v1/plans/{own}/report", None, ALL),
    ("GET", "/api/v1/plans/{own}/plan.xlsx", None, ALL),
    ("GET", "/api/v1/audit", None, ALL),
]


class FakeResult:
    def __init__(self, stage: str):
        self.stage, self.key, self.seconds, self.cached = stage, "0" * 64, 0.0, True
        self.data = {"html": b"<html></html>", "xlsx": b"PK", "summary": {}}


def test_every_endpoint_is_in_the_matrix(sqlite_world: World) -> None:
    routes = {
        (m, r.path)
        for r in sqlite_world.client.app.routes  # type: ignore[attr-defined]
        if isinstance(r, APIRoute)
        for m in r.methods
    }
    covered = {
        (m, p.replace("{own}", "{plan_id}").replace("{other}", "{b}").replace("{pub}", "{plan_id}"))
        for m, p, _, _ in CASES
    }
    normal = {
        (
            m,
            p.replace("omst-2017-bu", "{row_id}")
            .replace("omst-test", "{row_id}")
            .replace("{inv}", "{row_id}")
            .replace("/viewer", "/{username}")
            .replace("/politician2", "/{username}")
            .replace("{plan_id}/compare/{b}", "{a}/compare/{b}"),
        )
        for m, p in covered
    }
    assert routes <= normal, sorted(routes - normal)


@pytest.mark.parametrize("role", ALL)
def test_role_matrix(sqlite_world: World, role: str, monkeypatch: pytest.MonkeyPatch) -> None:
    w = sqlite_world
    engine = w.client.app.state.engine  # type: ignore[attr-defined]
    # the slow results are computed elsewhere (test_api); here only who may ask matters
    monkeypatch.setattr(engine, "heavy", lambda stage, *a, **k: FakeResult(stage))
    failures = []

    def plans() -> tuple[int, int, int]:
        own = w.new_plan("politician", name="own")["id"]
        other = w.new_plan("planner", name="other")["id"]
        pub = w.new_plan("planner", name="pub")["id"]
        assert w.call("admin", "POST", f"/api/v1/plans/{pub}/publish").status_code == 200
        return own, other, pub

    shared = plans()  # for the requests that change nothing
    rows = w.call("admin", "GET", f"/api/v1/plans/{shared[0]}/investments").json()
    inv = rows[0]["id"]
    for method, template, body, allowed in CASES:
        own, other, pub = shared if method == "GET" else plans()
        if body == "measure-row":
            assert w.call("admin", "POST", f"/api/v1/plans/{own}/measures", json=MEASURE).is_success
        path = template.format(own=own, other=other, pub=pub, inv=inv)
        kwargs: dict[str, Any] = {}
        headers: dict[str, str] = {}
        if body == "login":
            kwargs["json"] = {"username": role, "password": "a-long-test-password"}
        elif body == "own-token":
            token = w.client.post(
                "/api/v1/tokens", json={"username": role, "password": "a-long-test-password"}
            ).json()["token"]
            headers["Authorization"] = f"Bearer {token}"
        elif body == "new-user":
            kwargs["json"] = {
                "username": f"u-{role}",
                "role": "viewer",
                "password": "password-1234",
            }
        elif body == "measure-row":
            kwargs["json"] = {**MEASURE, "amount_nok": -1e6}
        elif body == "investment":
            kwargs["json"] = {
                **{k: v for k, v in rows[0].items() if v is not None and k != "origin"},
                "id": "new-inv",
            }
        elif body == "investment-row":
            kwargs["json"] = {k: v for k, v in rows[0].items() if v is not None and k != "origin"}
        elif body is not None:
            kwargs["json"] = body
        if method == "PUT" and "scenario" in path:
            headers["If-Match"] = w.call(
                "admin", "GET", f"/api/v1/plans/{own if '{own}' in template else other}"
            ).headers["ETag"]
        if "Authorization" not in headers and body != "login":
            headers.update(w.headers(role))
        r = w.client.request(method, path, headers=headers, **kwargs)
        ok = r.status_code < 400
        if ok != (role in allowed) or (not ok and r.status_code != 403):
            failures.append(f"{method} {template} as {role}: {r.status_code} {r.text[:160]}")
    assert not failures, "\n".join(failures)

"""The dashboard's pages without a browser: sign-in, every page for every role, live
updates with CSRF, the vendored assets against their record (the browser tests are in
tests/dashboard)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from handlingsrom.server.web import STATIC
from handlingsrom.server.web.fmt import mnok, number, pct
from handlingsrom.server.web.i18n import PAGES
from tests.server.conftest import MEASURE, PASSWORD, World

ROOT = Path(__file__).resolve().parents[2]


def _sign_in(w: World, user: str) -> str:
    w.client.cookies.clear()
    r = w.client.post(
        "/login",
        data={"username": user, "password": PASSWORD, "next": "/plans"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/plans"
    page = w.client.get("/plans")
    assert page.status_code == 200
    return w.client.get("/api/v1/session").json()["csrf_token"]


def test_vendored_assets_match_their_record() -> None:
    records = json.loads((STATIC / "vendor" / "VENDOR.json").read_text())
    assert {r["package"] for r in records} == {"vega", "vega-lite", "vega-embed", "axe-core"}
    for r in records:
        path = (
            (STATIC / "vendor" / Path(r["file"]).name)
            if r["file"].startswith("static/")
            else ROOT / r["file"]
        )
        assert hashlib.sha256(path.read_bytes()).hexdigest() == r["sha256"], r["file"]
        licence = path.parent / r["licence_file"]
        assert licence.stat().st_size > 500


def test_norwegian_numbers() -> None:
    assert number(1234567.8, 1) == "1\u00a0234\u00a0567,8"
    assert number(-3.25, 1) == "\u22123,2" or number(-3.25, 1) == "\u22123,3"
    assert number(-0.01, 1) == "0,0"
    assert mnok(-37.5e6) == "\u221237,5\u00a0mill.\u00a0kr"
    assert mnok(1_114e6) == "1\u00a0114\u00a0mill.\u00a0kr"
    assert pct(4.04) == "4,0\u00a0%"
    assert pct(4.04, "en") == "4.0%"
    assert number(None) == "–"


def test_pages_need_sign_in_and_render_for_every_role(sqlite_world: World) -> None:
    w = sqlite_world
    plan = w.new_plan(name="Forslag")
    r = w.client.get(f"/plans/{plan['id']}/overview", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    bad = w.client.post("/login", data={"username": "planner", "password": "nope-nope"})
    assert bad.status_code == 401 and "Feil brukernavn" in bad.text
    for role in ("planner", "viewer"):
        _sign_in(w, role)
        for page, nb, _ in PAGES:
            r = w.client.get(f"/plans/{plan['id']}/{page}")
            assert r.status_code == 200, (role, page)
            assert f"<h1>{nb}</h1>" in r.text
            assert "cdn" not in r.text.lower() and "https://cdn" not in r.text
            inputs = len(re.findall(r"<input (?!type=\"hidden\")", r.text))
            if role == "viewer":
                assert inputs == 0, page
                assert 'id="savebar"' not in r.text
        assert w.client.get(f"/plans/{plan['id']}/nope").status_code == 404
        english = w.client.get(f"/plans/{plan['id']}/overview?lang=en")
        assert "<h1>Overview</h1>" in english.text
        assert (
            w.client.get(f"/plans/{plan['id']}/population").text.count("<h1>Population</h1>") == 1
        )
        w.client.get(f"/plans/{plan['id']}/overview?lang=nb")


def test_live_update_needs_csrf_and_an_editor(sqlite_world: World) -> None:
    w = sqlite_world
    plan = w.new_plan(name="Forslag")
    doc = {"decisions": {"measures": {"add": [{**MEASURE, "amount_nok": -300e6}]}}}
    csrf = _sign_in(w, "planner")
    url = f"/plans/{plan['id']}/live/programme"
    assert w.client.post(url, json={"doc": doc}).status_code == 403  # no CSRF token
    r = w.client.post(url, json={"doc": doc}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    assert 'id="frames-title"' in r.json()["html"]
    assert any(m["id"] == MEASURE["id"] for m in r.json()["rows"]["measures"])
    bad = {"decisions": {"measures": {"add": [{**MEASURE, "amount_nok": "x"}]}}}
    r = w.client.post(url, json={"doc": bad}, headers={"X-CSRF-Token": csrf})
    assert r.json()["problems"][0]["field"].startswith("/decisions/measures/add/0")
    csrf = _sign_in(w, "viewer")
    r = w.client.post(url, json={"doc": doc}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403
    r = w.client.post(url, json={"doc": None}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200  # the stored version: viewers may read it


def test_compare_and_history(sqlite_world: World) -> None:
    w = sqlite_world
    a = w.new_plan(name="A")
    b = w.new_plan(name="B", parent=a["id"])
    w.call(
        "planner",
        "POST",
        f"/api/v1/plans/{b['id']}/measures",
        json={**MEASURE, "amount_nok": -300e6},
    )
    _sign_in(w, "viewer")
    r = w.client.get(f"/compare?a={a['id']}&b={b['id']}")
    assert r.status_code == 200 and 'class="num differs"' in r.text
    r = w.client.get(f"/plans/{b['id']}/history")
    assert "measure.add" in r.text and f"#{a['id']} A" in r.text


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "plans"])
def test_login_never_redirects_off_site(sqlite_world: World, target: str) -> None:
    r = sqlite_world.client.post(
        "/login",
        data={"username": "planner", "password": PASSWORD, "next": target},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/plans"

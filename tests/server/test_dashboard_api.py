"""The API additions the dashboard stands on: a dataset's details (sectors, columns, the
registry's levers), the registry itself, a preview of an unsaved document, the budget by
sector, services, population, investment spending, parameters and the savings start year."""

from __future__ import annotations

from typing import Any

from tests.server.conftest import MEASURE, World


def _kf(rows: list[dict[str, Any]], indicator: str, year: int) -> float:
    return next(r["value"] for r in rows if r["indicator"] == indicator and r["year"] == year)


def test_dataset_details_and_registry(sqlite_world: World) -> None:
    w = sqlite_world
    info = w.call("viewer", "GET", "/api/v1/datasets/baerum-2017").json()
    assert info["base_year"] == 2017 and info["years"][0] == 2017
    assert len(info["sectors"]) == 4 and info["central"]["id"]
    levers = {lever["id"]: lever for lever in info["levers"]}
    interest = levers["interest"]
    assert interest["form"] == "add" and interest["unit"] == "fraction"
    assert interest["minimum"] == -0.05 and interest["maximum"] == 0.3
    assert interest["baseline"]["2017"] == 0.017
    columns = {c["name"]: c for c in info["columns"]["measures"]}
    assert columns["amount_nok"]["unit"] == "NOK"
    assert columns["kind"]["allowed"] == ["restructuring", "initiative", "other"]
    assert {r["id"] for r in info["baseline"]["measures"]} >= {"omst-2017-bu"}
    assert w.call("viewer", "GET", "/api/v1/datasets/nope").status_code == 404
    specs = {s["path"]: s for s in w.call("viewer", "GET", "/api/v1/parameters").json()}
    assert specs["economy.interest_rate_floating"]["soft_maximum"] == 0.1


def test_preview_computes_without_storing(sqlite_world: World) -> None:
    w = sqlite_world
    plan = w.new_plan(name="Alternativ")
    base = w.call("viewer", "GET", f"/api/v1/plans/{plan['id']}/key-figures").json()
    doc = {"decisions": {"measures": {"add": [{**MEASURE, "amount_nok": -200e6}]}}}
    r = w.call("politician", "POST", f"/api/v1/plans/{plan['id']}/preview", json=doc)
    assert r.status_code == 200, r.text
    data = r.json()
    assert _kf(data["key_figures"], "net_operating_result", 2021) > _kf(
        base, "net_operating_result", 2021
    )
    assert {"budget", "services", "population", "pyramid", "investment_spending"} <= set(data)
    assert any(m["id"] == MEASURE["id"] for m in data["measures"])
    after = w.call("viewer", "GET", f"/api/v1/plans/{plan['id']}").json()
    assert after["revision"] == plan["revision"]  # nothing stored
    bad = {"decisions": {"measures": {"add": [{**MEASURE, "amount_nok": "lots"}]}}}
    r = w.call("planner", "POST", f"/api/v1/plans/{plan['id']}/preview", json=bad)
    assert r.status_code == 422
    assert r.json()["problems"][0]["field"].startswith("/decisions/measures/add/0")
    assert (
        w.call("viewer", "POST", f"/api/v1/plans/{plan['id']}/preview", json=doc).status_code == 403
    )


def test_chain_parts(sqlite_world: World) -> None:
    w = sqlite_world
    plan = w.new_plan(name="P")
    pid = plan["id"]
    budget = w.call("viewer", "GET", f"/api/v1/plans/{pid}/budget").json()
    items = {r["item"] for r in budget}
    assert {"restructuring", "net_operating_expenditure", "base_frame"} <= items
    services = w.call("viewer", "GET", f"/api/v1/plans/{pid}/services").json()
    assert {"barnehage", "grunnskole"} <= {r["service"] for r in services}
    pop = w.call("viewer", "GET", f"/api/v1/plans/{pid}/population").json()
    assert pop["groups"][0]["total"] == 124008
    assert {r["year"] for r in pop["pyramid"]} == {2017}  # the test horizon is 6 years
    spending = w.call("viewer", "GET", f"/api/v1/plans/{pid}/investment-spending").json()
    bekkestua = [r for r in spending if r["id"] == "bekkestua"]
    assert [r["year"] for r in bekkestua] == [2017, 2018, 2019]
    assert abs(sum(r["amount_nok"] for r in bekkestua) - 359.4e6) < 1
    w.put_scenario("planner", plan, {"assumptions": {"economy.tax_real_growth": 0.01}})
    params = {
        p["path"]: p for p in w.call("viewer", "GET", f"/api/v1/plans/{pid}/parameters").json()
    }
    assert params["economy.tax_real_growth"]["changed"]
    assert params["economy.tax_real_growth"]["values"]["2017"] == 0.01
    assert not params["economy.interest_rate_floating"]["changed"]


def test_savings_start_year(sqlite_world: World) -> None:
    w = sqlite_world
    pid = w.new_plan(name="S")["id"]
    r = w.call("viewer", "GET", f"/api/v1/plans/{pid}/savings?start_year=2019")
    assert r.status_code == 200, r.text
    assert r.json()["summary"]["start_year"] == 2019
    assert r.json()["cost_of_waiting"][0]["start_year"] == 2019
    r = w.call("viewer", "GET", f"/api/v1/plans/{pid}/savings?start_year=2100")
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "start_year"

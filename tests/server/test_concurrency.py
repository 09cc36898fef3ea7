"""Twenty clients editing the same draft at once: no update is lost."""

from __future__ import annotations

import random
import threading
import time
from typing import Any

from fastapi.testclient import TestClient

from tests.server.conftest import MEASURE, World

CLIENTS = 20


def _run(threads: list[threading.Thread]) -> None:
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive()


def test_twenty_clients_adding_measures(world: World) -> None:
    plan = world.new_plan()
    app = world.client.app
    errors: list[str] = []

    def add(i: int) -> None:
        # no `with`: that would run the app's shutdown (closing its pool) in every thread
        c = TestClient(app, base_url="https://testserver")  # type: ignore[arg-type]
        try:
            r = c.post(
                f"/api/v1/plans/{plan['id']}/measures",
                json={**MEASURE, "id": f"m-{i}"},
                headers=world.headers("planner"),
            )
            if r.status_code != 201:
                errors.append(r.text)
        finally:
            c.close()

    _run([threading.Thread(target=add, args=(i,)) for i in range(CLIENTS)])
    assert not errors
    doc = world.call("viewer", "GET", f"/api/v1/plans/{plan['id']}/scenario").json()
    assert sorted(r["id"] for r in doc["decisions"]["measures"]["add"]) == sorted(
        f"m-{i}" for i in range(CLIENTS)
    )
    after = world.call("viewer", "GET", f"/api/v1/plans/{plan['id']}").json()
    assert after["revision"] == 1 + CLIENTS
    audit = world.call(
        "viewer", "GET", "/api/v1/audit", params={"plan": plan["id"], "action": "measure.add"}
    )
    assert audit.json()["total"] == CLIENTS


def test_twenty_clients_replacing_the_document_with_if_match(sqlite_world: World) -> None:
    world = sqlite_world  # PostgreSQL's compare-and-set is the same statement (test above)
    plan = world.new_plan()
    app = world.client.app
    path = f"/api/v1/plans/{plan['id']}/scenario"
    conflicts: list[int] = []

    def edit(i: int) -> None:
        # no `with`: that would run the app's shutdown (closing its pool) in every thread
        c = TestClient(app, base_url="https://testserver")  # type: ignore[arg-type]
        try:
            for _ in range(200):
                r = c.get(path, headers=world.headers("planner"))
                doc: dict[str, Any] = r.json()
                adds = (
                    doc.setdefault("decisions", {}).setdefault("measures", {}).setdefault("add", [])
                )
                adds.append({**MEASURE, "id": f"m-{i}"})
                put = c.put(
                    path,
                    json=doc,
                    headers={**world.headers("planner"), "If-Match": r.headers["ETag"]},
                )
                if put.status_code == 200:
                    return
                assert put.status_code == 412, put.text
                conflicts.append(i)
                time.sleep(random.uniform(0, 0.05))  # a polite client backs off
            raise AssertionError(f"client {i} never got its change in")
        finally:
            c.close()

    _run([threading.Thread(target=edit, args=(i,)) for i in range(CLIENTS)])
    doc = world.call("viewer", "GET", path).json()
    assert sorted(r["id"] for r in doc["decisions"]["measures"]["add"]) == sorted(
        f"m-{i}" for i in range(CLIENTS)
    )
    assert (
        world.call("viewer", "GET", f"/api/v1/plans/{plan['id']}").json()["revision"] == 1 + CLIENTS
    )
    assert conflicts  # they did collide, and every collision was a 412, not a lost update

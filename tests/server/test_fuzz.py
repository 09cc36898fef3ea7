"""Property-based fuzzing of the whole API from its OpenAPI document (schemathesis): every
operation gets generated requests, valid and not; no response may be a server error, and
every response must match the document (status code, content type, schema)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.server.conftest import INTEREST, MEASURE, World, database_url, make_world

EXAMPLES = 6  # per operation; bounded so that the whole run takes seconds


class FakeResult:
    def __init__(self, stage: str):
        self.stage, self.key, self.seconds, self.cached = stage, stage.ljust(64, "0"), 0.0, True
        summary = {"start_year": 2017, "total_nok": 0.0, "peak_nok": 0.0}
        self.data = {
            "html": b"<html></html>",
            "xlsx": b"PK\x03\x04",
            "summary": {**summary, "final_level_nok": 0.0, "feasible": True}
            if stage == "savings"
            else [],
            "path": [],
            "by_sector": [],
            "cost_of_waiting": [],
            "key_figures": [],
            "paths": 1,
            "seed": 1,
            "rules": [],
            "any_rule": [],
            "quantiles": [],
        }


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp: Path = tmp_path_factory.mktemp("fuzz")
    for world in make_world(database_url("sqlite", tmp)):
        engine = world.client.app.state.engine  # type: ignore[attr-defined]
        # The slow results take seconds each (tests/server/test_api.py runs them for real);
        # the fuzzing is about the HTTP layer, so they are answered by a stub here.
        engine.heavy = lambda stage, *a, **k: FakeResult(stage)
        for _ in range(3):  # plans 1–3 exist, with rows, so generated ids find something
            plan = world.new_plan()
            world.put_scenario("planner", plan, INTEREST)
            world.call("planner", "POST", f"/api/v1/plans/{plan['id']}/measures", json=MEASURE)
        yield world


def _operations(world: World) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.client.app)
    return [result.ok() for result in schema.get_all_operations()]


def test_fuzz_every_operation(fuzz_world: World) -> None:
    headers = {"Authorization": f"Bearer {fuzz_world.tokens['admin']}"}
    operations = _operations(fuzz_world)
    assert len(operations) >= 35
    failures: list[str] = []
    for operation in operations:
        if operation.method.upper() == "DELETE" and operation.path.endswith(
            ("/tokens/current", "/session")
        ):
            continue  # would revoke the token the fuzzing signs in with

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            response = case.call(headers={**(case.headers or {}), **headers})
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
            )
            # Every check but positive_data_acceptance: whether a schema-valid document is
            # accepted depends on the dataset (its parameter paths, its rows), which no JSON
            # schema states; such a request gets a 422 naming the problem.
            case.validate_response(response, excluded_checks=[positive_data_acceptance])

        try:
            run()
        except (
            Exception,
            BaseExceptionGroup,
        ) as e:  # collect every operation's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {str(e)[:1500]}")
    assert not failures, "\n\n".join(failures)

"""The server's door to the model: documents, located problems, result rows, the cache."""

from __future__ import annotations

import threading
import time

import pytest

from handlingsrom.scenarios import parse_scenario, parse_scenario_data
from handlingsrom.server import documents
from handlingsrom.server.cache import ResultCache
from handlingsrom.server.compute import (
    Engine,
    InvalidScenario,
    _dataset,
    _run,
    key_figure_rows,
    rows,
)
from tests.server.conftest import INTEREST

TOML = """
title = "Renten 2 prosentpoeng høyere"
[assumptions]
"economy.interest_rate_floating" = { add = 0.02, from = 2018 }
"economy.interest_rate_fixed" = { add = 0.02, from = 2018 }
"""


def test_json_documents_parse_like_toml_files() -> None:
    a = parse_scenario(TOML, "x.toml", default_name="x")
    b = parse_scenario_data(INTEREST, "x.toml", default_name="x")
    assert a.parameters == tuple(
        type(p)(**{**p.__dict__, "line": q.line})
        for p, q in zip(b.parameters, a.parameters, strict=True)
    )
    assert a.title == b.title


def test_key_figure_rows_are_the_key_figures_frame() -> None:
    ds, _ = _dataset("baerum-2017")
    run = _run(ds, INTEREST, "x", 6)
    frame = run.economy.key_figures_frame()
    assert key_figure_rows(run.economy) == rows(frame, ["year", "indicator", "value", "unit"])


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        (
            {"assumptions": {"economy.x.y": {"add": 1, "from": "soon"}}},
            "/assumptions/economy.x.y/from",
        ),
        (
            {"decisions": {"measures": {"remove": [{"id": "nope"}]}}},
            "/decisions/measures/remove/0/id",
        ),
        (
            {
                "decisions": {
                    "investments": {
                        "update": [{"where": {"id": "lindelia"}, "set": {"cost_nok": -1}}]
                    }
                }
            },
            "/decisions/investments/update/0/set/cost_nok",
        ),
        # out of the registry's bounds: named where it stands
        (
            {"assumptions": {"economy.interest_rate_fixed": 1e300}},
            "/assumptions/economy.interest_rate_fixed",
        ),
        ({"colour": "red"}, "/colour"),
    ],
)
def test_problems_are_located_by_json_pointer(doc: dict, field: str) -> None:
    with pytest.raises(InvalidScenario) as e:
        Engine(years=6).check("baerum-2017", doc, "x")
    assert field in [p.field for p in e.value.problems]


def test_documents_edit_rows_in_the_scenario_vocabulary() -> None:
    doc, ptr = documents.add_row({}, "measures", {"id": "a", "amount_nok": 1})
    assert ptr == "/decisions/measures/add/0"
    doc, ptr = documents.set_row(
        doc, "measures", "id", "a", {"id": "a"}, {"id": "a", "amount_nok": 2, "note": None}
    )
    assert doc["decisions"]["measures"]["add"] == [{"id": "a", "amount_nok": 2}]
    doc, ptr = documents.set_row(
        doc, "measures", "id", "b", {"id": "b", "x": 1}, {"id": "b", "x": 3}
    )
    assert ptr == "/decisions/measures/update/0/set"
    assert documents.relative(ptr + "/x", ptr) == "/x"
    doc = documents.remove_row(doc, "measures", "id", "b")
    doc = documents.remove_row(doc, "measures", "id", "a")
    assert doc == {"decisions": {"measures": {"remove": [{"id": "b"}]}}}


def test_the_cache_computes_once_for_concurrent_requests() -> None:
    cache = ResultCache(2)
    calls = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.1)
        return 42

    threads = [threading.Thread(target=cache.get_or_compute, args=("k", slow)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and cache.get("k") == (True, 42)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("k") == (False, None)  # least recently used out
    assert ResultCache(0).get_or_compute("k", lambda: 1) == (1, False)

"""The parameter registry: declarations, defaults, lookup of families, and the checks."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from handlingsrom.dataset.model import Dataset
from handlingsrom.errors import ParameterError
from handlingsrom.params import Parameter, ParameterSet, ParamSpec, Registry, ValuePoint
from handlingsrom.scenarios.parameters import REGISTRY, baseline_parameter, declared_paths

SPECS = Registry(
    [
        ParamSpec("x.rate", "fraction", "x", "a rate", default=0.1, minimum=0, maximum=1,
                  soft_maximum=0.5),
        ParamSpec("x.level", "NOK", "x", "a level", minimum=0),
        ParamSpec("x.{service}.gain", "fraction", "x", "a gain", default=0.0),
    ]
)  # fmt: skip
IDS = {"service": ("school", "care")}


def p(path: str, *values: tuple[int, float], unit: str = "") -> Parameter:
    return Parameter(path, tuple(ValuePoint(y, v) for y, v in values), unit=unit)


def test_a_parameter_set_supports_in_and_get() -> None:
    ps = ParameterSet([p("x.rate", (2017, 0.2))])
    assert "x.rate" in ps and "x.other" not in ps
    assert ps.get("x.other") is None
    rate = ps.get("x.rate")
    assert rate is not None and rate.at(2030) == 0.2


def test_defaults_come_from_the_declaration_and_required_ones_are_errors() -> None:
    years = np.array([2017, 2018])
    assert list(SPECS.series(ParameterSet(), "x.rate", years)) == [0.1, 0.1]
    assert list(SPECS.series(ParameterSet(), "x.care.gain", years)) == [0.0, 0.0]
    with pytest.raises(ParameterError, match=r"x\.level is missing: it is required"):
        SPECS.series(ParameterSet(), "x.level", years)


def test_families_match_only_known_ids() -> None:
    assert SPECS.declares("x.school.gain", IDS)
    assert not SPECS.declares("x.pool.gain", IDS)
    assert SPECS.paths(IDS) == ["x.rate", "x.level", "x.school.gain", "x.care.gain"]


def test_the_check_names_every_kind_of_problem() -> None:
    ps = ParameterSet(
        [
            p("x.rte", (2017, 0.2)),  # a typo
            p("x.rate", (2017, 1.5), unit="percent"),  # wrong unit, out of bounds
            p("x.school.gain", (2017, 0.0)),
        ]
    )
    found = SPECS.check(ps, IDS)
    text = [(str(f.problem), f.warning) for f in found]
    assert ("parameters/x.yaml:-:x.rte: expected a declared parameter (did you mean x.rate?), "
            "found an unknown parameter", False) in text  # fmt: skip
    assert ("parameters/x.yaml:-:x.rate.unit: expected 'fraction', found 'percent'", False) in text
    assert ("parameters/x.yaml:-:x.rate.values.2017: expected a value from 0 to 1 (fraction), "
            "found 1.5", False) in text  # fmt: skip
    assert ("parameters/x.yaml:-:x.level: expected a value for x.level (a level; NOK), "
            "found no such parameter", False) in text  # fmt: skip
    plausible = SPECS.check(ParameterSet([p("x.rate", (2017, 0.7)), p("x.level", (2017, 1))]), IDS)
    assert [f.warning for f in plausible] == [True]


def test_every_parameter_of_the_default_dataset_is_declared(default_dataset: Dataset) -> None:
    declared = set(declared_paths(default_dataset))
    assert set(default_dataset.parameters) <= declared
    for path, param in default_dataset.parameters.items():
        spec = REGISTRY.spec(path)
        assert spec is not None and param.unit == spec.unit, path


def test_the_baseline_of_net_migration_is_the_engine_s_yearly_path(
    default_dataset: Dataset,
) -> None:
    """A dataset that does not set net migration gets the engine's own path as its baseline,
    so a scenario adding to it changes the projection by exactly what it adds."""
    path = "demography.net_migration"
    ps = ParameterSet(q for k, q in default_dataset.parameters.items() if k != path)
    without = replace(default_dataset, parameters=ps)
    base = baseline_parameter(without, path)
    given = default_dataset.parameters[path]
    assert base is not None
    years = [pt.year for pt in given.points]
    np.testing.assert_allclose(base.series(years), given.series(years), rtol=1e-6)


def test_a_value_set_exactly_to_a_bound_is_inside_it() -> None:
    """0.1 + 0.2 is 0.30000000000000004: a scenario that sets a rate to its upper bound 0.3
    must not be refused because the series arithmetic rounded it."""
    spec = ParamSpec("x.rate", "fraction", "x", "a rate", minimum=-0.05, maximum=0.3)
    assert not spec.violates(0.1 + 0.2)
    assert not spec.violates(-0.05 * (1 + 1e-15))
    assert spec.violates(0.3001)
    assert spec.violates(-0.0501)

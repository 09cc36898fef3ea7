"""Time-dated parameters: step and linear reading, before the first year, overrides."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlingsrom.errors import ParameterError
from handlingsrom.params import Parameter, ParameterSet, ValuePoint

YEARS = st.integers(min_value=1990, max_value=2100)
VALUES = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
HISTORIES = st.dictionaries(YEARS, VALUES, min_size=1, max_size=8)


def _param(history: dict[int, float], interpolation: str = "step") -> Parameter:
    points = tuple(ValuePoint(y, v, f"src{y}") for y, v in history.items())
    return Parameter("ns.p", points, unit="fraction", interpolation=interpolation)  # type: ignore[arg-type]


def test_step_holds_each_value_until_the_next_year() -> None:
    p = _param({2017: 0.04, 2020: 0.03})
    assert [p.at(y) for y in (2016, 2017, 2019, 2020, 2050)] == [0.04, 0.04, 0.04, 0.03, 0.03]
    assert p.source_at(2019) == "src2017"
    assert p.source_at(2021) == "src2020"
    assert p.source_at(2000) == "src2017"


def test_linear_interpolates_between_points_and_holds_outside() -> None:
    p = _param({2020: 1.0, 2030: 2.0}, "linear")
    assert p.at(2025) == pytest.approx(1.5)
    assert p.at(2021) == pytest.approx(1.1)
    assert p.at(2010) == 1.0
    assert p.at(2040) == 2.0


def test_points_are_sorted_and_years_must_be_distinct() -> None:
    p = _param({2030: 2.0, 2020: 1.0})
    assert [q.year for q in p.points] == [2020, 2030]
    with pytest.raises(ParameterError, match="distinct years"):
        Parameter("ns.p", (ValuePoint(2020, 1.0), ValuePoint(2020, 2.0)))
    with pytest.raises(ParameterError, match="at least one value"):
        Parameter("ns.p", ())


def test_set_lookups_and_errors() -> None:
    ps = ParameterSet([_param({2017: 0.5})])
    assert ps.value("ns.p", 2018) == 0.5
    assert ps.series("ns.p", [2016, 2017]).tolist() == [0.5, 0.5]
    assert ps.get_value("ns.missing", 2017, 7.0) == 7.0
    with pytest.raises(ParameterError, match=r"unknown parameter 'other\.p'; did you mean ns\.p\?"):
        ps["other.p"]
    with pytest.raises(ParameterError, match="defined twice"):
        ParameterSet([_param({2017: 0.5}), _param({2018: 0.5})])
    with pytest.raises(ParameterError, match="unknown parameter"):
        ps.with_overrides({"ns.nope": {2020: 1.0}})


def test_merged_lets_the_other_set_win() -> None:
    a = ParameterSet([_param({2017: 1.0}), Parameter("ns.q", (ValuePoint(2017, 5.0),))])
    b = ParameterSet([_param({2017: 2.0})])
    m = a.merged(b)
    assert m.value("ns.p", 2017) == 2.0
    assert m.value("ns.q", 2017) == 5.0
    assert a.value("ns.p", 2017) == 1.0


@given(HISTORIES, YEARS)
def test_step_equals_the_latest_point_not_after_the_year(
    history: dict[int, float], year: int
) -> None:
    p = _param(history)
    earlier = [y for y in history if y <= year]
    expected = history[max(earlier)] if earlier else history[min(history)]
    assert p.at(year) == expected


@given(HISTORIES, YEARS)
def test_linear_stays_within_the_neighbouring_values(history: dict[int, float], year: int) -> None:
    p = _param(history, "linear")
    years = sorted(history)
    value = p.at(year)
    if year <= years[0]:
        assert value == history[years[0]]
    elif year >= years[-1]:
        assert value == history[years[-1]]
    else:
        lo = max(y for y in years if y <= year)
        hi = min(y for y in years if y >= year)
        a, b = sorted((history[lo], history[hi]))
        assert a - 1e-6 <= value <= b + 1e-6
    if year in history:
        assert value == pytest.approx(history[year])


@given(HISTORIES, st.lists(YEARS, min_size=1, max_size=20))
def test_series_matches_at(history: dict[int, float], years: list[int]) -> None:
    for interpolation in ("step", "linear"):
        p = _param(history, interpolation)
        np.testing.assert_array_equal(p.series(years), [p.at(y) for y in years])


@given(HISTORIES, st.dictionaries(YEARS, VALUES, max_size=5), YEARS)
def test_overrides_leave_the_baseline_untouched(
    history: dict[int, float], override: dict[int, float], year: int
) -> None:
    base = ParameterSet([_param(history), Parameter("ns.other", (ValuePoint(2017, 3.0),))])
    before = {path: base[path].points for path in base}
    new = base.with_overrides({"ns.p": override}, source="test")
    # the baseline is unchanged
    assert {path: base[path].points for path in base} == before
    # the override wins in its years, other paths are shared, and sources say so
    merged = {**history, **override}
    assert new.value("ns.p", year) == _param(merged).at(year)
    for y, v in override.items():
        assert new.value("ns.p", y) == v
        assert new["ns.p"].source_at(y) == "test"
    assert new["ns.other"] is base["ns.other"]
    assert new["ns.p"].unit == "fraction"


def test_empty_overrides_give_an_equal_set() -> None:
    base = ParameterSet([_param({2017: 1.0})])
    same = base.with_overrides({})
    assert dict(same) == dict(base)
    assert same is not base

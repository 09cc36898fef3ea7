"""Reading a parameter's series again (kept by years) and with overrides (without building
the overridden parameter) gives what the plain reading gives."""

from __future__ import annotations

import numpy as np
import pytest

from handlingsrom.economy.balance import _sum_like_numpy
from handlingsrom.params import Parameter
from handlingsrom.params.history import ValuePoint


def _param(interpolation: str) -> Parameter:
    points = (ValuePoint(2010, 1.0), ValuePoint(2016, 2.0), ValuePoint(2020, 5.0))
    return Parameter("economy.x", points, interpolation=interpolation)  # type: ignore[arg-type]


@pytest.mark.parametrize("interpolation", ["step", "linear"])
def test_a_series_read_again_is_the_same_and_a_copy(interpolation: str) -> None:
    p = _param(interpolation)
    years = np.arange(2008, 2025)
    first = p.series(years)
    first[:] = -1.0  # a caller may change what it got
    again = p.series(years)
    assert (again != -1.0).all()
    np.testing.assert_array_equal(again, p.series(list(range(2008, 2025))))
    assert p.at(2018) == (2.0 if interpolation == "step" else 3.5)


@pytest.mark.parametrize("interpolation", ["step", "linear"])
@pytest.mark.parametrize("start", [2005, 2016, 2017])
def test_overridden_series_is_the_overridden_parameters_series(
    interpolation: str, start: int
) -> None:
    p = _param(interpolation)
    override_years = np.arange(start, 2031)
    internal = np.arange(start - 3, 2031)
    rng = np.random.default_rng(start)
    for _ in range(3):
        values = rng.normal(size=len(override_years))
        expected = p.overridden(dict(zip(override_years.tolist(), values, strict=True))).series(
            internal
        )
        got = p.series_overridden(override_years, values, internal)
        np.testing.assert_array_equal(got, expected)
    # the parameter itself is unchanged
    assert p.at(2017) == (2.0 if interpolation == "step" else 2.75)


def test_sums_of_loans_add_in_numpys_order() -> None:
    rng = np.random.default_rng(3)
    for n in range(0, 13):
        for _ in range(200):
            v = rng.standard_normal(n) * 10 ** rng.uniform(-5, 9, n)
            assert _sum_like_numpy(v.tolist()) == float(v.sum())

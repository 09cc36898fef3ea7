"""Forecast combination with the trend growth and in-migration tied to the country."""

from __future__ import annotations

import numpy as np
import pytest

from handlingsrom.demography import DemographyError
from handlingsrom.demography import assumptions as asm
from handlingsrom.demography.engine import project_many
from handlingsrom.demography.projection import prepare_data, project_data
from handlingsrom.national import data
from handlingsrom.params import Parameter, ParameterSet, ValuePoint


def _p(**values: float) -> ParameterSet:
    return ParameterSet(
        Parameter(f"demography.{k}", (ValuePoint(1900, v),)) for k, v in values.items()
    )


@pytest.fixture(scope="module")
def baerum() -> asm.DemographicData:
    return data.load().municipality("3201")


def _trend(d: asm.DemographicData, base: int, window: int = 5) -> float:
    p0, p1 = d.population(base - window).sum(), d.population(base).sum()
    return float((p1 / p0) ** (1 / window))


def test_weight_one_grows_at_the_trend_and_zero_is_the_cohort_model(baerum):
    g = _trend(baerum, 2012)
    full = project_data(baerum, 2012, 2030, _p(growth_combination_weight=1.0))
    np.testing.assert_allclose(full.total()[1:] / full.total()[:-1], g, rtol=1e-12)
    cohort = project_data(baerum, 2012, 2030, _p(growth_combination_weight=0.0))
    half = project_data(baerum, 2012, 2030, _p(growth_combination_weight=0.5))
    # Each year's growth is the mean of the cohort model's growth (from the same
    # population) and the trend: between the two.
    assert cohort.total()[-1] < half.total()[-1] < full.total()[-1] or (
        full.total()[-1] < half.total()[-1] < cohort.total()[-1]
    )
    # The accounting holds: the difference is net migration.
    for p in (full, half):
        assert p.newborn_deaths is not None
        flows = p.births.sum(1) - p.newborn_deaths.sum(1) - p.deaths.sum((1, 2))
        np.testing.assert_allclose(
            p.total()[1:], p.total()[:-1] + flows + p.net_migration.sum((1, 2)), rtol=1e-12
        )
        assert (p.population >= 0).all()


def test_a_given_net_migration_path_turns_the_combination_off(baerum):
    given = _p(growth_combination_weight=0.5, net_migration=500.0)
    p = project_data(baerum, 2012, 2020, given)
    q = project_data(baerum, 2012, 2020, _p(growth_combination_weight=0.0, net_migration=500.0))
    np.testing.assert_array_equal(p.population, q.population)
    assert p.net_migration.sum((1, 2)) == pytest.approx(np.full(8, 500.0), abs=0.5)


def test_pool_ties_in_migration_to_the_national_population(baerum):
    prm = _p(migration_model=3)
    inputs, est = prepare_data(baerum, 2012, 2022, prm)
    assert est.national_growth > 1.0 and est.migration_rate is not None
    assert inputs.migration_rate is not None
    # Net out-migration stays a rate (never positive); in-migrants are a count that grows
    # with the country's population at its trend rate.
    assert (inputs.migration_rate[:, :, 1:] <= 0).all()
    totals = inputs.migration.sum(axis=(1, 2))
    np.testing.assert_allclose(totals[1:] / totals[:-1], est.national_growth, rtol=1e-12)
    up = est.migration_rate > 0
    up[:, 0] = False
    assert (inputs.migration[0][up] > 0).all() and (inputs.migration[0][~up] == 0).all()
    # Without the national population the model says so.
    bare = asm.DemographicData(
        baerum.pop_years,
        baerum.pop,
        baerum.mort_years,
        baerum.mx,
        baerum.fert_years,
        baerum.asfr,
        baerum.nat_births_years,
        baerum.nat_births,
    )
    with pytest.raises(DemographyError, match="national population"):
        project_data(bare, 2012, 2022, prm)


def test_project_many_equals_each_projection_alone():
    nd = data.load()
    for prm in (_p(), _p(migration_model=0), _p(migration_model=3, growth_combination_weight=1)):
        items = [nd.municipality(n) for n in ("0301", "1151", "3201")]
        prepared = [prepare_data(d, 2010, 2017, prm)[0] for d in items]
        many = project_many(prepared)
        for i, d in enumerate(items):
            alone = project_data(d, 2010, 2017, prm).population
            np.testing.assert_array_equal(many[i], alone)

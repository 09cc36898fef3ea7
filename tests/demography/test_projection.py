"""The dataset-level projection on the default data: interface, data cut-off, overrides."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from handlingsrom.demography import DemographyError, project_dataset
from handlingsrom.demography import assumptions as asm
from handlingsrom.demography.engine import life_expectancy
from handlingsrom.demography.projection import N_AGES, prepare
from handlingsrom.params import Parameter, ParameterSet, ValuePoint


def _p(**values: float) -> ParameterSet:
    return ParameterSet(
        Parameter(f"demography.{k}", (ValuePoint(2000, v),)) for k, v in values.items()
    )


def test_shapes_and_accounting(default_dataset):
    p = project_dataset(default_dataset)
    assert p.years[0] == 2017 and p.years[-1] == 2057
    assert p.population.shape == (41, 2, N_AGES)
    assert p.births.shape == (40, 2) and p.deaths.shape == (40, 2, N_AGES)
    assert (p.population >= 0).all()
    assert p.total()[0] == 124008
    # Totals: next = current − deaths − newborn deaths + births + net migrants.
    assert p.newborn_deaths is not None
    flows = p.births.sum(1) - p.newborn_deaths.sum(1) - p.deaths.sum((1, 2))
    np.testing.assert_allclose(
        p.total()[1:], p.total()[:-1] + flows + p.net_migration.sum((1, 2)), rtol=1e-12
    )
    frame = p.to_frame()
    assert list(frame.columns) == ["year", "age", "sex", "population"]
    assert len(frame) == 41 * 2 * N_AGES


def test_net_migration_level_follows_the_parameter(default_dataset):
    a = project_dataset(default_dataset, params=_p(net_migration=900.0))
    assert a.net_migration.sum((1, 2)) == pytest.approx(np.full(40, 900.0), abs=1.0)
    b = project_dataset(default_dataset, params=_p(net_migration=0.0))
    # Under the rate model a given level is the total; the age pattern stays the model's.
    assert b.net_migration.sum((1, 2)) == pytest.approx(np.zeros(40), abs=1.0)  # cells >= 0
    assert np.abs(b.net_migration).max() > 1.0
    assert b.total()[-1] < a.total()[-1]
    # The level model scales its whole profile: zero everywhere.
    c = project_dataset(default_dataset, params=_p(net_migration=0.0, migration_model=0))
    assert np.abs(c.net_migration).max() == 0.0


def test_the_written_path_reproduces_the_baseline(default_dataset):
    """The POP-EST net migration path of the yaml, given back as a scenario path, gives the
    baseline: a scenario changing some years leaves the others as they were."""
    base = project_dataset(default_dataset)
    path = default_dataset.parameters["demography.net_migration"]
    given = ParameterSet(
        [Parameter(path.path, tuple(ValuePoint(p.year, p.value, "scenario") for p in path.points))]
    )
    again = project_dataset(default_dataset, params=given)
    np.testing.assert_allclose(again.population, base.population, atol=0.01)
    pts = {p.year: p.value + (360.0 if 2030 <= p.year <= 2039 else 0.0) for p in path.points}
    more = project_dataset(
        default_dataset,
        params=ParameterSet(
            [Parameter(path.path, tuple(ValuePoint(y, v, "scenario") for y, v in pts.items()))]
        ),
    )
    i = 2030 - 2017
    np.testing.assert_allclose(more.population[: i + 1], base.population[: i + 1], atol=0.01)
    assert more.net_migration.sum((1, 2))[i] == pytest.approx(pts[2030], abs=0.01)


def test_window_changes_the_level_too(default_dataset):
    """The bug of issue 13: a window set for the dataset's base year changed only the age
    profile, because the level dated 2017 in the yaml won."""
    totals = {
        w: project_dataset(
            default_dataset, end_year=2037, params=_p(migration_window_years=w)
        ).net_migration.sum((1, 2))[0]
        for w in (3, 12)
    }
    assert abs(totals[3] - totals[12]) > 50


def test_tfr_override_sets_the_fertility_level(default_dataset):
    inputs, _, _ = prepare(default_dataset, params=_p(tfr=1.6))
    assert inputs.asfr.sum(axis=1) == pytest.approx(np.full(40, 1.6))
    hi = project_dataset(default_dataset, params=_p(tfr=2.2))
    lo = project_dataset(default_dataset, params=_p(tfr=1.4))
    assert hi.births.sum() > lo.births.sum() * 1.4


def test_mortality_improvement_raises_survival(default_dataset):
    none = project_dataset(default_dataset, params=_p(mortality_improvement=0.0))
    trend = project_dataset(default_dataset)
    assert trend.age_group(80)[-1] > none.age_group(80)[-1]


def test_dataset_parameters_match_the_estimates(default_dataset):
    data = asm.data_from_dataset(default_dataset)
    est = asm.estimate(data, 2017, default_dataset.parameters)
    prm = default_dataset.parameters
    # The written path is the default projection's net migration, year by year.
    p = project_dataset(default_dataset)
    written = prm.series("demography.net_migration", p.years[:-1])
    np.testing.assert_allclose(written, p.net_migration.sum((1, 2)), atol=1e-3)
    # The TFR written is the estimated path (the jump-off TFR following the national trend).
    years = np.array([2017, 2021, 2030])
    path = asm.estimated_tfr(est, prm, years)
    for y, v in zip(years, path, strict=True):
        assert prm.value("demography.tfr", int(y)) == pytest.approx(v, abs=1e-3)
    assert 1.0 < est.tfr < 2.5 and est.migration_level > 0


def test_earlier_base_year_uses_only_data_known_then(default_dataset):
    ds = default_dataset
    base = project_dataset(ds, 2010, 2020)
    tables = dict(ds.tables)
    pop = tables["population"].copy()
    pop.loc[pop.year > 2010, "population"] *= 3
    mort = tables["mortality"].copy()
    mort.loc[mort.year >= 2010, "mx"] *= 5
    fert = tables["fertility"].copy()
    fert.loc[fert.year >= 2010, "asfr"] *= 0.5
    tables.update(population=pop, mortality=mort, fertility=fert)
    altered = dataclasses.replace(ds, tables=tables)
    again = project_dataset(altered, 2010, 2020)
    np.testing.assert_allclose(again.population, base.population)
    # ... while the default base year does see the altered data.
    assert project_dataset(altered).total()[0] != project_dataset(ds).total()[0]


def test_errors_are_clear(default_dataset):
    with pytest.raises(DemographyError, match="earlier year"):
        project_dataset(default_dataset, 2005)
    with pytest.raises(DemographyError, match="after the base year"):
        project_dataset(default_dataset, 2017, 2017)
    with pytest.raises(DemographyError, match="after the dataset's base year"):
        project_dataset(default_dataset, 2018)


def test_one_year_from_2016_nearly_reproduces_2017(default_dataset):
    p = project_dataset(
        default_dataset,
        2016,
        2017,
        _p(migration_window_years=1, migration_smoothing_years=0, mortality_improvement=0),
    )
    observed = asm.data_from_dataset(default_dataset).population(2017)
    assert p.population[1].sum() == pytest.approx(observed.sum(), rel=2e-3)
    assert p.population[1, :, 1:].sum() == pytest.approx(observed[:, 1:].sum(), rel=2e-3)


def test_mass_emigration_never_makes_a_cell_negative(default_dataset):
    p = project_dataset(default_dataset, end_year=2040, params=_p(net_migration=-20000.0))
    assert (p.population >= 0).all()
    assert any("not applied" in d for d in p.diagnostics)
    # What was applied is what the identity needs: the totals still add up.
    assert p.newborn_deaths is not None
    flows = p.births.sum(1) - p.newborn_deaths.sum(1) - p.deaths.sum((1, 2))
    np.testing.assert_allclose(
        p.total()[1:], p.total()[:-1] + flows + p.net_migration.sum((1, 2)), rtol=1e-9
    )
    assert p.net_migration.sum() > -20000.0 * 23


def test_life_expectancy_targets_are_met(default_dataset):
    prm = ParameterSet(
        [
            Parameter("demography.e0_target_female", (ValuePoint(2040, 88.0),)),
            Parameter("demography.e0_target_male", (ValuePoint(2040, 86.0), ValuePoint(2057, 87))),
        ]
    )
    p = project_dataset(default_dataset, params=prm)
    assert p.inputs is not None and p.inputs.mx is not None
    e0 = life_expectancy(p.inputs.mx)
    assert e0[2040 - 2017].tolist() == pytest.approx([88.0, 86.0], abs=0.01)
    assert e0[-1, 1] == pytest.approx(86.0 + 16 / 17, abs=0.01)
    assert (np.diff(e0[:24], axis=0) > 0).all()  # a straight line up from the jump-off


def test_life_expectancy_of_a_constant_rate():
    e0 = life_expectancy(np.full(N_AGES, 0.02))
    assert e0 == pytest.approx(1 / 0.02, rel=0.01)

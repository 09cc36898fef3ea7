"""Demand, levers, pressure, capacity and paths of `run_services`."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import N_AGES, base_population
from handlingsrom.errors import HandlingsromError
from handlingsrom.params import ParameterSet
from handlingsrom.services import catalogue, run_services

YEARS = np.arange(2017, 2027)


def flat_population(ds: Dataset, years: np.ndarray = YEARS) -> np.ndarray:
    """The 2017 population held constant over ``years``."""
    return np.repeat(base_population(ds, 2017)[None], len(years), axis=0)


def growing_population(ds: Dataset, years: np.ndarray = YEARS, rate: float = 0.02) -> np.ndarray:
    base = base_population(ds, 2017)
    ages = np.arange(N_AGES)
    out = []
    for i in range(len(years)):
        # Older ages grow faster: an ageing population.
        out.append(base * (1 + rate * i * (0.5 + ages / 100))[None, :])
    return np.stack(out)


def test_users_follow_coverage_of_the_target_group(default_dataset: Dataset) -> None:
    pop = flat_population(default_dataset)
    result = run_services(default_dataset, pop, YEARS)
    i = result.services.index("barnehage")
    p = pop[0]
    expected = 0.82 * p[:, 1:3].sum() + 0.97 * p[:, 3:6].sum()
    cov = default_dataset.table("service_coverage")
    rows = cov[cov.service == "barnehage"]
    assert sorted(rows.coverage) == [0.82, 0.97]  # the coverage rows the expectation uses
    np.testing.assert_allclose(result.users[i], expected)


@settings(max_examples=25, deadline=None)
@given(
    service=st.sampled_from(["barnehage", "grunnskole", "sfo", "institusjon", "hjemmetjenester"]),
    factor=st.floats(min_value=0.1, max_value=5.0),
)
def test_scaling_a_target_group_scales_its_demand(
    default_dataset: Dataset, service: str, factor: float
) -> None:
    cat = catalogue(default_dataset)
    i = cat.index[service]
    in_group = cat.user_weights[i] > 0
    pop = flat_population(default_dataset)
    scaled = pop.copy()
    scaled[:, in_group] *= factor
    a = run_services(default_dataset, pop, YEARS)
    b = run_services(default_dataset, scaled, YEARS)
    np.testing.assert_allclose(b.users[i], factor * a.users[i], rtol=1e-9)
    # Cost of a fully variable service scales the same way (capacity unchanged, no levers).
    np.testing.assert_allclose(b.cost_nok[i], factor * a.cost_nok[i], rtol=1e-9)


def test_doubling_a_target_group_doubles_demand(default_dataset: Dataset) -> None:
    pop = flat_population(default_dataset)
    doubled = pop.copy()
    doubled[:, :, 6:16] *= 2  # children 6–15: the school's target group
    a = run_services(default_dataset, pop, YEARS)
    b = run_services(default_dataset, doubled, YEARS)
    i = a.services.index("grunnskole")
    np.testing.assert_allclose(b.users[i], 2 * a.users[i])
    j = a.services.index("barnehage")  # ages 1–5: unchanged
    np.testing.assert_allclose(b.users[j], a.users[j])
    k = a.services.index("helsestasjon")  # ages 0–19: more, but not double
    assert np.all(a.users[k] < b.users[k]) and np.all(b.users[k] < 2 * a.users[k])


def test_no_population_change_means_no_pressure(default_dataset: Dataset) -> None:
    result = run_services(default_dataset, flat_population(default_dataset), YEARS)
    assert np.all(result.pressure_nok == 0)
    np.testing.assert_allclose(result.cost_nok, result.cost_nok[:, :1] * np.ones(len(YEARS)))


def test_pressure_is_the_cost_change_at_constant_coverage_and_unit_cost(
    default_dataset: Dataset,
) -> None:
    pop = growing_population(default_dataset)
    result = run_services(default_dataset, pop, YEARS)
    assert np.all(result.pressure_nok[:, 0] == 0)
    cost_change = np.diff(result.cost_nok, axis=1)
    # Without levers the whole cost change of the services is demographic.
    np.testing.assert_allclose(result.pressure_nok[:, 1:], cost_change, rtol=1e-9, atol=1e-3)
    assert result.total_pressure()[1:].min() > 0
    by_sector = result.pressure_by_sector()
    np.testing.assert_allclose(sum(by_sector.values()), result.total_pressure())
    frame = result.pressure_frame()
    assert list(frame.columns) == ["year", "service", "sector", "pressure_nok"]
    assert frame.pressure_nok.sum() == pytest.approx(result.pressure_nok.sum())


def test_levers_change_coverage_unit_cost_and_standard(default_dataset: Dataset) -> None:
    pop = flat_population(default_dataset)
    base = run_services(default_dataset, pop, YEARS)
    params = default_dataset.parameters.with_overrides(
        {
            "services.barnehage.coverage_change": {2020: 0.1},
            "services.grunnskole.efficiency": {2017: 0.01},
            "services.institusjon.standard_change": {2022: 0.2},
        }
    )
    lever = run_services(default_dataset, pop, YEARS, params=params)
    kg = base.services.index("barnehage")
    after = YEARS >= 2020
    np.testing.assert_allclose(lever.users[kg, after], 1.1 * base.users[kg, after])
    np.testing.assert_allclose(lever.users[kg, ~after], base.users[kg, ~after])
    school = base.services.index("grunnskole")
    np.testing.assert_allclose(
        lever.cost_nok[school], base.cost_nok[school] * 0.99 ** (YEARS - 2016)
    )
    nh = base.services.index("institusjon")
    late = YEARS >= 2022
    np.testing.assert_allclose(lever.cost_nok[nh, late], 1.2 * base.cost_nok[nh, late])
    np.testing.assert_allclose(lever.fte[nh, late], 1.2 * base.fte[nh, late])
    assert np.all(lever.pressure_nok == 0)  # a constant population: no pressure at all


def test_lever_changes_are_not_pressure(default_dataset: Dataset) -> None:
    pop = growing_population(default_dataset)
    base = run_services(default_dataset, pop, YEARS)
    params = default_dataset.parameters.with_overrides(
        {
            "services.barnehage.coverage_change": {2020: 0.1},
            "services.institusjon.standard_change": {2022: 0.2},
        }
    )
    lever = run_services(default_dataset, pop, YEARS, params=params)
    kg = base.services.index("barnehage")
    nh = base.services.index("institusjon")
    y = {int(v): i for i, v in enumerate(YEARS)}
    # The year of the change: the jump in cost is not pressure (priced at last year's level).
    assert lever.cost_nok[kg, y[2020]] - lever.cost_nok[kg, y[2019]] > 10 * abs(
        lever.pressure_nok[kg, y[2020]]
    )
    assert lever.pressure_nok[kg, y[2020]] == pytest.approx(base.pressure_nok[kg, y[2020]])
    assert lever.pressure_nok[nh, y[2022]] == pytest.approx(base.pressure_nok[nh, y[2022]])
    # Later years: growth is priced at the new coverage and standard.
    assert lever.pressure_nok[kg, y[2021]] == pytest.approx(1.1 * base.pressure_nok[kg, y[2021]])
    assert lever.pressure_nok[nh, y[2023]] == pytest.approx(1.2 * base.pressure_nok[nh, y[2023]])


def test_fixed_services_do_not_grow(default_dataset: Dataset) -> None:
    result = run_services(default_dataset, growing_population(default_dataset), YEARS)
    for sid in ("residual", "fellesutgifter", "bolig"):
        i = result.services.index(sid)
        assert np.all(result.cost_nok[i] == result.cost_nok[i, 0])
        assert np.all(result.pressure_nok[i] == 0)
    adm = result.services.index("administrasjon")
    assert result.cost_nok[adm, -1] / result.cost_nok[adm, 0] - 1 > 0


def test_capacity_gap_and_extra_capacity(default_dataset: Dataset) -> None:
    pop = growing_population(default_dataset)
    base = run_services(default_dataset, pop, YEARS)
    kg = base.services.index("barnehage")
    assert np.all(base.capacity[kg] == 8000)
    np.testing.assert_allclose(base.gap[kg], base.users[kg] - 8000)
    assert np.all(np.isnan(base.capacity[base.services.index("sfo")]))
    extra = np.where(YEARS >= 2018, 200.0, 0.0)
    more = run_services(default_dataset, pop, YEARS, extra_capacity={"barnehage": extra})
    np.testing.assert_allclose(more.capacity[kg], 8000 + extra)
    opens = base.gap_opens()["barnehage"]
    later = more.gap_opens()["barnehage"]
    assert opens is not None and (later is None or later >= opens)
    with pytest.raises(HandlingsromError, match="unknown service 'nope'"):
        run_services(default_dataset, pop, YEARS, extra_capacity={"nope": extra})


def test_larger_units_lower_the_unit_cost(default_dataset: Dataset) -> None:
    pop = flat_population(default_dataset)
    extra = np.where(YEARS >= 2019, 400.0, 0.0)
    small = default_dataset.parameters.with_overrides(
        {"services.barnehage.new_unit_size": {2016: 40.0}}
    )
    large = default_dataset.parameters.with_overrides(
        {"services.barnehage.new_unit_size": {2016: 200.0}}
    )
    kg = catalogue(default_dataset).index["barnehage"]
    a = run_services(default_dataset, pop, YEARS, params=small, extra_capacity={"barnehage": extra})
    b = run_services(default_dataset, pop, YEARS, params=large, extra_capacity={"barnehage": extra})
    late = YEARS >= 2019
    assert np.all(b.cost_nok[kg, late] < a.cost_nok[kg, late])
    np.testing.assert_allclose(b.cost_nok[kg, ~late], a.cost_nok[kg, ~late])
    off = large.with_overrides({"services.barnehage.unit_size_elasticity": {2016: 0.0}})
    c = run_services(default_dataset, pop, YEARS, params=off, extra_capacity={"barnehage": extra})
    base = run_services(default_dataset, pop, YEARS)
    np.testing.assert_allclose(c.cost_nok[kg], base.cost_nok[kg])


def test_paths_equal_separate_runs(default_dataset: Dataset) -> None:
    paths = np.stack(
        [
            flat_population(default_dataset),
            growing_population(default_dataset),
            growing_population(default_dataset, rate=-0.01),
        ]
    )
    stacked = run_services(default_dataset, paths, YEARS)
    assert stacked.users.shape == (3, len(stacked.services), len(YEARS))
    for p in range(3):
        one = run_services(default_dataset, paths[p], YEARS)
        np.testing.assert_allclose(stacked.cost_nok[p], one.cost_nok)
        np.testing.assert_allclose(stacked.pressure_nok[p], one.pressure_nok)
        np.testing.assert_allclose(stacked.fte[p], one.fte)
        np.testing.assert_allclose(stacked.path(p).gap, one.gap)
    frame = stacked.to_frame()
    assert list(frame.columns[:3]) == ["path", "year", "service"]
    assert len(frame) == 3 * len(YEARS) * len(stacked.services)
    assert stacked.cost_by_sector()["Barn og unge"].shape == (3, len(YEARS))


def test_frames_and_staff_ratios(default_dataset: Dataset) -> None:
    result = run_services(default_dataset, growing_population(default_dataset), YEARS)
    frame = result.to_frame()
    assert list(frame.columns) == ["year", "service", "users", "cost_nok", "fte", "capacity", "gap"]
    row = frame[(frame.year == 2020) & (frame.service == "grunnskole")].iloc[0]
    i, t = result.services.index("grunnskole"), 3
    assert row.users == result.users[i, t] and row.cost_nok == result.cost_nok[i, t]
    staff = result.staff_frame()
    np.testing.assert_allclose(staff.working_age_per_fte, staff.working_age / staff.fte)
    np.testing.assert_allclose(staff.fte, result.fte.sum(axis=0))
    assert staff.working_age_per_80_plus.iloc[0] == pytest.approx(
        result.working_age[0] / result.oldest[0]
    )


def test_bad_shapes_are_rejected(default_dataset: Dataset) -> None:
    pop = flat_population(default_dataset)
    with pytest.raises(ValueError, match="years"):
        run_services(default_dataset, pop, YEARS[:-1])
    with pytest.raises(ValueError, match="expected"):
        run_services(default_dataset, pop[:, :, :50], YEARS)


def test_params_none_equals_dataset_parameters(default_dataset: Dataset) -> None:
    pop = growing_population(default_dataset)
    a = run_services(default_dataset, pop, YEARS)
    b = run_services(default_dataset, pop, YEARS, params=ParameterSet())
    np.testing.assert_array_equal(a.cost_nok, b.cost_nok)


def test_gap_persists_and_window(default_dataset: Dataset) -> None:
    pop = growing_population(default_dataset)
    kg = catalogue(default_dataset).index["barnehage"]
    # 900 extra places in 2019–2020 only: a gap that opens, closes, and opens again.
    extra = np.where((YEARS >= 2019) & (YEARS <= 2020), 900.0, 0.0)
    base = run_services(default_dataset, pop, YEARS)
    users = base.users[kg]
    assert users[0] < 8000 < users[-1]  # the growing population outgrows 8 000 places
    result = run_services(default_dataset, pop, YEARS, extra_capacity={"barnehage": extra})
    gap = result.gap[kg]
    first = result.gap_opens()["barnehage"]
    stays = result.gap_persists()["barnehage"]
    assert first == YEARS[np.argmax(gap > 0)]
    assert stays is not None
    open_years = np.isin(YEARS, np.arange(stays, YEARS[-1] + 1))
    assert np.all(gap[open_years] > 0) and gap[stays - 1 - YEARS[0]] <= 0
    assert result.gap_persists()["sfo"] is None
    cut = result.window(2020, 2023)
    assert list(cut.years) == [2020, 2021, 2022, 2023]
    np.testing.assert_array_equal(cut.cost_nok, result.cost_nok[:, 3:7])
    np.testing.assert_array_equal(cut.pressure_nok, result.pressure_nok[:, 3:7])
    with pytest.raises(ValueError, match="no years"):
        result.window(1990, 1995)


def test_sex_specific_bands(default_dataset: Dataset) -> None:
    from dataclasses import replace

    cov = default_dataset.table("service_coverage").copy()
    sfo = cov.index[cov.service == "sfo"][0]
    cov.loc[sfo, "sex"] = "female"
    ds = replace(default_dataset, tables={**default_dataset.tables, "service_coverage": cov})
    pop = flat_population(ds)
    result = run_services(ds, pop, YEARS)
    i = result.services.index("sfo")
    np.testing.assert_allclose(result.users[i], 0.8 * pop[0, 0, 6:10].sum())
    # Calibration still reproduces the accounts: the unit cost adapts to the smaller group.
    assert catalogue(ds).users_cal[i] < catalogue(default_dataset).users_cal[i]
    np.testing.assert_allclose(
        catalogue(ds).unit_cost_nok[i] * catalogue(ds).weighted_cal[i],
        ds.table("services").net_cost_nok.iloc[i],
    )


def test_missing_catalogue_or_calibration_population(default_dataset: Dataset) -> None:
    from dataclasses import replace

    from handlingsrom.errors import DatasetError

    pop = flat_population(default_dataset)
    bare = {k: v for k, v in default_dataset.tables.items() if k != "services"}
    with pytest.raises(HandlingsromError, match="no service catalogue"):
        run_services(replace(default_dataset, tables=bare), pop, YEARS)
    people = default_dataset.table("population")
    short = {**default_dataset.tables, "population": people[people.year != 2016]}
    with pytest.raises(DatasetError) as info:
        run_services(replace(default_dataset, tables=short), pop, YEARS)
    problem = str(info.value.problems[0])
    assert problem.startswith("services.csv:2:calibration_year: expected a year whose population")
    assert problem.endswith("found 2016")


def test_bands_add_up_to_services(default_dataset: Dataset) -> None:
    from handlingsrom.services import band_frame

    pop = growing_population(default_dataset)
    params = default_dataset.parameters.with_overrides(
        {"services.administrasjon.efficiency": {2018: 0.02}}
    )
    extra = {"institusjon": np.where(YEARS >= 2020, 150.0, 0.0)}
    result = run_services(default_dataset, pop, YEARS, params=params, extra_capacity=extra)
    bands = band_frame(default_dataset, pop, YEARS, params=params, extra_capacity=extra)
    sums = bands.groupby(["service", "year"], sort=False)[["users", "cost_nok", "pressure_nok"]]
    total = sums.sum()
    for i, sid in enumerate(result.services):
        got = total.loc[sid]
        np.testing.assert_allclose(got.users, result.users[i], rtol=1e-9)
        np.testing.assert_allclose(got.cost_nok, result.cost_nok[i], rtol=1e-9, atol=1e-3)
        np.testing.assert_allclose(got.pressure_nok, result.pressure_nok[i], rtol=1e-9, atol=1e-3)
    care = bands[(bands.service == "institusjon") & (bands.year == 2026)].set_index("band")
    assert list(care.index) == ["0–66 all", "67–79 all", "80–89 all", "90–105 all"]
    # Per inhabitant, the oldest band costs most: coverage rises steeply with age.
    assert care.loc["90–105 all", "users"] > care.loc["67–79 all", "users"]
    with pytest.raises(ValueError, match="paths"):
        band_frame(default_dataset, pop[None], YEARS)


def test_stochastic_population_paths(default_dataset: Dataset) -> None:
    from handlingsrom.demography.stochastic import simulate_paths

    end = 2030
    batch = next(iter(simulate_paths(default_dataset, 8, seed=3, end_year=end, batch_size=8)))
    years = np.arange(default_dataset.base_year, end + 1)
    assert batch.shape[:2] == (8, len(years))
    result = run_services(default_dataset, batch, years)
    assert result.cost_nok.shape == (8, len(result.services), len(years))
    total = result.total_cost()
    assert np.all(np.isfinite(total)) and np.ptp(total[:, -1]) > 0  # the paths differ
    # Every path starts from the same observed population.
    np.testing.assert_allclose(batch[:, 0], np.broadcast_to(batch[0, 0], batch[:, 0].shape))
    one = run_services(default_dataset, batch[5], years)
    np.testing.assert_allclose(result.path(5).cost_nok, one.cost_nok)


def test_facilities_open_and_close(default_dataset: Dataset) -> None:
    from dataclasses import replace

    import pandas as pd

    fac = default_dataset.table("facilities")
    extra = pd.DataFrame(
        [
            {
                "_row": 99,
                "service": "sfo",
                "facility": "Temporary SFO",
                "district": "Fornebu",
                "places": 120.0,
                "units": 1,
                "opened": 2019.0,
                "closed": 2023.0,
                "source": "",
            }
        ]
    )
    ds = replace(
        default_dataset,
        tables={**default_dataset.tables, "facilities": pd.concat([fac, extra], ignore_index=True)},
    )
    result = run_services(ds, flat_population(ds), YEARS)
    i = result.services.index("sfo")
    expected = np.where((YEARS >= 2019) & (YEARS < 2023), 120.0, 0.0)
    np.testing.assert_array_equal(result.capacity[i], expected)
    np.testing.assert_allclose(result.gap[i], result.users[i] - expected)

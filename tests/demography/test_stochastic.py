"""Stochastic paths: reproducibility, spreads, quantiles and probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from handlingsrom.demography import DemographyError, noise, project_dataset
from handlingsrom.demography import stochastic as st
from handlingsrom.demography.engine import advance
from handlingsrom.demography.projection import prepare_data
from handlingsrom.national import data as national_data
from handlingsrom.params import Parameter, ParameterSet, ValuePoint


def _p(**values: float) -> ParameterSet:
    return ParameterSet(
        Parameter(f"demography.{k}", (ValuePoint(2000, v),)) for k, v in values.items()
    )


def _paths(ds, n, seed, batch, **kw):
    return np.concatenate(list(st.simulate_paths(ds, n, seed, batch_size=batch, **kw)))


def test_reproducible_and_independent_of_batching(default_dataset):
    a = _paths(default_dataset, 7, 11, 7, end_year=2030)
    b = _paths(default_dataset, 7, 11, 3, end_year=2030)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (7, 14, 2, 106)
    # The first paths do not depend on how many paths are asked for.
    c = _paths(default_dataset, 1203, 11, 500, end_year=2020)
    np.testing.assert_array_equal(c[:7], a[:, :4])
    other = _paths(default_dataset, 7, 12, 7, end_year=2030)
    assert not np.allclose(other[:, -1], a[:, -1])


def test_paths_are_non_negative_and_start_observed(default_dataset):
    a = _paths(default_dataset, 50, 1, 50)
    assert (a >= 0).all()
    np.testing.assert_array_equal(a[:, 0], a[0:1, 0].repeat(50, axis=0))
    assert a[0, 0].sum() == 124008


def test_zero_spread_reproduces_the_deterministic_projection(default_dataset):
    zero = _p(
        stoch_migration_sd=0.0,
        stoch_tfr_sd=0.0,
        stoch_mortality_sd_scale=0.0,
        stoch_demographic_sd_scale=0.0,
    )
    a = _paths(default_dataset, 3, 5, 3, params=zero)
    det = project_dataset(default_dataset, params=zero).population
    for path in a:
        np.testing.assert_allclose(path, det, rtol=1e-12)


def test_summary_quantiles_and_probabilities(default_dataset):
    q = st.Query(6, 15, 2030, 18000.0)
    s = st.summarize(default_dataset, 400, 3, (0.1, 0.5, 0.9), end_year=2040, queries=[q])
    assert s.population.shape == (24, 3, 2, 106)
    assert (np.diff(s.population, axis=1) >= -1e-9).all()
    assert (np.diff(s.group_population, axis=1) >= -1e-9).all()
    # Uncertainty grows with the horizon.
    total = s.groups.index("total")
    width = s.group_population[:, 2, total] - s.group_population[:, 0, total]
    assert width[0] == 0 and width[5] < width[15] < width[23]
    # The probability equals the share of the same paths above the threshold.
    paths = _paths(default_dataset, 400, 3, 400, end_year=2040)
    share = (paths[:, 13, :, 6:16].sum(axis=(1, 2)) > 18000).mean()
    assert s.probabilities[q] == pytest.approx(share)
    # The median path is close to the deterministic projection.
    det = project_dataset(default_dataset, end_year=2040).total()
    assert s.group_population[-1, 1, total] == pytest.approx(det[-1], rel=0.02)
    np.testing.assert_allclose(
        s.population[-1], np.quantile(paths[:, -1], (0.1, 0.5, 0.9), axis=0), rtol=1e-12
    )


def test_quantiles_match_numpy():
    x = np.random.default_rng(0).standard_normal((5, 1001))
    qs = np.array([0.0, 0.025, 0.5, 0.9, 0.975, 1.0])
    np.testing.assert_allclose(st.quantiles_last_axis(x, qs), np.quantile(x, qs, axis=-1))


def test_bad_arguments(default_dataset):
    with pytest.raises(DemographyError):
        st.summarize(default_dataset, 10, 1, (0.5, 1.5))
    with pytest.raises(DemographyError, match="outside"):
        st.summarize(default_dataset, 10, 1, queries=[st.Query(0, 5, 2100, 1)])
    with pytest.raises(DemographyError):
        next(st.simulate_paths(default_dataset, 0, 1))


def test_paths_from_an_earlier_base_with_mass_emigration(default_dataset):
    s = st.summarize(
        default_dataset, 50, 2, base_year=2010, end_year=2020, params=_p(net_migration=-20000.0)
    )
    assert (s.population >= 0).all()
    assert s.years[0] == 2010
    assert s.clipped_paths == 50 and s.clipped_mean > 1000


def _paths_major(inputs, sp, seed, n):
    """The stochastic year step written paths-major with the engine's batch step
    (``engine.advance``), as it was before the cells-major step: the reference."""
    pop = np.broadcast_to(inputs.base_population, (n, 2, 106)).copy()
    out = [pop.copy()]
    e, f, k = np.zeros(n), np.zeros(n), np.zeros(n)
    unit = inputs.migration_unit
    spread_shock = st.shock_unit(unit)
    for t in range(len(inputs.years) - 1):
        z = st.shocks(seed, t, 0, n)
        phi = sp.migration_ar[t]
        e = phi * e + sp.migration_sd[t] * np.sqrt(1.0 - phi * phi) * z[:, 0]
        f = sp.tfr_ar[t] * f + sp.tfr_sd[t] * z[:, 1]
        k = k + sp.k_sd[t] * z[:, 2]
        m = inputs.mx[t] * np.exp(sp.lc_b[None] * k[:, None, None])
        q = np.minimum(m / (1.0 + np.array([0.9, *[0.5] * 105]) * m), 1.0)
        q[..., : st.MORTALITY_SHOCK_AGE] = inputs.q[t][..., : st.MORTALITY_SHOCK_AGE]
        mig = e[:, None, None] * spread_shock[None] + inputs.migration[t][None]
        if inputs.migration_scale is not None:
            total = pop.sum(axis=(1, 2))
            mig = mig + (inputs.migration_scale[t] * total)[:, None, None] * unit[None]
        pop, _ = advance(
            pop,
            q,
            inputs.asfr[t],
            np.exp(f),
            float(inputs.male_share[t]),
            mig,
            inputs.s0[t],
            None if inputs.migration_rate is None else inputs.migration_rate[t],
            None if inputs.migration_target is None else inputs.migration_target[t] + e,
            unit,
            None if inputs.growth_weight is None else float(inputs.growth_weight[t]),
            None if inputs.trend_growth is None else float(inputs.trend_growth[t]),
            e,
        )
        if sp.demographic_sd[t] > 0:
            noise.apply(pop, float(sp.demographic_sd[t]), st.noise_shocks(seed, t, 0, n))
        out.append(pop.copy())
    return np.stack(out, axis=1)


@pytest.mark.parametrize(
    ("number", "settings", "base"),
    [
        ("0301", {}, 2017),  # the default method (net rates, growth combination)
        ("1835", {}, 2012),  # a small municipality: many cells cut at zero
        ("3201", {"migration_model": 0.0}, 2017),  # a level × a profile
        ("3201", {"migration_model": 2.0}, 2017),  # one rate on the total
        ("3201", {"net_migration": 900.0}, 2017),  # a given total
        ("1151", {"net_migration": -300.0}, 2012),  # mass emigration from 200 residents
    ],
)
def test_cells_major_step_equals_the_paths_major_step(number, settings, base):
    d = national_data.load().municipality(number)
    prm = ParameterSet(
        Parameter(f"demography.{k}", (ValuePoint(1900, v),)) for k, v in settings.items()
    )
    inputs, est = prepare_data(d, base, base + 12, prm)
    sp = st.spread(est, prm, inputs.years[:-1])
    ref = _paths_major(inputs, sp, (4, int(number)), 300)
    got = np.stack([p for _, p, _ in st.iterate_years(inputs, sp, (4, int(number)), 0, 300)], 1)
    assert got.shape == ref.shape
    # The same shocks and each cell's arithmetic; only sums over cells are in another order.
    np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-9)
    assert got.std(axis=0).max() > 1.0  # the paths do differ from each other

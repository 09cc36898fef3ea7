"""Demographic (small-count) noise of the stochastic paths."""

from __future__ import annotations

import numpy as np
import pytest

from handlingsrom.demography import noise
from handlingsrom.demography import stochastic as st
from handlingsrom.demography.projection import prepare_data, project_data
from handlingsrom.national import data
from handlingsrom.params import Parameter, ParameterSet, ValuePoint


def _p(**values: float) -> ParameterSet:
    return ParameterSet(
        Parameter(f"demography.{k}", (ValuePoint(1900, v),)) for k, v in values.items()
    )


def test_bands_nest_the_planning_groups():
    starts = set(noise.BAND_STARTS.tolist())
    assert {lo for _, lo, _ in st.AGE_GROUPS} <= starts
    assert noise.BAND_WIDTHS.sum() == 106 and noise.RESIDUAL_VARIANCE.shape == (2, noise.N_BANDS)
    x = np.arange(2 * 106, dtype=float).reshape(2, 106)
    np.testing.assert_allclose(noise.band_sums(x).sum(axis=-1), x.sum(axis=-1))


def test_factors_have_mean_one_and_the_asked_variance():
    z = np.random.default_rng(0).standard_normal(400_000)
    persons = np.array([10.0, 0.5, 0.0])
    var = np.array([4.0, 1.0, 3.0])
    f = noise.band_factors(persons[:, None], var[:, None], z[None])
    assert f[:2].mean(axis=1) == pytest.approx([1.0, 1.0], abs=0.02)
    assert f[0].var() == pytest.approx(0.04, rel=0.05)
    assert (f >= 0).all()
    assert (f[2] == 1.0).all()  # an empty band stays empty


def _paths(number: str, n: int, base: int, end: int, prm: ParameterSet) -> np.ndarray:
    d = data.load().municipality(number)
    inputs, est = prepare_data(d, base, end, prm)
    sp = st.spread(est, prm, inputs.years[:-1])
    out = np.empty((n, len(inputs.years), 2, 106))
    for i, pop, _ in st.iterate_years(inputs, sp, (3, int(number)), 0, n):
        out[:, i] = pop
    return out


def test_small_municipalities_get_sensible_paths():
    # Utsira (about 200 residents) and Træna (about 500): never negative, never NaN.
    for number in ("1151", "1835"):
        paths = _paths(number, 300, 2017, 2057, _p())
        assert np.isfinite(paths).all() and (paths >= 0).all()
        det = project_data(data.load().municipality(number), 2017, 2057, _p()).total()
        med = np.median(paths.sum(axis=(2, 3)), axis=0)
        assert med[10] == pytest.approx(det[10], rel=0.15)


def test_noise_widens_small_groups_and_zero_scale_switches_it_off():
    quiet = _p(stoch_migration_sd=0.0, stoch_tfr_sd=0.0, stoch_mortality_sd_scale=0.0)
    without = _paths("1151", 200, 2012, 2017, quiet.merged(_p(stoch_demographic_sd_scale=0)))
    det = project_data(data.load().municipality("1151"), 2012, 2017, quiet).population
    # Equal to rounding: the batch step sums over cells in another order (1e-15 persons in
    # nearly empty cells).
    np.testing.assert_allclose(without, np.broadcast_to(det, without.shape), rtol=1e-12, atol=1e-9)
    noisy = _paths("1151", 400, 2012, 2017, quiet)
    young = noisy[:, -1, :, 1:6].sum(axis=(1, 2))
    # Five years of chance variation in a group of about ten children: a spread like a
    # Poisson count's, far from zero.
    assert young.std() > 0.5 * np.sqrt(young.mean())
    assert young.mean() == pytest.approx(det[-1, :, 1:6].sum(), rel=0.1)


def test_factors_and_the_cells_major_noise_match_the_plain_definitions():
    rng = np.random.default_rng(5)
    persons = rng.gamma(0.5, 20.0, (2, noise.N_BANDS, 300))
    persons[:, -1, :50] = 0.0  # empty bands
    persons[0, 0, :10] = 1e-7  # below a millionth of a person: treated as empty
    var = persons * noise.CELL_VARIANCE[..., None] * 1.5
    z = rng.standard_normal(persons.shape, dtype=np.float32)
    some = persons > 1e-6
    ratio = np.divide(
        var, np.where(some, persons * persons, 1.0), where=some, out=np.zeros_like(var)
    ).astype(np.float32)
    s2 = np.log1p(ratio)
    expected = np.exp(np.sqrt(s2) * z - 0.5 * s2)
    np.testing.assert_array_equal(noise.band_factors(persons, var, z), expected)
    # The cells-major noise multiplies the same bands by the same factors as `apply`.
    pop = rng.gamma(0.5, 4.0, (300, 2, 106))
    zz = rng.standard_normal((300, 2, noise.N_BANDS), dtype=np.float32)
    cells = np.ascontiguousarray(pop.transpose(1, 2, 0))
    total = noise.apply_cells(cells, 1.25, np.ascontiguousarray(zz.transpose(1, 2, 0)))
    noise.apply(pop, 1.25, zz)
    np.testing.assert_allclose(cells.transpose(2, 0, 1), pop, rtol=1e-12)
    np.testing.assert_allclose(total, pop.sum(axis=(1, 2)), rtol=1e-12)

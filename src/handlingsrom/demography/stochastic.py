"""Stochastic projection: many paths around the deterministic assumptions.

Three sources of uncertainty, each a yearly shock per path:

- **Migration level**: a deviation ``e`` from the deterministic level, an AR(1) process
  ``e_t = φ e_{t-1} + σ √(1-φ²) z`` (stationary sd σ = ``stoch_migration_sd`` persons,
  φ = ``stoch_migration_ar``), spread over ages with the migration age profile.
- **Fertility**: a deviation ``f`` of log TFR, ``f_t = φ f_{t-1} + σ z`` (σ =
  ``stoch_tfr_sd``, φ = ``stoch_tfr_ar``).
- **Mortality**: the Lee–Carter index ``k`` gets random-walk shocks of sd σ_k (estimated)
  × ``stoch_mortality_sd_scale``, one shock shared by both sexes.

Paths are reproducible: the shocks of paths ``[1000 b, 1000 (b+1))`` in step ``t`` come
from ``numpy.random.default_rng([seed, b, t])``, so a path is the same whatever the batch
size or the number of paths asked for. Quantiles are computed year by year over all paths
(memory grows with the number of paths, never with paths × years).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import assumptions as asm
from handlingsrom.demography import noise
from handlingsrom.demography.engine import N_AGES, ProjectionInputs, advance
from handlingsrom.params import ParameterSet

SHOCK_BLOCK = 1000
CHUNK = SHOCK_BLOCK  # paths stepped together: small enough to stay in the CPU cache
N_SHOCKS = 3  # migration, fertility, mortality

# The age groups planners ask about (label, lo, hi inclusive; None = open end).
AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("0", 0, 0),
    ("1-5", 1, 5),
    ("6-15", 6, 15),
    ("16-19", 16, 19),
    ("20-66", 20, 66),
    ("67-79", 67, 79),
    ("80-89", 80, 89),
    ("90+", 90, None),
    ("total", 0, None),
)


def group_sums(by_age: np.ndarray, groups: Sequence[tuple[str, int, int | None]]) -> np.ndarray:
    """(G, n) persons per group from ``by_age`` (n, N_AGES), without BLAS.

    (A small matrix product through a multi-threaded BLAS was 40× slower on a busy machine.)
    """
    cs = np.zeros((by_age.shape[0], N_AGES + 1))
    np.cumsum(by_age, axis=1, out=cs[:, 1:])
    return np.stack([cs[:, N_AGES if hi is None else hi + 1] - cs[:, lo] for _, lo, hi in groups])


def group_matrix(groups: Sequence[tuple[str, int, int | None]] = AGE_GROUPS) -> np.ndarray:
    """(N_AGES, G) 0/1 matrix summing ages into groups."""
    m = np.zeros((N_AGES, len(groups)))
    for g, (_, lo, hi) in enumerate(groups):
        m[lo : N_AGES if hi is None else hi + 1, g] = 1.0
    return m


@dataclass(frozen=True)
class Spread:
    """The stochastic settings of one projection."""

    migration_sd: np.ndarray  # (T,) persons
    migration_ar: np.ndarray  # (T,)
    tfr_sd: np.ndarray  # (T,) log
    tfr_ar: np.ndarray  # (T,)
    lc_b: np.ndarray  # (2, N)
    k_sd: np.ndarray  # (T,) yearly sd of the Lee–Carter index
    demographic_sd: np.ndarray | None = None  # (T,) scale of the small-count noise


def spread(est: asm.Estimates, params: ParameterSet, steps: np.ndarray) -> Spread:
    def series(name: str, default: float) -> np.ndarray:
        path = f"{asm.NS}.{name}"
        if asm.has(params, path):
            return params.series(path, steps)
        return np.full(len(steps), default)

    scale = asm.setting_series(params, "stoch_mortality_sd_scale", steps)
    return Spread(
        migration_sd=series("stoch_migration_sd", est.migration_sd)
        * asm.setting_series(params, "stoch_migration_sd_scale", steps),
        migration_ar=asm.setting_series(params, "stoch_migration_ar", steps),
        tfr_sd=series("stoch_tfr_sd", est.tfr_sd),
        tfr_ar=asm.setting_series(params, "stoch_tfr_ar", steps),
        lc_b=est.lc_b,
        k_sd=scale * float(est.lc_sigma.mean()),  # (T,)
        demographic_sd=asm.setting_series(params, "stoch_demographic_sd_scale", steps),
    )


Seed = int | tuple[int, ...]


def shocks(seed: Seed, t: int, lo: int, hi: int) -> np.ndarray:
    """Standard normal shocks (hi - lo, N_SHOCKS) of paths lo..hi-1 in step t.

    ``seed`` is an int or a tuple of ints (a national run seeds each municipality with
    ``(seed, municipality number)``).
    """
    first, last = lo // SHOCK_BLOCK, (hi - 1) // SHOCK_BLOCK
    key = list(seed) if isinstance(seed, tuple) else [seed]
    blocks = [
        np.random.default_rng([*key, b, t]).standard_normal((SHOCK_BLOCK, N_SHOCKS))
        for b in range(first, last + 1)
    ]
    z = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
    off = first * SHOCK_BLOCK
    return z[lo - off : hi - off]


def noise_shocks(seed: Seed, t: int, lo: int, hi: int) -> np.ndarray:
    """Standard normal shocks (hi - lo, 2, N_BANDS) of the demographic noise of paths
    lo..hi-1 in step t (a stream of their own, independent of :func:`shocks`)."""
    first, last = lo // SHOCK_BLOCK, (hi - 1) // SHOCK_BLOCK
    key = list(seed) if isinstance(seed, tuple) else [seed]
    blocks = [
        np.random.default_rng([*key, b, t, NOISE_STREAM]).standard_normal(
            (SHOCK_BLOCK, 2, noise.N_BANDS), dtype=np.float32
        )
        for b in range(first, last + 1)
    ]
    z = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
    off = first * SHOCK_BLOCK
    return z[lo - off : hi - off]


NOISE_STREAM = 7
# Mortality shocks move q from this age up; below it q is the deterministic one (a shock of
# the Lee–Carter index changes q there by well under a thousandth of the persons a year).
MORTALITY_SHOCK_AGE = 30
_ONE_MINUS_A = 1.0 - np.array([0.1, *[0.5] * (N_AGES - 1)])  # q_from_m's (1 − a) by age


def add_noise(pop: np.ndarray, scale: float, z: np.ndarray) -> None:
    """The demographic noise of one year, in place (:func:`noise.apply`)."""
    noise.apply(pop, scale, z)


def shock_unit(unit: np.ndarray) -> np.ndarray:
    """(2, N) a non-negative age-sex distribution summing to 1: ``|unit|`` normalised (even
    over ages 1+ when it is all zero)."""
    u = np.abs(unit)
    total = u.sum()
    if total < 1e-12:
        u = np.zeros_like(unit)
        u[:, 1:] = 1.0
        total = u.sum()
    return u / total


def iterate_years(
    inputs: ProjectionInputs, sp: Spread, seed: Seed, lo: int, hi: int
) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """Yield (step index, population (n, 2, N), clipped persons (n,)) for paths lo..hi-1.

    Index 0 is the base year (observed, identical in every path).
    """
    n = hi - lo
    assert inputs.mx is not None and inputs.migration_unit is not None
    pop = np.broadcast_to(inputs.base_population, (n, 2, N_AGES)).copy()
    yield 0, pop, np.zeros(n)
    e = np.zeros(n)
    f = np.zeros(n)
    k = np.zeros(n)
    # The level shock is spread where people move: over the absolute net migration profile
    # (a profile of mixed signs scaled by a small net level would swing cells by far more
    # than the shock, and cutting the negative cells would bias the paths upwards).
    unit = inputs.migration_unit
    spread_shock = shock_unit(unit)
    one_minus_q = 1.0 - inputs.q
    has_fixed = np.abs(inputs.migration).reshape(len(inputs.migration), -1).max(axis=1) > 0
    for t in range(len(inputs.years) - 1):
        z = shocks(seed, t, lo, hi)
        phi = sp.migration_ar[t]
        e = phi * e + sp.migration_sd[t] * np.sqrt(1.0 - phi * phi) * z[:, 0]
        f = sp.tfr_ar[t] * f + sp.tfr_sd[t] * z[:, 1]
        k = k + sp.k_sd[t] * z[:, 2]
        # Survivors: the deterministic q below MORTALITY_SHOCK_AGE (so age 0 and the newborn
        # survival are the deterministic ones), the shocked q from it up.
        surv = pop * one_minus_q[t]
        if sp.k_sd[t] > 0:
            # q_from_m of the shocked rates, in place: m' = m exp(b k); q = m' / (1 + c m')
            a = MORTALITY_SHOCK_AGE
            qa = np.multiply(sp.lc_b[None, :, a:], k[:, None, None])
            np.exp(qa, out=qa)
            qa *= inputs.mx[t][:, a:]
            den = qa * _ONE_MINUS_A[a:]
            den += 1.0
            np.divide(qa, den, out=qa)
            np.minimum(qa, 1.0, out=qa)
            np.subtract(1.0, qa, out=qa)
            np.multiply(pop[..., a:], qa, out=surv[..., a:])
            del den, qa
        s0 = inputs.s0[t]
        mig = e[:, None, None] * spread_shock[None]
        if has_fixed[t]:  # the rate model has no fixed migrants: save a pass
            mig += inputs.migration[t][None]
        if inputs.migration_scale is not None:
            total = pop.sum(axis=(1, 2))
            mig = mig + (inputs.migration_scale[t] * total)[:, None, None] * unit[None]
        rate = None if inputs.migration_rate is None else inputs.migration_rate[t]
        target = None if inputs.migration_target is None else inputs.migration_target[t] + e
        pop, clipped = advance(
            pop,
            surv,
            inputs.asfr[t],
            np.exp(f),
            float(inputs.male_share[t]),
            mig,
            s0,
            rate,
            target,
            unit,
            None if inputs.growth_weight is None else float(inputs.growth_weight[t]),
            None if inputs.trend_growth is None else float(inputs.trend_growth[t]),
            e,
            surv,
        )
        if sp.demographic_sd is not None and sp.demographic_sd[t] > 0:
            add_noise(pop, float(sp.demographic_sd[t]), noise_shocks(seed, t, lo, hi))
        # Free this year's temporaries before suspending: many chunk generators wait at once.
        del surv, mig, z
        yield t + 1, pop, clipped


def prepare(
    ds: Dataset,
    base_year: int | None = None,
    end_year: int | None = None,
    params: ParameterSet | None = None,
) -> tuple[ProjectionInputs, Spread]:
    from handlingsrom.demography.projection import prepare as prepare_deterministic

    inputs, est, eff = prepare_deterministic(ds, base_year, end_year, params)
    return inputs, spread(est, eff, inputs.years[:-1])


def simulate_paths(
    ds: Dataset,
    n_paths: int,
    seed: int,
    base_year: int | None = None,
    end_year: int | None = None,
    params: ParameterSet | None = None,
    batch_size: int = 1000,
) -> Iterator[np.ndarray]:
    """Yield batches of stochastic paths shaped (batch, Y, 2, N_AGES), population on 1 Jan."""
    if n_paths < 1 or batch_size < 1:
        raise asm.DemographyError(
            f"n_paths and batch_size must be at least 1, found {n_paths}, {batch_size}"
        )
    inputs, sp = prepare(ds, base_year, end_year, params)
    for lo in range(0, n_paths, batch_size):
        hi = min(lo + batch_size, n_paths)
        out = np.empty((hi - lo, len(inputs.years), 2, N_AGES))
        for i, pop, _ in iterate_years(inputs, sp, seed, lo, hi):
            out[:, i] = pop
        yield out


def quantiles_last_axis(x: np.ndarray, qs: np.ndarray, overwrite: bool = False) -> np.ndarray:
    """Quantiles (NumPy's default 'linear' method) along the last axis of ``x``.

    Returns shape (len(qs), *x.shape[:-1]); with ``overwrite`` ``x`` is reordered in place.
    Partitions only at the order statistics needed, one at a time, on contiguous rows.
    """
    n = x.shape[-1]
    pos = qs * (n - 1)
    lo = np.floor(pos).astype(int)
    kth = np.unique(lo)
    # One order statistic at a time, each in the segment right of the previous one: NumPy's
    # partition with several kth at once is an order of magnitude slower.
    if overwrite:  # partition in place; ``x`` is scratch
        part = x
        part.partition(int(kth[0]), axis=-1)
    else:
        part = np.partition(x, int(kth[0]), axis=-1)
    for prev, k in itertools.pairwise(kth.tolist()):
        part[..., prev + 1 :].partition(k - prev - 1, axis=-1)
    # The next order statistic after each kth is the minimum of the segment that follows it.
    nxt = {}
    bounds = [*kth.tolist(), n - 1]
    for j, k in enumerate(kth.tolist()):
        nxt[k] = part[..., k] if k == n - 1 else part[..., k + 1 : bounds[j + 1] + 1].min(axis=-1)
    frac = pos - lo
    return np.stack(
        [part[..., k] + f * (nxt[k] - part[..., k]) for k, f in zip(lo.tolist(), frac, strict=True)]
    )


@dataclass(frozen=True)
class Query:
    """ "Probability that persons aged lo..hi in ``year`` are more than ``threshold``"."""

    lo: int
    hi: int | None
    year: int
    threshold: float

    def label(self) -> str:
        ages = f"{self.lo}+" if self.hi is None else f"{self.lo}-{self.hi}"
        return f"P(aged {ages} in {self.year} > {self.threshold:g})"


@dataclass(frozen=True)
class StochasticSummary:
    """Quantiles per year, sex and age and per age group, and answered queries."""

    years: np.ndarray  # (Y,)
    quantiles: np.ndarray  # (Q,)
    population: np.ndarray  # (Y, Q, 2, N)
    groups: tuple[str, ...]
    group_population: np.ndarray  # (Y, Q, G)
    group_mean: np.ndarray  # (Y, G)
    probabilities: dict[Query, float]
    n_paths: int
    seed: Seed
    clipped_paths: int  # paths in which some emigration was cut to keep cells non-negative
    clipped_mean: float  # persons of emigration cut per path, summed over the years, mean


def summarize(
    ds: Dataset,
    n_paths: int,
    seed: int,
    quantiles: Sequence[float] = (0.1, 0.5, 0.9),
    base_year: int | None = None,
    end_year: int | None = None,
    params: ParameterSet | None = None,
    queries: Sequence[Query] = (),
    groups: Sequence[tuple[str, int, int | None]] = AGE_GROUPS,
) -> StochasticSummary:
    """Run ``n_paths`` paths and stream their quantiles year by year."""
    inputs, sp = prepare(ds, base_year, end_year, params)
    return summarize_inputs(inputs, sp, n_paths, seed, quantiles, queries, groups)


def summarize_inputs(
    inputs: ProjectionInputs,
    sp: Spread,
    n_paths: int,
    seed: Seed,
    quantiles: Sequence[float] = (0.1, 0.5, 0.9),
    queries: Sequence[Query] = (),
    groups: Sequence[tuple[str, int, int | None]] = AGE_GROUPS,
) -> StochasticSummary:
    qs = np.asarray(quantiles, dtype=float)
    if n_paths < 1:
        raise asm.DemographyError(f"n_paths must be at least 1, found {n_paths}")
    if qs.size == 0 or (qs < 0).any() or (qs > 1).any():
        raise asm.DemographyError(f"quantiles must lie in [0, 1], found {list(quantiles)}")
    years = inputs.years
    for qu in queries:
        if qu.year not in years:
            raise asm.DemographyError(
                f"query year {qu.year} is outside the projection {years[0]}–{years[-1]}"
            )
    qgroups = [(qu.label(), qu.lo, qu.hi) for qu in queries]
    out = np.empty((len(years), len(qs), 2, N_AGES))
    gout = np.empty((len(years), len(qs), len(groups)))
    gmean = np.empty((len(years), len(groups)))
    probs: dict[Query, float] = {}
    clipped = np.zeros(n_paths, dtype=bool)
    cut = np.zeros(n_paths)
    # Paths are stepped in cache-sized chunks; each year's cells are gathered transposed
    # (cells × paths) so that the quantiles partition contiguous rows.
    bounds = [(lo, min(lo + CHUNK, n_paths)) for lo in range(0, n_paths, CHUNK)]
    gens = [iterate_years(inputs, sp, seed, lo, hi) for lo, hi in bounds]
    only_total = not queries and [(lo, hi) for _, lo, hi in groups] == [(0, None)]
    cells = np.empty((2 * N_AGES, n_paths))
    gvals = np.empty((len(groups), n_paths))
    qvals = np.empty((len(queries), n_paths))
    for i in range(len(years)):
        for (lo, hi), gen in zip(bounds, gens, strict=True):
            _, pop, clip = next(gen)
            cells[:, lo:hi] = pop.reshape(hi - lo, 2 * N_AGES).T
            if only_total:
                gvals[0, lo:hi] = pop.reshape(hi - lo, 2 * N_AGES).sum(axis=1)
            else:
                by_age = pop.sum(axis=1)
                gvals[:, lo:hi] = group_sums(by_age, groups)
                if queries:
                    qvals[:, lo:hi] = group_sums(by_age, qgroups)
            clipped[lo:hi] |= clip > 1e-6  # the batch step measures cuts as a difference
            cut[lo:hi] += clip
        out[i] = quantiles_last_axis(cells, qs, overwrite=True).reshape(len(qs), 2, N_AGES)
        gmean[i] = gvals.mean(axis=1)
        gout[i] = quantiles_last_axis(gvals, qs, overwrite=True)
        for j, qu in enumerate(queries):
            if qu.year == years[i]:
                probs[qu] = float((qvals[j] > qu.threshold).mean())
    return StochasticSummary(
        years=years,
        quantiles=qs,
        population=out,
        groups=tuple(g[0] for g in groups),
        group_population=gout,
        group_mean=gmean,
        probabilities=probs,
        n_paths=n_paths,
        seed=seed,
        clipped_paths=int(clipped.sum()),
        clipped_mean=float(cut.mean()),
    )

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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import assumptions as asm
from handlingsrom.demography import noise
from handlingsrom.demography.engine import N_AGES, ProjectionInputs, _target_extra
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


def group_sums_cells(
    by_age: np.ndarray, groups: Sequence[tuple[str, int, int | None]]
) -> np.ndarray:
    """(G, n) persons per group from ``by_age`` (N_AGES, n), cells-major: each group is a
    sum of contiguous rows."""
    return np.stack(
        [by_age[lo : N_AGES if hi is None else hi + 1].sum(axis=0) for _, lo, hi in groups]
    )


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
assert (_ONE_MINUS_A[MORTALITY_SHOCK_AGE:] == _ONE_MINUS_A[MORTALITY_SHOCK_AGE]).all()


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

    Index 0 is the base year (observed, identical in every path). The paths are those of
    :func:`iterate_cells`, transposed (a contiguous copy each year).
    """
    for i, pop, clipped, _ in iterate_cells(inputs, sp, seed, lo, hi):
        yield i, np.ascontiguousarray(pop.transpose(2, 0, 1)), clipped


def iterate_cells(
    inputs: ProjectionInputs, sp: Spread, seed: Seed, lo: int, hi: int
) -> Iterator[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
    """Yield (step index, population (2, N, n), clipped persons (n,), total (n,)) for paths
    lo..hi-1, **cells-major**: each age-sex cell's paths are contiguous (see
    :class:`CellPaths`). The arrays are the generator's state: read them before advancing.
    """
    fixed = StepConstants.of(inputs, sp)
    paths = CellPaths(fixed, hi - lo)
    yield 0, paths.pop, np.zeros(hi - lo), paths.total
    for t in range(fixed.steps):
        clipped = paths.step(t, shocks(seed, t, lo, hi), _noise_z(sp, seed, t, lo, hi))
        yield t + 1, paths.pop, clipped, paths.total


def _noise_z(sp: Spread, seed: Seed, t: int, lo: int, hi: int) -> np.ndarray | None:
    """The demographic noise's shocks (2, N_BANDS, n) of step t, or None without noise."""
    if sp.demographic_sd is None or sp.demographic_sd[t] <= 0:
        return None
    return noise_shocks(seed, t, lo, hi).transpose(1, 2, 0)


@dataclass(frozen=True)
class StepConstants:
    """What every batch of one projection's paths shares, computed once."""

    inputs: ProjectionInputs
    sp: Spread
    steps: int
    spread1: np.ndarray  # (2, N - 1) the level shock's share of each cell, ages 1+
    spread0: np.ndarray  # (2, 1) and at age 0
    one_minus_q: np.ndarray  # (T, 2, N)
    has_fixed: np.ndarray  # (T,) bool: fixed migrants in this step
    b_half: np.ndarray  # (2, N - MORTALITY_SHOCK_AGE, 1) −b / 2 of the Lee–Carter b
    tanh_shift: np.ndarray  # (T, 2, N - MORTALITY_SHOCK_AGE) −ln(m / 2) / 2 (+inf where m = 0)
    rate1: np.ndarray | None  # (T, 2, N) 1 + net migration rate
    combine_unit: np.ndarray | None  # (2, N - 1) growth combination's migrants, ages 1+
    fertile: tuple[int, int]  # ages with fertility in some year: [lo, hi)

    @staticmethod
    def of(inputs: ProjectionInputs, sp: Spread) -> StepConstants:
        assert inputs.mx is not None and inputs.migration_unit is not None
        unit = inputs.migration_unit
        # The level shock is spread where people move: over the absolute net migration
        # profile (a profile of mixed signs scaled by a small net level would swing cells by
        # far more than the shock, and cutting the negative cells would bias the paths up).
        spread_shock = shock_unit(unit)
        combine_unit = None
        if inputs.growth_weight is not None and inputs.trend_growth is not None:
            u = np.abs(unit)
            u[..., 0] = 0.0
            u /= u.sum() if u.sum() > 0 else 1.0
            combine_unit = np.ascontiguousarray(u[:, 1:])
        fertile = np.flatnonzero((inputs.asfr != 0).any(axis=0))
        with np.errstate(divide="ignore"):
            tanh_shift = -0.5 * np.log(0.5 * inputs.mx[:, :, MORTALITY_SHOCK_AGE:])
        return StepConstants(
            inputs=inputs,
            sp=sp,
            steps=len(inputs.years) - 1,
            spread1=np.ascontiguousarray(spread_shock[:, 1:]),
            spread0=spread_shock[:, 0, None],
            one_minus_q=1.0 - inputs.q,
            has_fixed=np.abs(inputs.migration).reshape(len(inputs.migration), -1).max(axis=1) > 0,
            b_half=np.ascontiguousarray(-0.5 * sp.lc_b[:, MORTALITY_SHOCK_AGE:, None]),
            tanh_shift=tanh_shift,
            rate1=None if inputs.migration_rate is None else 1.0 + inputs.migration_rate,
            combine_unit=combine_unit,
            fertile=(int(fertile[0]), int(fertile[-1]) + 1) if fertile.size else (0, 0),
        )


# Stand-ins for the kernels' optional inputs ("none").
_NONE = np.empty((0, 0))
_NONE_1 = np.empty(0)
_NONE_3 = np.empty((0, 0, 0))


def _cut_negative(x: np.ndarray) -> np.ndarray | None:
    """Set the negative cells of ``x`` (2, R, n) to 0 in place; the persons added per path
    (n,), or None when nothing was negative. Only the rows (age-sex cells) with a negative
    path are touched (emigration is cut in few cells: the nearly empty oldest ages)."""
    low = x.min(axis=-1) < 0.0
    sex, row = np.nonzero(low)
    if sex.size == 0:
        return None
    if 4 * sex.size > low.size:  # many cells (a small municipality): one pass over all
        before = x.sum(axis=(0, 1))
        np.maximum(x, 0.0, out=x)
        return x.sum(axis=(0, 1)) - before
    rows = x[sex, row]
    neg = np.minimum(rows, 0.0)
    x[sex, row] = np.maximum(rows, 0.0)
    return -neg.sum(axis=0)


class CellPaths:
    """A batch of ``n`` stochastic paths of one projection, **cells-major**: the population
    is (2, N, n), each age-sex cell's paths contiguous.

    :meth:`step` is :func:`handlingsrom.demography.engine.advance` (the lean batch step)
    with the shocks, the mortality shock and the demographic noise, written for this layout:
    survival, migration and the cut of negative cells in one compiled pass over the cells
    (:mod:`.kernels`), births summed over the fertile ages only, the noise's bands
    contiguous rows, the next year written into a second buffer used in turn, and the
    quantiles read the cells without a transpose. Each cell's arithmetic is the paths-major
    step's; only the order of the sums over cells (totals, births, bands) differs, so the
    results agree with it to rounding (tested).
    """

    def __init__(self, fixed: StepConstants, n: int) -> None:
        self.fixed = fixed
        self.n = n
        # One path alone is stepped as two equal ones: NumPy sums a (cells, 1) array's
        # cells in another order than a (cells, n ≥ 2) array's, and a path must be the same
        # bits whatever its batch.
        width = max(n, 2)
        self._pop = np.empty((2, N_AGES, width))
        self._pop[...] = fixed.inputs.base_population[..., None]
        self._total = self._pop.sum(axis=(0, 1))
        self._spare = np.empty_like(self._pop)
        n = width
        self.e = np.zeros(n)  # migration level deviation (persons)
        self.f = np.zeros(n)  # log TFR deviation
        self.k = np.zeros(n)  # Lee–Carter index deviation
        self._shocked = np.empty((2, N_AGES - MORTALITY_SHOCK_AGE, n))  # survival, scratch

    @property
    def pop(self) -> np.ndarray:
        """(2, N, n) the population on 1 January of the current year."""
        return self._pop if self.n > 1 else self._pop[..., :1]

    @property
    def total(self) -> np.ndarray:
        """(n,) its total."""
        return self._total if self.n > 1 else self._total[:1]

    def step(self, t: int, z: np.ndarray, noise_z: np.ndarray | None) -> np.ndarray:
        """Advance one year with the shocks ``z`` (n, N_SHOCKS) and the noise's ``noise_z``
        (2, N_BANDS, n) or None; returns the persons of emigration cut per path (n,)."""
        if self.n == 1:
            z = np.repeat(z, 2, axis=0)
            noise_z = None if noise_z is None else np.repeat(noise_z, 2, axis=-1)
            return self._step(t, z, noise_z)[:1]
        return self._step(t, z, noise_z)

    def _step(self, t: int, z: np.ndarray, noise_z: np.ndarray | None) -> np.ndarray:
        # Numba is imported when paths are first stepped, not with the package: every
        # command would otherwise pay its 0.6 s of import.
        from handlingsrom.demography import kernels

        fx, inputs, sp = self.fixed, self.fixed.inputs, self.fixed.sp
        assert inputs.mx is not None and inputs.migration_unit is not None
        pop, total = self._pop, self._total
        phi = sp.migration_ar[t]
        e = self.e = phi * self.e + sp.migration_sd[t] * np.sqrt(1.0 - phi * phi) * z[:, 0]
        f = self.f = sp.tfr_ar[t] * self.f + sp.tfr_sd[t] * z[:, 1]
        k = self.k = self.k + sp.k_sd[t] * z[:, 2]
        n = pop.shape[-1]
        nxt = self._spare  # two buffers in turn: no fresh 1.7 MB (and its page faults) a year
        clipped = np.zeros(n)
        surv_total = np.empty(n) if inputs.migration_target is not None else _NONE_1
        scale = inputs.migration_scale
        # Survivors one age up (the deterministic q below MORTALITY_SHOCK_AGE, so age 0 and
        # the newborn survival are the deterministic ones; the shocked q from it up), × the
        # net migration rate, + the net migrants (the level shock over the absolute profile,
        # the fixed migrants, the migrants proportional to the total), emigration cut where
        # a path went below zero: one compiled pass (kernels.survive_migrate).
        # The shocked survival from MORTALITY_SHOCK_AGE (NumPy's vectorised tanh: several
        # times faster than a scalar one in the loop): q_from_m of m' = m exp(b k),
        # q = m' / (1 + (1 − a) m') with 1 − a = 0.5 at every age there: 1 − q = (1 − h) /
        # (1 + h) = −tanh(ln(h) / 2) with h = m' / 2 = exp(b k + ln(m / 2)); the kernel
        # floors it at 0 (m' > 2).
        shocked = _NONE_3
        if sp.k_sd[t] > 0:
            shocked = np.multiply(fx.b_half, k, out=self._shocked)
            shocked += fx.tanh_shift[t][..., None]
            np.tanh(shocked, out=shocked)
        kernels.survive_migrate(
            pop,
            nxt,
            fx.one_minus_q[t],
            MORTALITY_SHOCK_AGE,
            shocked,
            _NONE if fx.rate1 is None else fx.rate1[t],
            fx.spread1,
            e,
            np.ascontiguousarray(inputs.migration[t]) if fx.has_fixed[t] else _NONE,
            _NONE if scale is None else np.ascontiguousarray(inputs.migration_unit),
            _NONE_1 if scale is None else scale[t] * total,
            clipped,
            surv_total,
        )
        mig0 = fx.spread0 * e
        if fx.has_fixed[t]:
            mig0 += inputs.migration[t][:, 0, None]
        if inputs.migration_scale is not None:
            mig0 = mig0 + inputs.migration_scale[t] * total * inputs.migration_unit[:, 0, None]
        # Births: fertility × the women's person-years (mean of 1 January t and t + 1).
        flo, fhi = fx.fertile
        exposure = pop[0, flo:fhi] + nxt[0, flo:fhi]
        exposure *= inputs.asfr[t][flo:fhi, None]
        total_births = exposure.sum(axis=0) * (0.5 * np.exp(f))
        del exposure
        ms = float(inputs.male_share[t])
        births = np.multiply.outer(np.array([1.0 - ms, ms]), total_births)  # (2, n)
        surviving = births * inputs.s0[t][:, None]
        age0 = surviving.copy()
        if fx.rate1 is not None:
            age0 *= fx.rate1[t][:, 0, None]
        age0 += mig0
        clipped -= np.minimum(age0, 0.0).sum(axis=0)
        nxt[:, 0] = np.maximum(age0, 0.0)
        if inputs.migration_target is not None:
            applied = nxt.sum(axis=(0, 1)) - surv_total - surviving.sum(axis=0)
            target = inputs.migration_target[t] + e
            nxt += _target_extra(target, applied, np.abs(inputs.migration_unit)).transpose(1, 2, 0)
            cut = _cut_negative(nxt)
            if cut is not None:
                clipped += cut
        if fx.combine_unit is not None:
            assert inputs.growth_weight is not None and inputs.trend_growth is not None
            # The growth combination averages the deterministic part with the trend and
            # keeps each path's level shock whole.
            w = float(inputs.growth_weight[t])
            cohort = nxt.sum(axis=(0, 1))
            want = (1.0 - w) * cohort + w * float(inputs.trend_growth[t]) * total
            want = want + w * e
            kernels.add_profile(nxt, fx.combine_unit, want - cohort, clipped)
        self._pop, self._spare = nxt, pop
        if noise_z is not None:
            assert sp.demographic_sd is not None
            self._total = noise.apply_cells(nxt, float(sp.demographic_sd[t]), noise_z)
        else:
            self._total = nxt.sum(axis=(0, 1))
        return clipped


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

    Returns shape (len(qs), *x.shape[:-1]); with ``overwrite`` ``x`` is sorted in place.
    Each row is sorted (NumPy's vectorised sort of contiguous rows) and the two order
    statistics around each quantile are read: on the paths' cells this was faster than
    partitioning at each order statistic (1.2–1.4 ms against 1.7–2.7 ms for 212 cells ×
    1 000 paths), and it gives the same numbers.
    """
    n = x.shape[-1]
    pos = qs * (n - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    srt = x if overwrite else x.copy()  # ``x`` is scratch with ``overwrite``
    srt.sort(axis=-1)
    frac = pos - lo
    return np.stack(
        [
            srt[..., a] + f * (srt[..., b] - srt[..., a])
            for a, b, f in zip(lo.tolist(), hi.tolist(), frac, strict=True)
        ]
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
    # Paths are stepped in batches of CHUNK, cells-major, so each year's cells are gathered
    # as contiguous rows (cells × paths) for the quantiles, without a transpose.
    fixed = StepConstants.of(inputs, sp)
    bounds = [(lo, min(lo + CHUNK, n_paths)) for lo in range(0, n_paths, CHUNK)]
    batches = [CellPaths(fixed, hi - lo) for lo, hi in bounds]
    only_total = not queries and [(lo, hi) for _, lo, hi in groups] == [(0, None)]
    cells = np.empty((2 * N_AGES, n_paths))
    gvals = np.empty((len(groups), n_paths))
    qvals = np.empty((len(queries), n_paths))
    for i in range(len(years)):
        for (lo, hi), paths in zip(bounds, batches, strict=True):
            if i > 0:
                t = i - 1
                clip = paths.step(t, shocks(seed, t, lo, hi), _noise_z(sp, seed, t, lo, hi))
                clipped[lo:hi] |= clip > 1e-6  # a cut may be measured as a difference
                cut[lo:hi] += clip
            cells[:, lo:hi] = paths.pop.reshape(2 * N_AGES, hi - lo)
            if only_total:
                gvals[0, lo:hi] = paths.total
            else:
                by_age = paths.pop.sum(axis=0)  # (N, n)
                gvals[:, lo:hi] = group_sums_cells(by_age, groups)
                if queries:
                    qvals[:, lo:hi] = group_sums_cells(by_age, qgroups)
        if i == 0:  # the observed base year, the same in every path: its own quantiles
            out[0] = inputs.base_population[None]
        else:
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

"""The national back-test: every municipality, every base year, horizons 1–10 (pure).

For each municipality, base year ``B`` and method, the population is projected from ``B``
with only the data known then (population to 1 January ``B``, rates to ``B − 1``) and
compared with the population observed ``h`` = 1 … 10 years later, never past the last
observed year. Errors are those of the total and of the age groups 0, 1–5, 6–15, 16–19,
20–66, 67–79, 80–89 and 90+. The selection criterion (docs/population.md, stated before the
comparison was run) is :func:`criterion`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from handlingsrom.demography import assumptions as asm
from handlingsrom.demography import noise, stochastic
from handlingsrom.demography.backtest import constant_growth, hamilton_perry
from handlingsrom.demography.engine import N_AGES
from handlingsrom.demography.projection import prepare_data, run
from handlingsrom.national.methods import BENCHMARK_WINDOW, BENCHMARKS, Method
from handlingsrom.params import ParameterSet

GROUPS = stochastic.AGE_GROUPS  # the eight age groups, then the total
AGE_GROUP_LABELS = tuple(g[0] for g in GROUPS[:-1])
MAX_HORIZON = 10
# Size classes by the population on 1 January of the base year: (label, lo, hi exclusive).
SIZE_CLASSES: tuple[tuple[str, float, float], ...] = (
    ("< 2 000", 0, 2000),
    ("2 000–4 999", 2000, 5000),
    ("5 000–19 999", 5000, 20000),
    ("20 000–49 999", 20000, 50000),
    ("≥ 50 000", 50000, np.inf),
)


def size_class(population: np.ndarray) -> np.ndarray:
    """Index into :data:`SIZE_CLASSES` of each population."""
    edges = np.array([c[2] for c in SIZE_CLASSES[:-1]])
    return np.searchsorted(edges, population, side="right")


@dataclass(frozen=True)
class BacktestArrays:
    """Observed and projected group counts of a set of municipalities.

    ``observed`` (M, B, H, G) and ``projected`` (M, B, H, K, G) are NaN where a horizon runs
    past the data or a method could not run (too little history); ``base_total`` (M, B)
    is the population on 1 January of the base year.
    """

    numbers: tuple[str, ...]
    bases: np.ndarray
    methods: tuple[str, ...]
    observed: np.ndarray
    projected: np.ndarray
    base_total: np.ndarray

    def errors_pct(self) -> np.ndarray:
        """(M, B, H, K, G) 100 × (projected − observed) / observed; NaN where observed is 0."""
        obs = self.observed[:, :, :, None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(obs > 0, 100.0 * (self.projected - obs) / obs, np.nan)


def _groups(pop: np.ndarray) -> np.ndarray:
    """(..., G) group sums of populations (..., 2, N)."""
    by_age = pop.sum(axis=-2)
    flat = by_age.reshape(-1, by_age.shape[-1])
    return stochastic.group_sums(flat, GROUPS).T.reshape(*by_age.shape[:-1], len(GROUPS))


def backtest_municipality(
    data: asm.DemographicData,
    bases: Sequence[int],
    methods: Sequence[Method],
    extra: ParameterSet | None = None,
    max_horizon: int = MAX_HORIZON,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(observed (B, H, G), projected (B, H, K, G), base total (B,)) of one municipality;
    the last methods are the benchmarks (:data:`BENCHMARKS`)."""
    last_obs = int(data.pop_years[-1])
    k_all = len(methods) + len(BENCHMARKS)
    obs = np.full((len(bases), max_horizon, len(GROUPS)), np.nan)
    proj = np.full((len(bases), max_horizon, k_all, len(GROUPS)), np.nan)
    base_total = np.full(len(bases), np.nan)
    params = [m.params(extra) for m in methods]
    for b, base in enumerate(bases):
        if base not in data.pop_years:
            continue
        base_total[b] = data.population(base).sum()
        end = min(base + max_horizon, last_obs)
        steps = end - base
        if steps < 1:
            continue
        obs[b, :steps] = _groups(np.stack([data.population(y) for y in range(base + 1, end + 1)]))
        for k, prm in enumerate(params):
            try:
                inputs, est = prepare_data(data, base, end, prm)
            except asm.DemographyError:
                continue  # no history before the base year: the method cannot run
            proj[b, :steps, k] = _groups(run(inputs, est.notes).population[1:])
        for j, fn in enumerate((constant_growth, hamilton_perry)):
            try:
                pop = fn(data, base, steps, BENCHMARK_WINDOW)
            except asm.DemographyError:
                continue
            proj[b, :steps, len(methods) + j] = _groups(pop[1:])
    return obs, proj, base_total


def backtest_chunk(
    items: Sequence[tuple[str, asm.DemographicData]],
    bases: Sequence[int],
    methods: Sequence[Method],
    extra: ParameterSet | None = None,
) -> BacktestArrays:
    """:func:`backtest_municipality` for each ``(number, data)``."""
    parts = [backtest_municipality(d, bases, methods, extra) for _, d in items]
    return BacktestArrays(
        numbers=tuple(n for n, _ in items),
        bases=np.asarray(bases),
        methods=(*(m.name for m in methods), *BENCHMARKS),
        observed=np.stack([p[0] for p in parts]),
        projected=np.stack([p[1] for p in parts]),
        base_total=np.stack([p[2] for p in parts]),
    )


def combine(chunks: Sequence[BacktestArrays]) -> BacktestArrays:
    """One result from chunks of the same bases and methods, in the chunks' order."""
    first = chunks[0]
    return BacktestArrays(
        numbers=tuple(n for c in chunks for n in c.numbers),
        bases=first.bases,
        methods=first.methods,
        observed=np.concatenate([c.observed for c in chunks]),
        projected=np.concatenate([c.projected for c in chunks]),
        base_total=np.concatenate([c.base_total for c in chunks]),
    )


# --------------------------------------------------------------------------- summaries


def _ape(r: BacktestArrays) -> np.ndarray:
    return np.abs(r.errors_pct())


def criterion(r: BacktestArrays) -> pd.Series:
    """The selection criterion, per method (lower is better).

    Mean over the horizons 1–10 (each horizon weighted equally) of the mean over the five
    size classes (each class weighted equally) of the mean absolute percentage error of the
    eight age-group counts, pooled over every municipality of the class and every base year
    with that horizon. Cells whose observed count is 0 are left out. Only the
    (municipality, base year) pairs where every method ran are used, so that every method
    is scored on the same cases.
    """
    ape = _ape(r)[..., : len(AGE_GROUP_LABELS)]  # (M, B, H, K, G-1)
    ran = ~np.isnan(r.projected[..., 0]).any(axis=-1)  # (M, B, H): every method ran
    cls = size_class(r.base_total)  # (M, B)
    scores = np.zeros(len(r.methods))
    n_h = 0
    for h in range(ape.shape[2]):
        per_class = []
        for c in range(len(SIZE_CLASSES)):
            sel = ran[:, :, h] & (cls == c) & ~np.isnan(r.base_total)
            if not sel.any():
                continue
            cell = ape[:, :, h][sel]  # (n, K, G)
            per_class.append(np.nanmean(cell, axis=(0, 2)))
        if per_class:
            scores += np.mean(per_class, axis=0)
            n_h += 1
    return pd.Series(scores / max(n_h, 1), index=list(r.methods), name="criterion")


def _long(r: BacktestArrays) -> pd.DataFrame:
    """Absolute and signed percentage errors, one row per case, method and group."""
    err = r.errors_pct()
    ran = ~np.isnan(r.projected[..., 0]).any(axis=-1)
    m, b, h, k, g = np.nonzero(np.broadcast_to(ran[..., None, None], err.shape))
    cls = size_class(r.base_total)
    return pd.DataFrame(
        {
            "method": np.asarray(r.methods)[k],
            "horizon": h + 1,
            "size_class": np.asarray([c[0] for c in SIZE_CLASSES])[cls[m, b]],
            "group": np.asarray([x[0] for x in GROUPS])[g],
            "error_pct": err[m, b, h, k, g],
        }
    ).dropna()


def summary(r: BacktestArrays) -> pd.DataFrame:
    """MAPE, median APE and mean percentage error (bias) by method, horizon, size class and
    group, with the number of cases; ``size_class`` "all" pools every municipality."""
    e = _long(r)
    e = e.assign(ape=e.error_pct.abs())
    keys = ["method", "horizon", "size_class", "group"]
    by = e.groupby(keys, sort=False)
    one = by.agg(
        mape=("ape", "mean"),
        median_ape=("ape", "median"),
        bias=("error_pct", "mean"),
        n=("ape", "size"),
    ).reset_index()
    pooled = (
        e.groupby(["method", "horizon", "group"], sort=False)
        .agg(
            mape=("ape", "mean"),
            median_ape=("ape", "median"),
            bias=("error_pct", "mean"),
            n=("ape", "size"),
        )
        .reset_index()
        .assign(size_class="all")
    )
    return pd.concat([one, pooled[[*keys, "mape", "median_ape", "bias", "n"]]], ignore_index=True)


def headline(r: BacktestArrays, horizons: Sequence[int] = (5, 10)) -> pd.DataFrame:
    """Per method: the criterion, then for each horizon the MAPE of the total and the mean
    MAPE of the eight age groups (municipalities pooled, every municipality weighted
    equally), sorted by the criterion."""
    e = _long(r)
    e = e.assign(ape=e.error_pct.abs())
    out = criterion(r).to_frame()
    for h in horizons:
        eh = e[e.horizon == h]
        out[f"total_h{h}"] = eh[eh.group == "total"].groupby("method").ape.mean()
        out[f"groups_h{h}"] = (
            eh[eh.group != "total"].groupby(["method", "group"]).ape.mean().groupby("method").mean()
        )
    return out.sort_values("criterion")


def errors_frame(r: BacktestArrays) -> pd.DataFrame:
    """Every error: municipality, base_year, horizon, method, then one column per group."""
    err = r.errors_pct()
    m, b, h, k = np.nonzero(~np.isnan(r.projected[..., 0]))
    cols = {
        "municipality": np.asarray(r.numbers)[m],
        "base_year": r.bases[b],
        "horizon": h + 1,
        "method": np.asarray(r.methods)[k],
    }
    for g, (label, _, _) in enumerate(GROUPS):
        cols[label] = err[m, b, h, k, g]
    return pd.DataFrame(cols)


# --------------------------------------------------------------------------- intervals


def pit_municipality(
    data: asm.DemographicData,
    number: str,
    bases: Sequence[int],
    params: ParameterSet,
    n_paths: int,
    seed: int,
    max_horizon: int = MAX_HORIZON,
) -> np.ndarray:
    """(B, H, G) probability integral transform of the observed group counts: the share of
    stochastic paths below the observation (ties count half); NaN where not available.

    The paths of each (municipality, base year) are seeded with ``(seed, number, base)``.
    """
    last_obs = int(data.pop_years[-1])
    out = np.full((len(bases), max_horizon, len(GROUPS)), np.nan)
    for b, base in enumerate(bases):
        end = min(base + max_horizon, last_obs)
        if base not in data.pop_years or end <= base:
            continue
        try:
            inputs, est = prepare_data(data, base, end, params)
        except asm.DemographyError:
            continue
        sp = stochastic.spread(est, params, inputs.years[:-1])
        key = (seed, int(number), int(base))
        for i, pop, _ in stochastic.iterate_years(inputs, sp, key, 0, n_paths):
            if i == 0:
                continue
            g = _groups(pop)  # (paths, G)
            o = _groups(data.population(base + i))
            out[b, i - 1] = ((g < o).sum(axis=0) + 0.5 * (g == o).sum(axis=0)) / n_paths
    return out


def coverage(pit: np.ndarray, levels: Sequence[float] = (0.8, 0.95)) -> pd.DataFrame:
    """Share of observations inside the central intervals, by horizon and group.

    ``pit`` (M, B, H, G); an observation is inside the central ``p`` interval when its PIT
    lies in [(1 − p)/2, (1 + p)/2].
    """
    rows = []
    for h in range(pit.shape[2]):
        for g, (label, _, _) in enumerate(GROUPS):
            x = pit[:, :, h, g]
            x = x[~np.isnan(x)]
            if not len(x):
                continue
            row = {"horizon": h + 1, "group": label, "n": len(x)}
            for p in levels:
                lo, hi = (1 - p) / 2, (1 + p) / 2
                row[f"inside_{round(100 * p)}"] = float(((x >= lo) & (x <= hi)).mean())
            rows.append(row)
    return pd.DataFrame(rows)


def coverage_by_size(
    pit: np.ndarray, base_total: np.ndarray, levels: Sequence[float] = (0.8, 0.95)
) -> pd.DataFrame:
    """Share of observations inside the central intervals by size class (population on 1
    January of the base year; ``base_total`` (M, B)), for the total and for the age groups
    pooled, over every horizon."""
    cls = size_class(np.nan_to_num(base_total, nan=0.0))
    rows = []
    for c, (label, _, _) in enumerate(SIZE_CLASSES):
        for what, sel in (("total", slice(-1, None)), ("age groups", slice(0, -1))):
            x = pit[cls == c][..., sel].ravel()
            x = x[~np.isnan(x)]
            if not len(x):
                continue
            row: dict[str, object] = {"size_class": label, "what": what, "n": len(x)}
            for p in levels:
                lo, hi = (1 - p) / 2, (1 + p) / 2
                row[f"inside_{round(100 * p)}"] = float(((x >= lo) & (x <= hi)).mean())
            rows.append(row)
    return pd.DataFrame(rows)


def pit_histogram(pit: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Share of PIT values in each of ``bins`` equal bins, for the total and the age groups
    pooled (a calibrated forecast gives a flat histogram, 1/bins in each)."""
    rows = []
    edges = np.linspace(0, 1, bins + 1)
    for name, sel in (("total", slice(-1, None)), ("age groups", slice(0, -1))):
        x = pit[..., sel].ravel()
        x = x[~np.isnan(x)]
        hist, _ = np.histogram(x, edges)
        for i in range(bins):
            rows.append(
                {
                    "what": name,
                    "bin_from": edges[i],
                    "bin_to": edges[i + 1],
                    "share": hist[i] / max(len(x), 1),
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- noise


def residual_variance_schedule(
    items: Sequence[tuple[str, asm.DemographicData]], max_size: float = 50000.0
) -> np.ndarray:
    """(2, N_BANDS) the year-to-year variance of the cohort residual of one age-sex cell
    per person at risk, by band of ages (:data:`handlingsrom.demography.noise.BANDS`):
    the cells' variances summed over the band's ages and over the municipalities with
    fewer than ``max_size`` residents on 1 January of their last year (every year of their
    data), divided by the persons at risk summed the same way.

    The cohort residual of a cell is its net migrants plus the difference between expected
    and actual deaths, so this is the demographic (Poisson-like) noise of migration and
    deaths together; larger municipalities are left out because their cells also carry
    the level swings of migration (modelled by the migration level shock).
    """
    var = np.zeros((2, N_AGES))
    risk = np.zeros((2, N_AGES))
    for _, d in items:
        if d.population(int(d.pop_years[-1])).sum() >= max_size:
            continue
        years = np.array([y for y in d.pop_years[:-1] if y + 1 in d.pop_years])
        if len(years) < 3:
            continue
        migs, _, at_risk = asm.residuals(d, years, 0.5, 0.8)
        var += migs.var(axis=0, ddof=1) * (len(years) - 1)
        risk += at_risk.mean(axis=0) * (len(years) - 1)
    v, r = noise.band_sums(var), noise.band_sums(risk)
    return np.divide(v, r, out=np.zeros_like(v), where=r > 0)

"""Back-testing: project from an earlier year with only the data known then, compare with
what was observed, side by side with two naive methods.

- ``cohort-component``: this engine, assumptions estimated with data up to the base year.
- ``constant-growth``: every age and sex grows at the total population's mean yearly growth
  rate over the last ``migration_window_years`` years before the base year.
- ``hamilton-perry``: cohort-change ratios ``P(t+1, x+1) / P(t, x)`` by sex, pooled over
  the same window, applied one year at a time; age 0 from the ratio of children aged 0 to
  women aged 15–49 on 1 January.

Errors are ``100 × (projected − observed) / observed`` per year and age group; MAPE is the
mean absolute percentage error over the age groups (without the total) or over the years.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import assumptions as asm
from handlingsrom.demography.engine import N_AGES, OPEN_AGE
from handlingsrom.demography.projection import project_dataset
from handlingsrom.demography.stochastic import AGE_GROUPS, group_matrix, summarize
from handlingsrom.params import ParameterSet

METHODS = ("cohort-component", "constant-growth", "hamilton-perry")


def constant_growth(data: asm.DemographicData, base: int, steps: int, window: int) -> np.ndarray:
    """(steps + 1, 2, N) projection at the total's mean growth rate over ``window`` years."""
    first = max(base - window, int(data.pop_years[0]))
    if first == base:
        raise asm.DemographyError(f"constant growth from {base} needs an earlier population")
    p0, p1 = data.population(first).sum(), data.population(base).sum()
    g = (p1 / p0) ** (1.0 / (base - first))
    factors = g ** np.arange(steps + 1)
    return data.population(base)[None] * factors[:, None, None]


def hamilton_perry(data: asm.DemographicData, base: int, steps: int, window: int) -> np.ndarray:
    """(steps + 1, 2, N) projection with pooled one-year cohort-change ratios."""
    years = [y for y in range(base - window, base) if y in data.pop_years]
    if not years:
        raise asm.DemographyError(f"Hamilton–Perry from {base} needs an earlier population")
    num = np.zeros((2, N_AGES))
    den = np.zeros((2, N_AGES))
    child, women = np.zeros(2), 0.0
    for y in years:
        p0, p1 = data.population(y), data.population(y + 1)
        num[:, 1:] += p1[:, 1:]
        den[:, 1:] += p0[:, :-1]
        den[:, OPEN_AGE] += p0[:, OPEN_AGE]
        child += p1[:, 0]
        women += p1[0, 15:50].sum()
    ccr = np.divide(num, den, out=np.ones_like(num), where=den > 0)
    cwr = child / women
    out = np.empty((steps + 1, 2, N_AGES))
    out[0] = data.population(base)
    for i in range(steps):
        cur = out[i]
        nxt = np.zeros_like(cur)
        nxt[:, 1:] = cur[:, :-1]
        nxt[:, OPEN_AGE] += cur[:, OPEN_AGE]
        nxt *= ccr
        nxt[:, 0] = cwr * nxt[0, 15:50].sum()
        out[i + 1] = nxt
    return out


@dataclass(frozen=True)
class BacktestResult:
    base_year: int
    to_year: int
    errors: pd.DataFrame  # year, group, method, observed, projected, error_pct
    diagnostics: tuple[str, ...]
    # With paths: year, group, observed, low, median, high, inside (observed within low–high)
    intervals: pd.DataFrame | None = None

    def coverage(self) -> pd.Series | None:
        """Share of years in which the observed group lay inside the stochastic interval."""
        if self.intervals is None:
            return None
        order = list(dict.fromkeys(self.intervals.group))
        return self.intervals.groupby("group", sort=False).inside.mean().reindex(order)

    def mape_by_year(self) -> pd.DataFrame:
        """MAPE over the age groups (not the total), per year (rows) and method (columns)."""
        e = self.errors[self.errors.group != "total"]
        return (
            e.assign(abs_pct=e.error_pct.abs())
            .pivot_table(index="year", columns="method", values="abs_pct", aggfunc="mean")
            .reindex(columns=list(METHODS))
        )

    def mape_by_group(self) -> pd.DataFrame:
        """MAPE over the years, per age group (rows) and method (columns)."""
        e = self.errors
        order = list(dict.fromkeys(e.group))
        return (
            e.assign(abs_pct=e.error_pct.abs())
            .pivot_table(index="group", columns="method", values="abs_pct", aggfunc="mean")
            .reindex(index=order, columns=list(METHODS))
        )

    def error_table(self, year: int | None = None) -> pd.DataFrame:
        """Percentage errors in ``year`` (default: the last) per group and method."""
        y = self.to_year if year is None else year
        e = self.errors[self.errors.year == y]
        order = list(dict.fromkeys(e.group))
        return e.pivot(index="group", columns="method", values="error_pct").reindex(
            index=order, columns=list(METHODS)
        )


def backtest(
    ds: Dataset,
    base_year: int,
    to_year: int | None = None,
    params: ParameterSet | None = None,
    groups: Sequence[tuple[str, int, int | None]] = AGE_GROUPS,
    n_paths: int = 0,
    seed: int = 1,
    interval: tuple[float, float] = (0.1, 0.9),
) -> BacktestResult:
    """Project from ``base_year`` with data known then; compare up to ``to_year``.

    With ``n_paths`` > 0 the stochastic projection's ``interval`` (quantiles) per group is
    compared with the observed population too.
    """
    data = asm.data_from_dataset(ds)
    last_obs = int(data.pop_years[-1])
    to = last_obs if to_year is None else int(to_year)
    if to <= base_year:
        raise asm.DemographyError(f"--to {to} must be after the base year {base_year}")
    if to > last_obs:
        raise asm.DemographyError(
            f"--to {to}: the dataset observes the population only up to {last_obs}"
        )
    proj = project_dataset(ds, base_year, to, params)
    eff = asm.effective_parameters(ds, base_year, params)
    window = int(asm.setting(eff, "migration_window_years", base_year))
    steps = to - base_year
    runs = {
        "cohort-component": proj.population,
        "constant-growth": constant_growth(data, base_year, steps, window),
        "hamilton-perry": hamilton_perry(data, base_year, steps, window),
    }
    gm = group_matrix(groups)
    labels = [g[0] for g in groups]
    rows = []
    for i, year in enumerate(range(base_year + 1, to + 1), start=1):
        obs = data.population(year).sum(axis=0) @ gm
        for method, pop in runs.items():
            pr = pop[i].sum(axis=0) @ gm
            for g, label in enumerate(labels):
                rows.append((year, label, method, obs[g], pr[g], 100.0 * (pr[g] - obs[g]) / obs[g]))
    errors = pd.DataFrame(
        rows, columns=["year", "group", "method", "observed", "projected", "error_pct"]
    )
    intervals = None
    if n_paths > 0:
        s = summarize(
            ds,
            n_paths,
            seed,
            (interval[0], 0.5, interval[1]),
            base_year=base_year,
            end_year=to,
            params=params,
            groups=groups,
        )
        irows = []
        for i, year in enumerate(range(base_year + 1, to + 1), start=1):
            obs = data.population(year).sum(axis=0) @ gm
            lo, med, hi = s.group_population[i]
            for g, label in enumerate(labels):
                inside = bool(lo[g] <= obs[g] <= hi[g])
                irows.append((year, label, obs[g], lo[g], med[g], hi[g], inside))
        intervals = pd.DataFrame(
            irows, columns=["year", "group", "observed", "low", "median", "high", "inside"]
        )
    return BacktestResult(base_year, to, errors, proj.diagnostics, intervals)

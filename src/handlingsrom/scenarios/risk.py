"""The probability of breaking each financial rule, and fan charts of the key figures (pure).

Each path combines one stochastic population path (``demography.simulate_paths``) with
yearly deviations of the loan rates, of the tax level and of the managed fund's return
(the band of its return) drawn from AR(1) processes
whose spread is given by documented parameters (``risk.*``, see
the dataset's ``parameters/risk.yaml`` and :mod:`handlingsrom.scenarios.parameters`):

    d[t] = ar × d[t-1] + sd × e[t],  e ~ N(0, 1),  d[base year] = 0.

The interest deviation is added to every loan-rate parameter present in the dataset
(``economy.interest_rate_floating``, ``economy.interest_rate_fixed``), floored so that a
rate stays ≥ 0. The tax deviation is a deviation of the *level* of the national tax per
inhabitant (``economy.national_tax_per_inhabitant × (1 + d)``), which the municipality's tax and its
income equalisation follow; a level deviation (not one of the growth rate) keeps a shock
from compounding without end. The economic shocks use their own random stream (seeded from
``seed``), independent of the population paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from handlingsrom import economy as _economy
from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import stochastic as _stochastic
from handlingsrom.params import ParameterSet
from handlingsrom.scenarios.apply import apply
from handlingsrom.scenarios.chain import with_params
from handlingsrom.scenarios.model import BASELINE, Scenario

INTEREST_PATHS: tuple[str, ...] = ("economy.interest_rate_floating", "economy.interest_rate_fixed")
TAX_LEVEL_PATH = "economy.national_tax_per_inhabitant"
FUND_RETURN_PATH = "economy.managed_fund_return"
# (parameter, default when the dataset has none): the defaults equal risk.yaml's values.
RISK_DEFAULTS: dict[str, float] = {
    "risk.interest_sd": 0.005,
    "risk.interest_ar": 0.9,
    "risk.tax_level_sd": 0.01,
    "risk.tax_level_ar": 0.8,
    "risk.fund_return_sd": 0.0,
    "risk.fund_return_ar": 0.0,
}
QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
DEFAULT_PATHS = 200
DEFAULT_SEED = 2017
STREAM_TAG = 0x52495348  # the economy's own streams: never the population's


def ar1_paths(
    seed: int, stream: int, n_paths: int, years: np.ndarray, sd: np.ndarray, ar: np.ndarray
) -> np.ndarray:
    """AR(1) deviations (P, Y) with ``d[:, 0] = 0``; ``sd`` and ``ar`` are (Y,) series.

    Each year's innovations come from their own generator ``[seed, stream, year]``, so a
    seed gives the same deviations in a year whatever the horizon, and the first P paths
    are the same whatever the number of paths."""
    out = np.zeros((n_paths, len(years)))
    for t in range(1, len(years)):
        e = np.random.default_rng([seed, STREAM_TAG, stream, int(years[t])]).standard_normal(
            n_paths
        )
        out[:, t] = ar[t] * out[:, t - 1] + sd[t] * e
    return out


def _has(params: ParameterSet, path: str) -> bool:
    return any(p == path for p in params)  # `in` would raise for an unknown path


def _series(params: ParameterSet, path: str, years: np.ndarray) -> np.ndarray:
    if _has(params, path):
        return params.series(path, years)
    return np.full(len(years), RISK_DEFAULTS[path])


def economic_shocks(
    params: ParameterSet, years: np.ndarray, n_paths: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Interest and tax-level deviations, each (P, Y), for ``seed``."""
    interest, tax, _ = economic_shocks3(params, years, n_paths, seed)
    return interest, tax


def economic_shocks3(
    params: ParameterSet, years: np.ndarray, n_paths: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Interest, tax-level and fund-return deviations, each (P, Y), for ``seed``."""
    fund = ar1_paths(
        seed,
        2,
        n_paths,
        years,
        _series(params, "risk.fund_return_sd", years),
        _series(params, "risk.fund_return_ar", years),
    )
    interest = ar1_paths(
        seed,
        0,
        n_paths,
        years,
        _series(params, "risk.interest_sd", years),
        _series(params, "risk.interest_ar", years),
    )
    tax = ar1_paths(
        seed,
        1,
        n_paths,
        years,
        _series(params, "risk.tax_level_sd", years),
        _series(params, "risk.tax_level_ar", years),
    )
    return interest, tax, fund


def shock_overrides(
    params: ParameterSet,
    years: np.ndarray,
    interest: np.ndarray,
    tax: np.ndarray,
    fund: np.ndarray | None = None,
) -> dict[str, dict[int, float]]:
    """Parameter overrides ``{path: {year: value}}`` of one path's deviations (Y,)."""
    return {
        path: {int(y): float(v) for y, v in zip(years, values, strict=True)}
        for path, values in _shocked_values(params, years, interest, tax, fund).items()
    }


def shocked_series(
    params: ParameterSet,
    years: np.ndarray,
    internal: np.ndarray,
    interest: np.ndarray,
    tax: np.ndarray,
    fund: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """One path's parameter series ``{path: values on the internal years}`` (accounts year
    to end year): those :func:`shock_overrides` gives, read as the economy reads them,
    without building the overridden parameters."""
    out: dict[str, np.ndarray] = {}
    for path, values in _shocked_values(params, years, interest, tax, fund).items():
        out[path] = params[path].series_overridden(years, values, internal)
    return out


def _shocked_values(
    params: ParameterSet,
    years: np.ndarray,
    interest: np.ndarray,
    tax: np.ndarray,
    fund: np.ndarray | None,
) -> dict[str, np.ndarray]:
    """``{path: (Y,) values}`` of one path's deviations in the plan years."""
    out: dict[str, np.ndarray] = {}
    for path in INTEREST_PATHS:
        if path in params:
            out[path] = np.maximum(params.series(path, years) + interest, 0.0)
    if TAX_LEVEL_PATH in params:
        out[TAX_LEVEL_PATH] = params.series(TAX_LEVEL_PATH, years) * (1.0 + tax)
    if fund is not None and fund.any() and FUND_RETURN_PATH in params:
        out[FUND_RETURN_PATH] = params.series(FUND_RETURN_PATH, years) + fund
    return out


@dataclass(frozen=True)
class RiskResult:
    """Per rule and year the share of paths that break the rule; quantiles of key figures."""

    years: np.ndarray
    rules: tuple[Any, ...]  # economy Rule objects
    probability: dict[str, np.ndarray]  # rule id -> (Y,)
    quantiles: tuple[float, ...]
    fan: dict[str, np.ndarray]  # key figure -> (Q, Y)
    n_paths: int
    seed: int
    baseline_kept: dict[str, np.ndarray] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        """``year, rule, probability`` (of breaking the rule that year)."""
        rows = [
            (int(y), rid, float(p[t]))
            for rid, p in self.probability.items()
            for t, y in enumerate(self.years)
        ]
        return pd.DataFrame(rows, columns=["year", "rule", "probability"])

    def quantile_frame(self) -> pd.DataFrame:
        """``year, indicator, quantile, value`` of every key figure."""
        rows = [
            (int(y), name, q, float(values[i, t]))
            for name, values in self.fan.items()
            for i, q in enumerate(self.quantiles)
            for t, y in enumerate(self.years)
        ]
        return pd.DataFrame(rows, columns=["year", "indicator", "quantile", "value"])

    def any_rule_frame(self) -> pd.DataFrame:
        """``year, probability``: that at least one rule breaks that year."""
        return pd.DataFrame({"year": self.years, "probability": self.probability_any})

    probability_any: np.ndarray = field(default_factory=lambda: np.zeros(0))


RunPath = Callable[[np.ndarray, dict[str, dict[int, float]]], Any]


@dataclass(frozen=True)
class RiskPaths:
    """The raw outcome of paths ``first``..``first + n - 1``: counts of broken rules and
    every key figure by path. Parts of one run combine in path order (:func:`combine_risk`)
    into the same result as one run over all paths."""

    first: int
    years: np.ndarray
    rules: tuple[Any, ...]
    broken: dict[str, np.ndarray]  # rule id -> (Y,) paths that break it
    any_broken: np.ndarray  # (Y,) paths that break at least one rule
    figures: dict[str, np.ndarray]  # key figure -> (P, Y)
    seed: int
    baseline_kept: dict[str, np.ndarray]

    @property
    def n_paths(self) -> int:
        return len(next(iter(self.figures.values()))) if self.figures else 0


def _population_batches(
    ds: Dataset,
    first: int,
    n_paths: int,
    seed: int,
    base_year: int | None,
    end_year: int | None,
    batch_size: int,
) -> Iterator[np.ndarray]:
    """Stochastic population paths ``first``..``first + n_paths - 1`` in batches (each path
    is the same whichever range it is drawn in)."""
    inputs, sp = _stochastic.prepare(ds, base_year, end_year)
    for lo in range(first, first + n_paths, batch_size):
        hi = min(lo + batch_size, first + n_paths)
        out = np.empty((hi - lo, len(inputs.years), 2, _stochastic.N_AGES))
        for i, pop, _ in _stochastic.iterate_years(inputs, sp, seed, lo, hi):
            out[:, i] = pop
        yield out


def simulate_risk_paths(
    ds: Dataset,
    first: int,
    n_paths: int,
    seed: int = DEFAULT_SEED,
    scenario: Scenario | None = None,
    params: ParameterSet | None = None,
    base_year: int | None = None,
    end_year: int | None = None,
    batch_size: int = 250,
    savings_nok: np.ndarray | None = None,
    basis: str = "expected",
) -> RiskPaths:
    """Run the economy over paths ``first``..``first + n_paths - 1`` (population, interest,
    tax level) and keep, per rule and year, how many break it, and every key figure."""
    if n_paths < 1 or first < 0:
        raise ValueError(f"expected at least 1 path from 0 on, found {n_paths} from {first}")
    sc_ds, sc_params = apply(with_params(ds, params), scenario or BASELINE)
    base = _economy.prepare(sc_ds, base_year=base_year, end_year=end_year)
    baseline = _economy.simulate(base, savings_nok=savings_nok, basis=basis)
    years = np.asarray(baseline.years)
    internal = np.asarray(base.years)
    interest, tax, fund = economic_shocks3(sc_params, years, first + n_paths, seed)
    rules = tuple(baseline.rules)
    broken = {r.id: np.zeros(len(years)) for r in rules}
    any_broken = np.zeros(len(years))
    figures = {k: np.empty((n_paths, len(years))) for k in baseline.key_figures}
    span = (int(years[0]), int(years[-1]))
    p = 0
    for batch in _population_batches(sc_ds, first, n_paths, seed, *span, batch_size):
        for inputs in base.with_populations(batch):
            q = first + p
            shocked = shocked_series(sc_params, years, internal, interest[q], tax[q], fund[q])
            out = _economy.prepare_run(_economy.with_series(inputs, shocked), basis).simulate(
                savings_nok
            )
            any_t = np.zeros(len(years), dtype=bool)
            for r in rules:
                b = ~np.asarray(out.kept[r.id], dtype=bool)
                broken[r.id] += b
                any_t |= b
            any_broken += any_t
            for k in figures:
                figures[k][p] = out.key_figures[k]
            p += 1
    return RiskPaths(
        first=first,
        years=years,
        rules=rules,
        broken=broken,
        any_broken=any_broken,
        figures=figures,
        seed=seed,
        baseline_kept={r.id: np.asarray(baseline.kept[r.id], dtype=bool) for r in rules},
    )


def combine_risk(parts: Sequence[RiskPaths], quantiles: Sequence[float] = QUANTILES) -> RiskResult:
    """The rule risk of consecutive parts of one run (in path order)."""
    parts = sorted(parts, key=lambda part: part.first)
    if not parts:
        raise ValueError("expected at least one part of a risk run")
    first = parts[0]
    n = sum(part.n_paths for part in parts)
    qs = tuple(float(q) for q in quantiles)
    figures = {k: np.concatenate([part.figures[k] for part in parts]) for k in first.figures}
    return RiskResult(
        years=first.years,
        rules=first.rules,
        probability={
            r: np.sum([part.broken[r] for part in parts], axis=0) / n for r in first.broken
        },
        quantiles=qs,
        fan={k: np.quantile(v, qs, axis=0) for k, v in figures.items()},
        n_paths=n,
        seed=first.seed,
        baseline_kept=first.baseline_kept,
        probability_any=np.sum([part.any_broken for part in parts], axis=0) / n,
    )


def rule_risk(
    ds: Dataset,
    n_paths: int = DEFAULT_PATHS,
    seed: int = DEFAULT_SEED,
    scenario: Scenario | None = None,
    params: ParameterSet | None = None,
    base_year: int | None = None,
    end_year: int | None = None,
    quantiles: Sequence[float] = QUANTILES,
    batch_size: int = 250,
    savings_nok: np.ndarray | None = None,
    basis: str = "expected",
) -> RiskResult:
    """Run the economy over ``n_paths`` stochastic paths (population, interest, tax level)
    and count, per rule and year, the share of paths that break the rule.

    ``savings_nok`` (sectors × years), e.g. a required-savings path, is applied on every
    path: how a plan holds up under bad luck."""
    if n_paths < 1:
        raise ValueError(f"expected at least 1 path, found {n_paths}")
    part = simulate_risk_paths(
        ds, 0, n_paths, seed, scenario, params, base_year, end_year, batch_size, savings_nok, basis
    )
    return combine_risk([part], quantiles)

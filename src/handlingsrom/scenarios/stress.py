"""Stress tests side by side with the baseline: key figures, rules, required savings (pure).

The stress tests are the dataset's own scenario files of ``kind = "stress"``
(:func:`handlingsrom.scenarios.embedded.stress_tests_of`); a dataset without any has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.economy import EconomyResult
from handlingsrom.params import ParameterSet
from handlingsrom.scenarios.chain import ChainResult, run_chain, stack, with_params
from handlingsrom.scenarios.embedded import stress_tests_of
from handlingsrom.scenarios.model import BASELINE, Scenario
from handlingsrom.scenarios.savings import DEFAULT_MAX_GROWTH, SavingsPath
from handlingsrom.scenarios.solve import required_savings_for


@dataclass(frozen=True)
class StressRun:
    """One run of the stress comparison: its scenario, economy and required savings."""

    scenario: Scenario
    economy: EconomyResult
    savings: SavingsPath | None = None

    @property
    def name(self) -> str:
        return self.scenario.name

    @classmethod
    def of(cls, run: ChainResult, savings: SavingsPath | None) -> StressRun:
        return cls(run.scenario, run.economy, savings)


@dataclass(frozen=True)
class StressResult:
    """The baseline and each stress test, run through the whole chain (baseline first)."""

    runs: tuple[StressRun, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.runs)

    def key_figures_frame(self) -> pd.DataFrame:
        """``scenario, year, indicator, value, unit`` (fixed prices)."""
        return stack([(r.name, r.economy.key_figures_frame()) for r in self.runs])

    def rules_frame(self) -> pd.DataFrame:
        """``scenario, year, rule, value, threshold, kept``."""
        return stack([(r.name, r.economy.rules_frame()) for r in self.runs])

    def summary_frame(self) -> pd.DataFrame:
        """One row per scenario: rule-years broken and the required savings."""
        return pd.DataFrame([_summary_row(r) for r in self.runs])


def _summary_row(run: StressRun) -> dict[str, object]:
    econ = run.economy
    kept, years, kf = econ.kept, econ.years, econ.key_figures
    broken = sum(int((~np.asarray(v, dtype=bool)).sum()) for v in kept.values())
    first = [int(years[i]) for v in kept.values() for i, k in enumerate(v) if not k]
    row: dict[str, object] = {
        "scenario": run.name,
        "title": run.scenario.title or "Baseline",
        "rules_broken": " ".join(r.id for r in econ.rules if not kept[r.id].all()),
        "rule_years_broken": broken,
        "first_year_broken": min(first) if first else None,
        "net_operating_result_pct_mean": float(np.mean(kf["net_operating_result_pct"])),
        "loan_debt_pct_last": float(kf["loan_debt_pct"][-1]),
        "investment_per_inhabitant_first_10_years": float(
            (kf["investment_expenditure"] / kf["population"])[:10].mean()
        ),
    }
    path = run.savings
    if path is not None:
        row.update(
            {
                "savings_total_nok": path.total_nok,
                "savings_peak_nok": path.peak_nok,
                "savings_final_level_nok": float(path.level_nok[-1]),
                "savings_feasible": path.feasible,
            }
        )
    return row


def stress_runs(
    ds: Dataset,
    scenarios: Sequence[Scenario],
    base_year: int | None = None,
    end_year: int | None = None,
    with_savings: bool = True,
    max_growth: float = DEFAULT_MAX_GROWTH,
    basis: str = "expected",
) -> tuple[StressRun, ...]:
    """Each stress test run through the chain (and its required savings solved)."""
    out = []
    for sc in scenarios:
        run = run_chain(ds, sc, base_year=base_year, end_year=end_year, basis=basis)
        path = required_savings_for(run, max_growth=max_growth) if with_savings else None
        out.append(StressRun.of(run, path))
    return tuple(out)


def stress_tests(
    ds: Dataset,
    scenarios: Sequence[Scenario] | None = None,
    params: ParameterSet | None = None,
    base_year: int | None = None,
    end_year: int | None = None,
    with_savings: bool = True,
    max_growth: float = DEFAULT_MAX_GROWTH,
) -> StressResult:
    """Run the baseline and each stress test (default: the dataset's own) side by side;
    with ``with_savings`` also solve the required savings of each."""
    tests = stress_tests_of(ds) if scenarios is None else tuple(scenarios)
    base_ds = with_params(ds, params)
    runs = stress_runs(base_ds, (BASELINE, *tests), base_year, end_year, with_savings, max_growth)
    return StressResult(runs=runs)

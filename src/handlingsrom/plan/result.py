"""The result of one plan run: frozen, typed, every table with its years and scenario.

Arrays follow the calendar of the run (``calendar.years``: base year to end year); the
frames (``*_frame``) carry ``scenario`` and ``year`` columns, and money frames name their
price basis in ``frame.attrs["price_basis"]`` (see :func:`price_basis`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from handlingsrom.calendar import Calendar
from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import PopulationProjection
from handlingsrom.economy import EconomyInputs, EconomyResult
from handlingsrom.params import ParameterSet
from handlingsrom.plan.options import PlanOptions, Stage
from handlingsrom.scenarios import RiskResult, SavingsPath, Scenario, StressResult, WaitingCost
from handlingsrom.services import ServiceResult

Prices = Literal["fixed", "current"]

# Age groups of the challenge picture: (id, lowest age, highest age or None = open).
AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("0-5", 0, 5),
    ("6-15", 6, 15),
    ("16-19", 16, 19),
    ("20-66", 20, 66),
    ("67-79", 67, 79),
    ("80-89", 80, 89),
    ("90+", 90, None),
)
BAND_QUANTILES: tuple[float, ...] = (0.05, 0.5, 0.95)

# Why a stage was left out of a run (the only reasons there are), in English.
SKIP_REASONS: dict[str, str] = {
    "no_economy_tables": "the dataset has no economy tables (budget.csv and the others)",
    "no_service_catalogue": "the dataset has no service catalogue (services.csv)",
    "no_population_paths": "no stochastic population paths were asked for",
    "no_stress_tests": "the dataset defines no stress tests (scenario files of kind stress)",
    "no_risk_paths": "no risk paths were asked for",
}


def price_basis(prices: Prices, base_year: int) -> str:
    """The price basis of money in a table: ``fixed <base year>`` or ``current``."""
    return f"fixed {base_year}" if prices == "fixed" else "current"


def with_basis(frame: pd.DataFrame, basis: str) -> pd.DataFrame:
    frame.attrs["price_basis"] = basis
    return frame


def group_totals(population: np.ndarray) -> dict[str, np.ndarray]:
    """Age-group sums of a population array (..., 2, N_AGES) → {group: (...)}."""
    out = {}
    for gid, lo, hi in AGE_GROUPS:
        top = population.shape[-1] if hi is None else hi + 1
        out[gid] = population[..., :, lo:top].sum(axis=(-2, -1))
    return out


def support_ratio(population: np.ndarray) -> np.ndarray:
    """Residents aged 20–66 per resident aged 80+ for (..., 2, N_AGES) → (...)."""
    working = population[..., :, 20:67].sum(axis=(-2, -1))
    old = population[..., :, 80:].sum(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(old > 0, working / np.where(old > 0, old, 1), np.nan)


@dataclass(frozen=True)
class PopulationBands:
    """Quantiles over stochastic population paths (1 January of each year)."""

    years: np.ndarray  # (Y,)
    quantiles: tuple[float, ...]  # (Q,)
    groups: Mapping[str, np.ndarray]  # age group id -> (Q, Y) persons
    support: np.ndarray  # (Q, Y) residents 20–66 per resident 80+
    n_paths: int
    seed: int

    def frame(self) -> pd.DataFrame:
        """``year, group, quantile, population``."""
        rows = [
            (int(y), gid, q, float(v[i, t]))
            for gid, v in self.groups.items()
            for i, q in enumerate(self.quantiles)
            for t, y in enumerate(self.years)
        ]
        return pd.DataFrame(rows, columns=["year", "group", "quantile", "population"])


@dataclass(frozen=True)
class PlanResult:
    """One plan run: the baseline or a scenario, from population to rule risk."""

    dataset: Dataset  # with the scenario applied
    scenario: Scenario
    params: ParameterSet  # the parameters of the run (the dataset's with the scenario's)
    calendar: Calendar
    options: PlanOptions
    population: PopulationProjection
    services: ServiceResult | None = None  # base year on
    inputs: EconomyInputs | None = field(default=None, repr=False)
    # the economy the rules, savings, stress tests and risk use (``options.basis``)
    economy: EconomyResult | None = None
    # both bases, always: what the model expects to happen and what the action programme
    # would show (``EconomyResult.basis`` says which is which)
    economy_expected: EconomyResult | None = None
    economy_budget: EconomyResult | None = None
    bands: PopulationBands | None = None
    savings: SavingsPath | None = None
    waiting: WaitingCost | None = None
    stress: StressResult | None = None  # the plan first, then each stress test
    risk: RiskResult | None = None
    # stage -> why it was not computed (a key of SKIP_REASONS): never a failure
    skipped: Mapping[Stage, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def years(self) -> np.ndarray:
        return self.calendar.years

    def price_basis(self, prices: Prices = "fixed") -> str:
        return price_basis(prices, self.calendar.base_year)

    def _need_economy(self) -> EconomyResult:
        if self.economy is None:
            why = SKIP_REASONS.get(self.skipped.get("economy", ""), "the stage was not run")
            raise ValueError(f"no economy in this plan run: {why}")
        return self.economy

    def _tagged(self, frame: pd.DataFrame, basis: str | None = None) -> pd.DataFrame:
        out = frame.reset_index(drop=True)
        out.insert(0, "scenario", self.name)
        if basis is not None:
            with_basis(out, basis)
        return out

    # ------------------------------------------------------------------ frames
    def population_frame(self) -> pd.DataFrame:
        """``scenario, year, age, sex, population`` (1 January)."""
        return self._tagged(self.population.to_frame())

    def services_frame(self) -> pd.DataFrame:
        """``scenario, year, service, users, cost_nok, fte, capacity, gap`` (costs in fixed
        prices of the services' calibration year)."""
        if self.services is None:
            raise ValueError("no services in this plan run")
        basis = price_basis("fixed", self.services.calibration_year)
        return self._tagged(self.services.to_frame(), basis)

    def key_figures_frame(self, prices: Prices = "fixed") -> pd.DataFrame:
        """``scenario, year, indicator, value, unit`` (the economy of ``options.basis``)."""
        econ = self._need_economy()
        return self._tagged(econ.key_figures_frame(prices), self.price_basis(prices))

    def bases_record(self) -> dict[str, object]:
        """For run.json: which basis the headline figures, rules, savings, stress tests and
        risk use, what each basis means, and the main key figures in both (NOK millions in
        fixed prices of the base year; shares in percent) for the action-programme years
        and +20 / +40."""
        from handlingsrom.economy import BASES

        if self.economy is None:
            return {}
        names = ("net_operating_result_pct", "loan_debt_pct", "equity_financing_pct",
                 "operating_revenue", "net_operating_result", "investment_expenditure",
                 "buffer_fund", "liquidity_reserve")  # fmt: skip
        cal = self.calendar
        years = [int(y) for y in (*cal.hp_years, cal.base_year + 20, cal.base_year + 40)
                 if y <= cal.end_year]  # fmt: skip
        figures: dict[str, object] = {}
        for econ in (self.economy_expected, self.economy_budget):
            if econ is None:
                continue
            figures[econ.basis] = {
                n: {
                    str(y): round(econ.at(n, y) / (1e6 if not n.endswith("_pct") else 1), 2)
                    for y in years
                }
                for n in names
            }
        return {
            "used_for_headline_rules_savings_stress_risk": self.economy.basis,
            "bases": dict(BASES),
            "units": "NOK millions in fixed prices of the base year; _pct in percent",
            "key_figures": figures,
        }

    def bases_frame(self, prices: Prices = "fixed") -> pd.DataFrame:
        """``scenario, basis, year, indicator, value, unit``: the expected outcome and the
        budget basis one under the other (``basis`` = ``expected`` or ``budget``)."""
        self._need_economy()
        parts = []
        for econ in (self.economy_expected, self.economy_budget):
            if econ is not None:
                part = econ.key_figures_frame(prices)
                part.insert(0, "basis", econ.basis)
                parts.append(part)
        return self._tagged(pd.concat(parts, ignore_index=True), self.price_basis(prices))

    def budget_frame(self, prices: Prices = "fixed") -> pd.DataFrame:
        """``scenario, year, sector, item, amount_nok``."""
        econ = self._need_economy()
        return self._tagged(econ.budget_frame(prices), self.price_basis(prices))

    def rules_frame(self) -> pd.DataFrame:
        """``scenario, year, rule, value, threshold, kept``."""
        return self._tagged(self._need_economy().rules_frame())

    def savings_frame(self) -> pd.DataFrame:
        """``scenario, year, sector, savings_nok`` (fixed prices; positive = lower cost)."""
        if self.savings is None:
            raise ValueError("no required savings in this plan run")
        return self._tagged(self.savings.frame(), self.price_basis())

    def savings_path_frame(self) -> pd.DataFrame:
        """``scenario, year, level_nok, increment_nok, cap_nok, binding_rule, …``."""
        if self.savings is None:
            raise ValueError("no required savings in this plan run")
        return self._tagged(self.savings.path_frame(), self.price_basis())

    def waiting_frame(self) -> pd.DataFrame:
        """``scenario, delay_years, total_nok, …`` (the cost-of-waiting curve)."""
        if self.waiting is None:
            raise ValueError("no cost of waiting in this plan run")
        return self._tagged(self.waiting.frame(), self.price_basis())

    def risk_frame(self) -> pd.DataFrame:
        """``scenario, year, rule, probability``."""
        if self.risk is None:
            raise ValueError("no rule risk in this plan run")
        return self._tagged(self.risk.frame())

"""A hand-made toy economy with the shape of ``EconomyResult`` for testing the solver."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class ToyRule:
    id: str
    threshold: float


@dataclass
class ToyResult:
    years: np.ndarray
    rules: list[ToyRule]
    rule_values: dict[str, np.ndarray]
    kept: dict[str, np.ndarray]
    key_figures: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class ToyEconomy:
    """NDR = revenue − cost + savings; a buffer fund that collects the result above 4 %.

    Rules: net operating result ≥ 4 % of revenue; buffer fund ≥ 100 (a stock, so earlier
    savings help later years).
    """

    years: np.ndarray
    revenue: np.ndarray
    cost: np.ndarray
    fund0: float = 300.0
    interest_on_fund: float = 0.0

    def __call__(self, savings: np.ndarray) -> ToyResult:
        total = np.asarray(savings).sum(axis=0)
        ndr = self.revenue - self.cost + total
        pct = 100 * ndr / self.revenue
        fund = np.empty(len(self.years))
        f = self.fund0
        for t in range(len(self.years)):
            f = f * (1 + self.interest_on_fund) + ndr[t] - 0.03 * self.revenue[t]
            fund[t] = f
        rules = [ToyRule("ndr_pct", 4.0), ToyRule("buffer_fund", 100.0)]
        values = {"ndr_pct": pct, "buffer_fund": fund}
        kept = {"ndr_pct": pct >= 4.0 - 1e-12, "buffer_fund": fund >= 100.0 - 1e-9}
        return ToyResult(self.years, rules, values, kept, {"operating_expenditure": self.cost})


def toy(n_years: int = 20, squeeze: float = 0.01) -> ToyEconomy:
    years = np.arange(2017, 2017 + n_years)
    revenue = 10_000.0 * 1.01 ** np.arange(n_years)
    cost = 9_500.0 * (1.01 + squeeze) ** np.arange(n_years)
    return ToyEconomy(years, revenue, cost)

"""Step 4 of a year: the investment plan, its execution, VAT compensation, grants and
depreciation, in fixed prices (pure).

The plan has four parts: the register's projects (the action programme), the capacity the
services' gaps call for (planned in :mod:`handlingsrom.economy.inputs`), renewal of the
building stock (``economy.renewal_share`` × the stock's depreciation, from
``economy.renewal_from``) and a level per inhabitant for everything else (roads, IT,
culture, water and sewage; from ``economy.investment_generic_from``).

**Execution.** The expected outcome spends ``economy.investment_execution_rate`` of the
funds available in a year (its plan plus what was carried over, starting from
``economy.investment_carry_over``); the rest is carried over. The budget basis spends the
plan as adopted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from handlingsrom.economy.inputs import EconomyInputs

BUDGET = "budget"
EXPECTED = "expected"


@dataclass(frozen=True)
class InvestmentPlan:
    """Spending (Y,) by pool, NOK in fixed prices: non-profitable (np) and self-financing
    (sf); the capacity and renewal parts; the funds carried over; depreciation."""

    gross_np: np.ndarray
    gross_sf: np.ndarray
    vat_np: np.ndarray
    vat_sf: np.ndarray
    grants_np: np.ndarray
    grants_sf: np.ndarray
    capacity: np.ndarray  # planned capacity investment (within gross_np, before execution)
    renewal: np.ndarray  # planned renewal of the building stock (within gross_np)
    planned: np.ndarray  # the whole plan before execution
    carried_over: np.ndarray  # year-end funds not yet spent
    depreciation: np.ndarray

    @property
    def gross(self) -> np.ndarray:
        return self.gross_np + self.gross_sf


def investment_plan(inputs: EconomyInputs, basis: str = EXPECTED) -> InvestmentPlan:
    """The plan of every year and what is spent of it under ``basis``."""
    st = inputs.static
    s = st.series
    Y = len(st.years)
    pop = inputs.pop_total
    zero = np.zeros(Y)
    generic = s["investment_per_inhabitant"] * pop * (st.years >= s["investment_generic_from"])
    generic[0] = 0.0
    sf_share = s["investment_self_financing_share"]
    vat_share = s["investment_vat_share"]
    cap = zero if inputs.capacity_invest is None else inputs.capacity_invest
    cap_vat = zero if inputs.capacity_vat is None else inputs.capacity_vat
    cap_grants = zero if inputs.capacity_grants is None else inputs.capacity_grants
    renewal = _renewal(inputs, cap)
    reg = st.register
    plan = np.stack(
        [
            reg.gross[0] + generic * (1 - sf_share) + cap + renewal,
            reg.gross[1] + generic * sf_share,
            reg.vat[0] + (generic * (1 - sf_share) + renewal) * vat_share + cap_vat,
            reg.vat[1],
            reg.grants[0] + cap_grants,
            reg.grants[1],
        ]
    )
    if basis == BUDGET:
        spent, carried = plan, np.zeros((6, Y))
    else:
        start = s["investment_carry_over"][0] * st.to_base_prices
        carried_in = np.array([start, 0.0, start * vat_share[1], 0.0, 0.0, 0.0])
        spent, carried = execute(plan, s["investment_execution_rate"], carried_in)
    gross = spent[0] + spent[1]
    life = s["asset_life"]
    run_out = np.clip(1 - (st.years - st.years[0]) / life, 0.0, 1.0)
    dep = st.base["depreciation"] * run_out + np.concatenate(
        [[0.0], np.cumsum(gross[:-1] / life[1:])]
    )
    return InvestmentPlan(
        gross_np=spent[0],
        gross_sf=spent[1],
        vat_np=spent[2],
        vat_sf=spent[3],
        grants_np=spent[4],
        grants_sf=spent[5],
        capacity=cap,
        renewal=renewal,
        planned=plan[0] + plan[1],
        carried_over=carried[0] + carried[1],
        depreciation=dep,
    )


def execute(
    plan: np.ndarray, rate: np.ndarray, carried_in: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Spend ``rate`` of what is available each year (the plan + the carry-over) from the
    base year on; (lines, Y) spent and carried over. Linear, so the VAT and grant lines
    follow their spending. (Plain floats: this runs once per economy run.)"""
    lines, n = plan.shape
    by_year, rates = plan.T.tolist(), rate.tolist()
    carry = [float(c) for c in carried_in]
    spent, carried = [[0.0] * lines], [carry]
    for t in range(1, n):
        available = [p + c for p, c in zip(by_year[t], carry, strict=True)]
        now = [rates[t] * a for a in available]
        carry = [a - s for a, s in zip(available, now, strict=True)]
        spent.append(now)
        carried.append(carry)
    return np.array(spent).T, np.array(carried).T


def _renewal(inputs: EconomyInputs, capacity: np.ndarray) -> np.ndarray:
    """Renewal of the building stock: ``renewal_share`` × its depreciation in fixed prices —
    the accounts year's depreciation (the existing stock) plus what the new capacity adds
    — from ``renewal_from``."""
    st = inputs.static
    s = st.series
    stock_dep = st.base["depreciation"] + np.concatenate(
        [[0.0], np.cumsum(capacity[:-1] / s["asset_life"][1:])]
    )
    on = (st.years >= s["renewal_from"]) & (np.arange(len(st.years)) >= 1)
    return np.where(on, s["renewal_share"] * stock_dep, 0.0)

"""Step 2 of a year: the income system (inntektssystemet) — tax on income and wealth, the
per-inhabitant grant, expense and income equalisation — in fixed prices (pure).

Tax per inhabitant = relative level × the national average, which grows in real terms by
``economy.tax_real_growth`` (the tax base follows wages). The per-inhabitant grant and the
national expense need grow by ``economy.block_grant_real_growth`` and with the nation's
demographic expense need (``state_demographic_compensation``). The income equalisation's
financing term is a per-inhabitant amount proportional to the national tax level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from handlingsrom.economy.parameters import COST_KEY_GROUPS
from handlingsrom.economy.prices import real_growth_index

if TYPE_CHECKING:
    from handlingsrom.economy.inputs import EconomyInputs, StaticInputs


@dataclass(frozen=True)
class IncomeSystem:
    """Free revenue by line (Y,), NOK in fixed prices of the base year."""

    national_tax_per_inhabitant: np.ndarray
    tax: np.ndarray
    innbyggertilskudd: np.ndarray
    expense_equalisation: np.ndarray
    income_equalisation: np.ndarray
    cost_index: np.ndarray

    @property
    def block_grant(self) -> np.ndarray:
        return self.innbyggertilskudd + self.expense_equalisation + self.income_equalisation

    @property
    def free_revenue(self) -> np.ndarray:
        return self.tax + self.block_grant


def income_system(inputs: EconomyInputs) -> IncomeSystem:
    """Tax and block grant of every year for the inputs' population."""
    st = inputs.static
    s = st.series
    k = st.to_base_prices
    pop = inputs.pop_total
    tax_growth = real_growth_index(s["tax_real_growth"])
    nat_tax = s["national_tax_per_inhabitant"] * k * tax_growth
    tax_pc = s["tax_relative_to_national"] * nat_tax
    gap = tax_pc - nat_tax
    extra = s["income_equalisation_extra_rate"] * np.maximum(
        0.0, s["income_equalisation_extra_threshold"] * nat_tax - tax_pc
    )
    financing = s["income_equalisation_financing"] * k * tax_growth
    income_eq = pop * (-s["income_equalisation_rate"] * gap + extra - financing)
    index, national_need = cost_index(st, inputs.age_shares)
    grant_growth = real_growth_index(s["block_grant_real_growth"])
    demographic = national_need ** s["state_demographic_compensation"]
    innb = s["innbyggertilskudd"] * grant_growth * demographic * pop
    need_pc = s["expense_need_per_inhabitant"] * grant_growth * national_need
    expense_eq = (index - 1) * need_pc * pop
    return IncomeSystem(nat_tax, tax_pc * pop, innb, expense_eq, income_eq, index)


def cost_index(static: StaticInputs, age_shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The expense-need index relative to the nation (1 = national average) and the growth
    of the nation's expense need per inhabitant (1 in the accounts year), per year.

    Index: the cost key's age weights times the municipality's age-group shares over the
    nation's, plus the non-age weight times ``economy.cost_index_other``. No national
    projection is in the data: the nation's shares move like the municipality's, raised to
    ``economy.national_ageing_follows`` (1 = the nation ages like the municipality, so the
    index holds; 0 = the nation stays as last observed). Both are assumptions.
    """
    s = static.series
    weights = np.stack([s[f"cost_key_{g}"] for g, _, _ in COST_KEY_GROUPS], axis=1)  # (Y, 8)
    follow = s["national_ageing_follows"][:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(age_shares[:1] > 0, age_shares / age_shares[:1], 1.0)
    national = static.national_shares * rel**follow
    national = national / national.sum(axis=1, keepdims=True)
    age_index = (weights * age_shares / national).sum(axis=1)
    index = age_index + (1 - weights.sum(axis=1)) * s["cost_index_other"]
    need = (weights * national).sum(axis=1)
    return index, need / need[0]

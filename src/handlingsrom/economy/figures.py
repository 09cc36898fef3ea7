"""Step 6 of a year: the key figures (``INDICATORS``), in fixed prices of the base year
(current-price balances divided by the price index) (pure)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from handlingsrom.economy.rules import INDICATORS

if TYPE_CHECKING:
    from handlingsrom.economy.frames import OperatingFrames
    from handlingsrom.economy.income import IncomeSystem
    from handlingsrom.economy.inputs import EconomyInputs
    from handlingsrom.economy.investments import InvestmentPlan
    from handlingsrom.economy.model import Revenue


def key_figures(
    inputs: EconomyInputs,
    price: np.ndarray,
    frames: OperatingFrames,
    income: IncomeSystem,
    invest: InvestmentPlan,
    revenue: Revenue,
    rolled: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Every key figure (Y,) over the internal years (the accounts year first)."""
    st = inputs.static
    Y = len(st.years)
    pop = inputs.pop_total
    fixed = {name: values / price for name, values in rolled.items()}
    kf = {name: np.full(Y, np.nan) for name in INDICATORS}
    specific = frames.specific.sum(axis=0) + fixed["sf_fees"]
    operating_revenue = revenue.fixed + fixed["sf_fees"]
    net = frames.net.sum(axis=0)
    dep = invest.depreciation
    gross_exp = frames.gross.sum(axis=0) + dep
    group_share = st.base["group_entities_revenue"] / st.base["operating_revenue"]
    kf.update(
        population=pop,
        tax_income_wealth=income.tax,
        tax_per_inhabitant=income.tax / pop,
        innbyggertilskudd=income.innbyggertilskudd,
        expense_equalisation=income.expense_equalisation,
        income_equalisation=income.income_equalisation,
        block_grant=income.block_grant,
        free_revenue=income.free_revenue,
        free_revenue_per_inhabitant=income.free_revenue / pop,
        other_general_revenue=revenue.other_general,
        specific_revenue=specific,
        budget_prudence=revenue.prudence,
        operating_revenue=operating_revenue,
        net_operating_expenditure=net,
        net_operating_expenditure_per_inhabitant=net / pop,
        standard_growth=frames.items["standard_growth"].sum(axis=0),
        depreciation=dep,
        operating_expenditure=gross_exp,
        operating_frame=(gross_exp - dep) * (1 - group_share),
        gross_operating_result=operating_revenue - gross_exp,
        gross_operating_result_pct=100 * (operating_revenue - gross_exp) / operating_revenue,
        interest_expenses=fixed["interest"],
        repayments=fixed["repayments"],
        managed_fund_return=fixed["fund_return"],
        liquidity_return=fixed["liquidity_return"],
        other_financial_expenses=np.full(Y, revenue.other_financial),
        net_financial_expenses=fixed["nfe"],
        net_operating_result=fixed["ndr"],
        net_operating_result_pct=100 * fixed["ndr"] / operating_revenue,
        restructuring=(frames.items["restructuring"] + frames.items["extra_savings"]).sum(axis=0),
        investment_expenditure=invest.gross,
        investment_non_profitable=invest.gross_np,
        investment_capacity=invest.capacity,
        investment_renewal=invest.renewal,
        investment_planned=invest.planned,
        investment_carried_over=invest.carried_over,
        investment_fte=st.register.fte,
        vat_compensation=invest.vat_np + invest.vat_sf,
        investment_grants=invest.grants_np + invest.grants_sf,
        equity_transfer=fixed["equity"],
        new_loans=fixed["new_loans"],
        loan_debt=fixed["debt"],
        loan_debt_pct=100 * fixed["debt"] / operating_revenue,
        buffer_fund=fixed["buffer"],
        free_reserves=fixed["free"],
        managed_fund=fixed["managed"],
        managed_fund_protection=fixed["protection"],
        liquidity_reserve=fixed["liquidity"],
        cost_index=income.cost_index,
        deflator_index=price,
    )
    kf["restructuring_net"] = kf["restructuring"] - frames.items["new_needs"].sum(axis=0)
    base_np = invest.gross_np - invest.grants_np
    with np.errstate(divide="ignore", invalid="ignore"):
        kf["equity_financing_pct"] = np.where(
            base_np > 1.0, 100 * (kf["equity_transfer"] + invest.vat_np) / base_np, np.nan
        )
    return kf

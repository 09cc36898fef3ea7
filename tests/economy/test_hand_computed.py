"""A small municipality computed by hand (numbers in the comments), with inflation, real
growth, income and expense equalisation: the fixed-to-current conversion and the income
system checked against a hand computation."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from handlingsrom.dataset.model import Dataset
from handlingsrom.economy import EconomyInputs, Rule, StaticInputs, simulate
from handlingsrom.economy.parameters import REGISTRY, SERIES_NAMES
from handlingsrom.economy.tables import Register

M = 1e6
YEARS = np.array([2016, 2017, 2018])


def series(**values: float | list[float]) -> dict[str, np.ndarray]:
    specs = {k: REGISTRY[f"economy.{k}"] for k in SERIES_NAMES}
    base: dict[str, float | list[float]] = {
        k: (0.0 if spec.default is None else spec.default)
        for k, spec in specs.items()
        if not spec.optional
    }
    base.update(values)
    return {k: np.broadcast_to(np.asarray(v, dtype=float), (3,)).copy() for k, v in base.items()}


def small(ds: Dataset) -> EconomyInputs:
    """Deflator 0.5 × 4 % + 0.5 × 2 % = 3 %; tax 1.5 × the nation with 1 % real growth; an
    expense-need index of 1.025; 5 % real unit-cost growth in 2018."""
    s = series(
        wage_growth=0.04,
        price_growth=0.02,
        deflator_wage_share=0.5,
        compensation_rate=1.0,
        real_cost_growth=[0.0, 0.0, 0.05],
        tax_relative_to_national=1.5,
        national_tax_per_inhabitant=10_000.0,  # NOK of 2016
        tax_real_growth=0.01,
        block_grant_real_growth=0.02,
        innbyggertilskudd=2_000.0,
        income_equalisation_rate=0.6,
        income_equalisation_extra_rate=0.35,
        income_equalisation_extra_threshold=0.9,
        income_equalisation_financing=100.0,  # NOK of 2016
        expense_need_per_inhabitant=50_000.0,
        cost_key_age_0=0.1,
        cost_index_other=1.0,
        interest_rate_floating=0.04,
        interest_rate_fixed=0.04,
        repayment_years=20.0,
        managed_fund_return=0.05,
        managed_fund_protection=1.0,
        asset_life=40.0,
        equity_share_target=0.5,
        buffer_fund_floor=0.5 * M,
        buffer_fund_cap=2 * M,
        national_ageing_follows=1.0,
        state_demographic_compensation=1.0,
    )
    base = {  # base-year prices (the accounts year's NOK × 1.03)
        "operating_revenue": 17.5 * M,
        "gross_operating_expenditure": 13.4 * M,
        "net_operating_result": 3.5 * M,  # NFE = (17.5 - 13.4) - (3.5 - 0.4) = 1.0
        "depreciation": 0.4 * M,
        "loan_debt": 10.3 * M,
        "buffer_fund": 1.03 * M,
        "liquidity_reserve": 3.09 * M,
        "managed_fund": 5.15 * M,
        "managed_fund_return": 0.2575 * M,
        "free_reserves": 0.0,
        "group_entities_revenue": 0.0,
    }
    restructuring = np.zeros((4, 3))
    restructuring[1, 1:] = 0.1 * M  # a saving of 0.1 M from 2017 (positive)
    gross = np.zeros((2, 3))
    gross[0, 1] = 4 * M
    loans = pd.DataFrame(
        {
            "balance_nok": [10 * M],
            "years": [10],
            "rate_type": ["fixed"],
            "fixed_rate": [0.05],
            "repayment": ["serial"],
        }
    )
    rules = (
        Rule("ndr", "NDR", "NDR", "net_operating_result_pct", ">=", 4.0, "percent"),
        Rule("buffer", "Buffer", "Buffer", "buffer_fund", ">=", 2.5 * M, "NOK"),
    )
    register = Register(
        gross=gross,
        vat=gross * 0.2,
        grants=np.zeros((2, 3)),
        running=np.zeros((4, 3)),
        capacity={},
        fte=np.zeros(3),
    )
    national = np.full(8, 0.9 / 7)
    national[0] = 0.1  # the municipality has 1/8 aged 0: index 0.1 × 0.125 / 0.1 + 0.9
    static = StaticInputs(
        ds=ds,
        sectors=("A", "B", "C", "D"),
        central="Central",
        params=ds.parameters,
        years=YEARS,
        series=s,
        to_base_prices=1.03,
        base=base,
        sector_gross=np.array([3.0, 2.0, 2.0, 2.0]) * M,  # specific revenue 1 M in sector 0
        sector_net=np.array([2.0, 2.0, 2.0, 2.0]) * M,
        restructuring=restructuring,
        initiatives=np.zeros((4, 3)),
        register=register,
        loans=loans,
        rules=rules,
        national_shares=national,
    )
    cost = np.full((4, 3), 2 * M)
    cost[0, 1:] = 2.2 * M  # demographic pressure of 0.2 M in sector 0 in 2017
    pressure = np.zeros((4, 3))
    pressure[0, 1] = 0.2 * M
    return EconomyInputs(
        static=static,
        population=np.zeros((3, 2, 106)),
        services=None,  # type: ignore[arg-type]  # simulate does not read it
        sector_cost=cost,
        sector_pressure=pressure,
        pop_total=np.full(3, 1000.0),
        age_shares=np.full((3, 8), 1 / 8),
    )


def test_small_municipality_by_hand(default_dataset: Dataset) -> None:
    r = simulate(small(default_dataset))
    kf = r.key_figures
    # prices: 2016 NOK × 1.03 = 2017 NOK; 2018 = 1.03 × 2017
    assert r.deflator_index == pytest.approx([1.0, 1.03])
    assert r.accounts_year["deflator_index"] == pytest.approx(1 / 1.03)
    # national tax per inhabitant in 2017 NOK: 10 000 × 1.03 × 1.01 = 10 403; × 1.01 = 10 507.03
    # tax: 1.5 × that × 1000 inhabitants
    assert kf["tax_income_wealth"] == pytest.approx([15.6045 * M, 15.760545 * M])
    assert kf["tax_per_inhabitant"] == pytest.approx([15_604.5, 15_760.545])
    # income equalisation: -0.6 × (15 604.5 - 10 403) - 100 × 1.03 × 1.01 = -3 224.93 per
    # inhabitant; 2018: -0.6 × 5 253.515 - 105.0703 = -3 257.1793
    assert kf["income_equalisation"] == pytest.approx([-3.22493 * M, -3.2571793 * M])
    # innbyggertilskudd 2 000 × 1.02 (real growth); expense equalisation (1.025 - 1) × 50 000
    # × 1.02 per inhabitant; the next year × 1.02 again
    assert kf["innbyggertilskudd"] == pytest.approx([2.04 * M, 2.0808 * M])
    assert kf["cost_index"] == pytest.approx([1.025, 1.025])
    assert kf["expense_equalisation"] == pytest.approx([1.275 * M, 1.3005 * M])
    # other general revenue: 17.5 - fees 1.0 - free revenue of 2016 (15.45 - 3.193 + 2 +
    # 1.25 = 15.507) = 0.993 M, held per inhabitant
    assert kf["other_general_revenue"] == pytest.approx([0.993 * M, 0.993 * M])
    # revenue 2017: free 15.69457 + other 0.993 + fees 1.1 (activity 2.2 / 2)
    assert kf["operating_revenue"] == pytest.approx([17.78757 * M, 17.9776657 * M])
    # frames: 2.2 + 2 - 0.1 + 2 + 2 = 8.1 M; 2018 + 5 % standard growth on the frames before
    # measures (8.2 M): 8.51 M
    assert kf["standard_growth"] == pytest.approx([0.0, 0.41 * M])
    assert kf["net_operating_expenditure"] == pytest.approx([8.1 * M, 8.51 * M])
    # depreciation: the existing 0.4 runs out over 40 years (0.39; 0.38) plus 4 M / 40
    assert kf["depreciation"] == pytest.approx([0.39 * M, 0.48 * M])
    assert kf["operating_expenditure"] == pytest.approx([9.59 * M, 10.09 * M])
    # other financial expenses: 1.0 - (0.5 + 1.0 - 0.25) × 1.03 = -0.2875 M (2017 NOK)
    # 2017: 0.5 + 1.0 - 0.25 - 0.2875 = 0.9625; 2018 in current prices: interest 0.45 + 0.08
    # (2 M new at 4 %) + repayments 1.0 + 0.1 - return 0.255 - 0.2875 × 1.03 = 1.078875
    assert kf["net_financial_expenses"] == pytest.approx([0.9625 * M, 1.078875 * M / 1.03])
    # NDR 2017: 17.78757 - 9.59 + 0.39 - 0.9625 = 7.62507; 2018 current:
    # (17.9776657 - 10.09 + 0.48) × 1.03 - 1.078875 = 7.53982067
    assert kf["net_operating_result"] == pytest.approx([7.62507 * M, 7.53982067 * M / 1.03])
    current = r.key_figures_frame("current").set_index(["indicator", "year"]).value
    assert current["net_operating_result", 2018] == pytest.approx(7.53982067 * M)
    assert current["net_operating_result_pct", 2018] == pytest.approx(
        100 * 7.53982067 / (17.9776657 * 1.03)
    )
    # financing 2017: 4 M, VAT 0.8; equity 0.5 × 4 - 0.8 = 1.2 (the rule's share, no more);
    # loans 2.0; buffer 1.0 + 7.62507 - protection 0.1 - 1.2 = 7.32507, capped at 2 M: 5.32507
    # to the free reserves; liquidity 3.0 + 1.0 + 5.32507
    assert kf["equity_transfer"] == pytest.approx([1.2 * M, 0.0])
    assert kf["new_loans"] == pytest.approx([2.0 * M, 0.0])
    assert kf["equity_financing_pct"][0] == pytest.approx(50.0)
    assert np.isnan(kf["equity_financing_pct"][1])
    assert kf["buffer_fund"] == pytest.approx([2.0 * M, 2.0 * M])
    assert kf["free_reserves"] == pytest.approx([5.32507 * M, (5.32507 + 7.37782067) * M / 1.03])
    assert kf["liquidity_reserve"][0] == pytest.approx(9.32507 * M)
    # debt: 10 - 1 + 2 = 11 M; 2018: 8 + 2 × 0.95 = 9.9 M current
    assert kf["loan_debt"] == pytest.approx([11 * M, 9.9 * M / 1.03])
    assert kf["restructuring"] == pytest.approx([0.1 * M, 0.1 * M])
    # rules
    assert r.kept["ndr"].tolist() == [True, True]
    assert r.kept["buffer"].tolist() == [False, False]
    frame = r.rules_frame()
    assert list(frame.columns) == ["year", "rule", "value", "threshold", "kept"]
    assert len(frame) == 4


def test_fixed_rates_of_new_loans_stay_locked(default_dataset: Dataset) -> None:
    inputs = small(default_dataset)
    s = dict(inputs.static.series)
    s["fixed_share_new_loans"] = np.full(3, 1.0)
    s["interest_rate_fixed"] = np.array([0.04, 0.04, 0.08])
    static = replace(inputs.static, series=s)
    r = simulate(replace(inputs, static=static))
    # 2018: the 2 M taken in 2017 keeps its 4 %: 0.45 + 0.08, not 0.45 + 0.16 (current)
    assert r.key_figures["interest_expenses"][1] == pytest.approx(0.53 * M / 1.03)


def test_budget_frame_layout(default_dataset: Dataset) -> None:
    r = simulate(small(default_dataset))
    budget = r.budget_frame()
    assert list(budget.columns) == ["year", "sector", "item", "amount_nok"]
    net = budget[(budget.item == "net_operating_expenditure") & (budget.year == 2017)]
    assert net.amount_nok.sum() == pytest.approx(8.1 * M)
    saving = budget[(budget.item == "restructuring") & (budget.year == 2017)]
    assert saving.amount_nok.sum() == pytest.approx(0.1 * M)  # a saving is positive
    key = r.key_figures_frame()
    assert list(key.columns) == ["year", "indicator", "value", "unit"]
    assert set(key[key.indicator == "net_operating_result_pct"].unit) == {"percent"}

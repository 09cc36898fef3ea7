"""A small municipality computed by hand (numbers in the comments), no deflation."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from handlingsrom.dataset.model import Dataset
from handlingsrom.economy import EconomyInputs, Rule, StaticInputs, simulate
from handlingsrom.economy.parameters import REGISTRY, SERIES_NAMES

M = 1e6
YEARS = np.array([2016, 2017, 2018])


def series(**values: float) -> dict[str, np.ndarray]:
    defaults = {k: REGISTRY[f"economy.{k}"].default for k in SERIES_NAMES}
    base = {k: (0.0 if v is None else v) for k, v in defaults.items()}
    base.update(values)
    return {k: np.full(3, float(v)) for k, v in base.items()}


def small(ds: Dataset) -> EconomyInputs:
    s = series(
        wage_growth=0.0,
        price_growth=0.0,
        deflator_wage_share=0.6,
        compensation_rate=1.0,
        tax_relative_to_national=1.0,
        national_tax_per_inhabitant=10_000.0,
        innbyggertilskudd=2_000.0,
        income_equalisation_rate=0.6,
        income_equalisation_extra_rate=0.35,
        income_equalisation_extra_threshold=0.9,
        expense_need_per_inhabitant=50_000.0,
        cost_key_age_0=0.1,
        cost_index_other=1.0,
        interest_rate_floating=0.04,
        interest_rate_fixed=0.04,
        repayment_years=20.0,
        managed_fund_return=0.05,
        asset_life=40.0,
        equity_share_target=0.5,
        buffer_fund_floor=0.5 * M,
        buffer_fund_cap=2 * M,
        national_ageing_follows=1.0,
        state_demographic_compensation=1.0,
    )
    base = {
        "operating_revenue": 13.5 * M,
        "gross_operating_expenditure": 9.4 * M,
        "net_operating_result": 3.5 * M,  # NFE = (13.5 - 9.4) - (3.5 - 0.4) = 1.0
        "depreciation": 0.4 * M,
        "loan_debt": 10 * M,
        "buffer_fund": 1 * M,
        "liquidity_reserve": 3 * M,
        "managed_fund": 5 * M,
        "managed_fund_return": 0.25 * M,
        "free_reserves": 0.0,
        "group_entities_revenue": 0.0,
    }
    restructuring = np.zeros((4, 3))
    restructuring[1, 1:] = -0.1 * M
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
        Rule("buffer", "Buffer", "Buffer", "buffer_fund", ">=", 3 * M, "NOK"),
    )
    static = StaticInputs(
        ds=ds,
        sectors=("A", "B", "C", "D"),
        central="Central",
        params=ds.parameters,
        years=YEARS,
        series=s,
        to_base_prices=1.0,
        base=base,
        sector_gross=np.array([3.0, 2.0, 2.0, 2.0]) * M,  # specific revenue 1 M in sector 0
        sector_net=np.array([2.0, 2.0, 2.0, 2.0]) * M,
        restructuring=restructuring,
        initiatives=np.zeros((4, 3)),
        running_costs=np.zeros((4, 3)),
        invest_gross=gross,
        invest_vat=gross * 0.2,
        invest_grants=np.zeros((2, 3)),
        extra_capacity={},
        loans=loans,
        rules=rules,
        national_shares=np.full(8, 1 / 8),
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
    # revenue: tax 10 M + innbyggertilskudd 2 M + other 0.5 M (calibrated) + fees 1.1 M
    assert kf["tax_income_wealth"] == pytest.approx([10 * M, 10 * M])
    assert kf["income_equalisation"] == pytest.approx([0, 0], abs=1e-6)
    assert kf["expense_equalisation"] == pytest.approx([0, 0], abs=1e-6)
    assert kf["other_general_revenue"] == pytest.approx([0.5 * M, 0.5 * M])
    assert kf["operating_revenue"] == pytest.approx([13.6 * M, 13.6 * M])
    # net 2.2 + 2 - 0.1 + 2 + 2 = 8.1 M; gross 8.1 + 1.1 + depreciation: the existing 0.4
    # runs out over 40 years (0.39; 0.38) plus 4 M / 40 from 2018
    assert kf["net_operating_expenditure"] == pytest.approx([8.1 * M, 8.1 * M])
    assert kf["depreciation"] == pytest.approx([0.39 * M, 0.48 * M])
    assert kf["operating_expenditure"] == pytest.approx([9.59 * M, 9.68 * M])
    # 2017: interest 0.5 + repayment 1 - return 0.25 + other (-0.25, calibrated) = 1.0
    # 2018: 0.45 + 0.032 (new 0.8 at 4 %) + 1 + 0.04 (0.8 / 20) - 0.25 - 0.25 = 1.022
    assert kf["net_financial_expenses"] == pytest.approx([1.0 * M, 1.022 * M])
    # NDR 2017: 13.6 - 9.59 - 1.0 + 0.39 = 3.4; 2018: 13.6 - 9.68 - 1.022 + 0.48 = 3.378
    assert kf["net_operating_result"] == pytest.approx([3.4 * M, 3.378 * M])
    # 2017 financing of 4 M: VAT 0.8; equity 0.5*4 - 0.8 = 1.2, plus 1.2 above the buffer cap
    # (1 + 3.4 - 1.2 - 2) -> equity 2.4, loans 4 - 0.8 - 2.4 = 0.8, buffer 2.0
    assert kf["equity_transfer"] == pytest.approx([2.4 * M, 0.0])
    assert kf["new_loans"] == pytest.approx([0.8 * M, 0.0])
    assert kf["equity_financing_pct"][0] == pytest.approx(80.0)
    assert np.isnan(kf["equity_financing_pct"][1])
    assert kf["buffer_fund"] == pytest.approx([2.0 * M, 5.378 * M])
    assert kf["loan_debt"] == pytest.approx([9.8 * M, 8.76 * M])
    assert kf["liquidity_reserve"] == pytest.approx([4.0 * M, 7.378 * M])
    assert kf["restructuring"] == pytest.approx([0.1 * M, 0.1 * M])
    # rules
    assert r.kept["ndr"].tolist() == [True, True]
    assert r.kept["buffer"].tolist() == [False, True]
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
    # 2018: the 0.8 M taken in 2017 keeps its 4 %: 0.45 + 0.032, not 0.45 + 0.064
    assert r.key_figures["interest_expenses"][1] == pytest.approx(0.482 * M)


def test_budget_frame_layout(default_dataset: Dataset) -> None:
    r = simulate(small(default_dataset))
    budget = r.budget_frame()
    assert list(budget.columns) == ["year", "sector", "item", "amount_nok"]
    net = budget[(budget.item == "net_operating_expenditure") & (budget.year == 2017)]
    assert net.amount_nok.sum() == pytest.approx(8.1 * M)
    key = r.key_figures_frame()
    assert list(key.columns) == ["year", "indicator", "value", "unit"]
    assert set(key[key.indicator == "net_operating_result_pct"].unit) == {"percent"}

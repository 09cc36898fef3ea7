"""Accounting identities of the simulation, on the default data (current prices)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlingsrom.economy import EconomyInputs, EconomyResult, simulate
from handlingsrom.economy.frames import NET_PARTS, SAVING_ITEMS


def current(result: EconomyResult, name: str) -> np.ndarray:
    return result.key_figures[name] * result.deflator_index


def previous(result: EconomyResult, name: str) -> np.ndarray:
    """The year-end balance of the year before, current prices (accounts year first)."""
    acc = result.accounts_year[name] * result.accounts_year["deflator_index"]
    return np.concatenate([[acc], current(result, name)[:-1]])


def check_identities(r: EconomyResult) -> None:
    kf = r.key_figures
    # net operating result from its parts
    np.testing.assert_allclose(
        kf["net_operating_result"],
        kf["operating_revenue"]
        - kf["operating_expenditure"]
        - kf["net_financial_expenses"]
        + kf["depreciation"],
        rtol=1e-12,
        atol=1.0,
    )
    np.testing.assert_allclose(
        kf["gross_operating_result"], kf["operating_revenue"] - kf["operating_expenditure"]
    )
    np.testing.assert_allclose(
        kf["net_financial_expenses"],
        kf["interest_expenses"]
        + kf["repayments"]
        - kf["managed_fund_return"]
        - kf["liquidity_return"]
        + kf["other_financial_expenses"],
        atol=1.0,
    )
    np.testing.assert_allclose(
        kf["operating_revenue"],
        kf["tax_income_wealth"]
        + kf["block_grant"]
        + kf["other_general_revenue"]
        + kf["specific_revenue"]
        - kf["budget_prudence"],
        atol=1.0,
    )
    # debt(t) = debt(t-1) + new loans - repayments
    np.testing.assert_allclose(
        current(r, "loan_debt"),
        previous(r, "loan_debt") + current(r, "new_loans") - current(r, "repayments"),
        atol=1.0,
    )
    # each fund rolled forward
    np.testing.assert_allclose(
        current(r, "buffer_fund"),
        previous(r, "buffer_fund")
        + current(r, "net_operating_result")
        - current(r, "managed_fund_protection")
        - current(r, "equity_transfer")
        - (current(r, "free_reserves") - previous(r, "free_reserves")),
        atol=1.0,
    )
    np.testing.assert_allclose(
        current(r, "managed_fund"),
        previous(r, "managed_fund") + current(r, "managed_fund_protection"),
        atol=1.0,
    )
    np.testing.assert_allclose(
        current(r, "liquidity_reserve") - previous(r, "liquidity_reserve"),
        current(r, "buffer_fund")
        - previous(r, "buffer_fund")
        + current(r, "free_reserves")
        - previous(r, "free_reserves"),
        atol=1.0,
    )
    # investments = the sum of their financing
    np.testing.assert_allclose(
        kf["investment_expenditure"],
        kf["vat_compensation"] + kf["investment_grants"] + kf["equity_transfer"] + kf["new_loans"],
        rtol=1e-9,
        atol=1.0,
    )
    # the operating budget by sector adds up to the totals
    items = r.sector_items
    np.testing.assert_allclose(
        items["net_operating_expenditure"].sum(axis=0), kf["net_operating_expenditure"]
    )
    # one sign for restructuring (docs/design.md §3): savings items are positive and are
    # subtracted; every other item is added
    signed = sum(-items[n] if n in SAVING_ITEMS else items[n] for n in NET_PARTS)
    np.testing.assert_allclose(items["net_operating_expenditure"], signed, atol=1e-3)
    assert (items["restructuring"] >= 0).all()  # the measures register: savings


def test_identities_hold_on_the_default(default_result: EconomyResult) -> None:
    check_identities(default_result)


def test_identities_hold_on_the_budget_basis(default_inputs: EconomyInputs) -> None:
    budget = simulate(default_inputs, basis="budget")
    check_identities(budget)
    assert budget.basis == "budget" and (budget.key_figures["budget_prudence"] > 0).all()


@settings(max_examples=15, deadline=None)
@given(
    level=st.floats(min_value=-300e6, max_value=600e6),
    sector=st.integers(min_value=0, max_value=3),
)
def test_identities_hold_with_savings(
    default_inputs: EconomyInputs, level: float, sector: int
) -> None:
    savings = np.zeros((len(default_inputs.static.sectors), len(default_inputs.years) - 1))
    savings[sector] = level
    check_identities(simulate(default_inputs, savings_nok=savings))


def test_savings_lower_expenditure_and_raise_the_result_one_for_one(
    default_inputs: EconomyInputs, default_result: EconomyResult
) -> None:
    savings = np.zeros((len(default_inputs.static.sectors), len(default_inputs.years) - 1))
    savings[1, :] = 100e6
    r = simulate(default_inputs, savings_nok=savings)
    base = default_result.key_figures
    assert r.key_figures["net_operating_expenditure"][0] == pytest.approx(
        base["net_operating_expenditure"][0] - 100e6
    )
    # in the first year nothing else differs: the result rises by the saving
    assert r.key_figures["net_operating_result"][0] == pytest.approx(
        base["net_operating_result"][0] + 100e6
    )
    assert np.all(r.key_figures["restructuring"] == pytest.approx(base["restructuring"] + 100e6))
    # later, lower debt or a larger buffer: never a worse result
    assert np.all(r.key_figures["net_operating_result"] >= base["net_operating_result"] - 1)


def test_savings_shape_is_checked(default_inputs: EconomyInputs) -> None:
    with pytest.raises(ValueError, match="savings_nok"):
        simulate(default_inputs, savings_nok=np.zeros((len(default_inputs.static.sectors), 3)))


@settings(max_examples=10, deadline=None)
@given(shift=st.floats(min_value=0.0, max_value=0.04), year=st.integers(2017, 2040))
def test_a_higher_floating_rate_never_improves_the_result(
    default_inputs: EconomyInputs, default_result: EconomyResult, shift: float, year: int
) -> None:
    from handlingsrom.params import ParameterSet

    base = default_inputs.static.params["economy.interest_rate_floating"]
    higher = base.overridden(
        {y: base.at(y) + (shift if y >= year else 0.0) for y in range(2016, 2058)}
    )
    r = simulate(default_inputs, params=ParameterSet([higher]))
    check_identities(r)
    assert np.all(
        r.key_figures["interest_expenses"] >= default_result.key_figures["interest_expenses"] - 1
    )
    before = default_result.years < year
    np.testing.assert_allclose(
        r.key_figures["net_operating_result"][before],
        default_result.key_figures["net_operating_result"][before],
    )
    # over the years of the shift, the sum of results is not higher
    after = ~before
    assert (
        r.key_figures["net_operating_result"][after].sum()
        <= default_result.key_figures["net_operating_result"][after].sum() + 1
    )


@pytest.mark.parametrize("level", [0.0, 300e6, -300e6, -800e6, -1_500e6])
def test_the_buffer_fund_keeps_its_floor_in_real_terms_while_the_result_allows(
    default_inputs: EconomyInputs, level: float
) -> None:
    """A fund at its floor is topped up for inflation before the result finances equity:
    with a result after the managed-fund protection that covers the top-up, a fund that
    started the year at or above the floor ends it there too (fixed prices)."""
    savings = np.full(
        (len(default_inputs.static.sectors), len(default_inputs.years) - 1),
        level / len(default_inputs.static.sectors),
    )
    r = simulate(default_inputs, savings_nok=savings)
    kf = r.key_figures
    floor = 100e6  # economy.buffer_fund_floor of the default
    room = kf["net_operating_result"] - kf["managed_fund_protection"]
    index = r.deflator_index
    top_up = floor * (1 - index[:-1] / index[1:])  # keeping the floor's real value
    started_at_floor = kf["buffer_fund"][:-1] >= floor * (1 - 1e-9)
    for t in np.flatnonzero(started_at_floor & (room[1:] >= top_up)) + 1:
        assert kf["buffer_fund"][t] >= floor * (1 - 1e-9), r.years[t]

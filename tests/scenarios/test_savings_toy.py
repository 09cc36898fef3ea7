"""The required-savings solver on a hand-made toy economy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlingsrom.scenarios.savings import (
    check_monotone,
    greedy,
    sector_shares,
    solve,
    uniform_cut_breaks,
    waiting,
    year_gaps,
)
from tests.scenarios.toy import ToyEconomy, ToyRule, toy

SHARES = np.array([[0.5], [0.3], [0.2]])


def _shares(n: int) -> np.ndarray:
    return np.repeat(SHARES, n, axis=1)


def _solve(econ, **kw):
    return solve(econ, econ.years, econ.cost, _shares(len(econ.years)), tolerance_nok=1e-3, **kw)


def test_path_keeps_every_rule_and_is_minimal() -> None:
    econ = toy()
    assert not all(econ(np.zeros((3, 20))).kept["ndr_pct"])  # the baseline breaks a rule
    path = _solve(econ, max_growth=0.05)
    assert path.feasible
    out = econ(path.savings_nok)
    for r in out.rules:
        assert out.kept[r.id].all(), r.id
    assert uniform_cut_breaks(econ, path, factor=0.999)
    assert np.all(np.diff(path.level_nok) >= -1e-9)  # savings persist
    assert np.allclose(path.savings_nok.sum(axis=0), path.level_nok)


def test_binding_rule_named_in_years_where_savings_grow() -> None:
    path = _solve(toy(), max_growth=0.05)
    grows = np.flatnonzero(path.increment_nok > 1e-6)
    assert len(grows) > 0
    for t in grows:
        assert path.binding[t] in ("ndr_pct", "buffer_fund")


def test_cap_is_respected_and_forces_earlier_savings() -> None:
    econ = toy(squeeze=0.01)
    loose = _solve(econ, max_growth=0.5)
    tight = _solve(econ, max_growth=0.011)
    assert np.all(tight.increment_nok <= tight.cap_nok + 1e-6)
    # with a tight cap the path must start earlier (or higher) than the loose one
    assert tight.feasible
    assert tight.level_nok[0] >= loose.level_nok[0] - 1e-6
    assert tight.total_nok >= loose.total_nok - 1e-6


def test_infeasible_under_cap_is_reported_not_hidden() -> None:
    econ = toy(squeeze=0.05)
    path = _solve(econ, max_growth=0.0001)
    assert not path.feasible
    assert path.short_of_cap


def test_waiting_never_costs_less() -> None:
    econ = toy()
    cost = waiting(econ, econ.years, econ.cost, _shares(20), delays=range(6), max_growth=0.05)
    frame = cost.frame()
    assert list(frame.columns[:3]) == ["delay_years", "total_nok", "peak_nok"]
    # in the toy the buffer fund carries early deficits into later years
    assert (frame.total_nok.diff().dropna() >= -1e-6).all()
    assert (frame.peak_nok.diff().dropna() >= -1e-6).all()


def test_monotone_on_toy() -> None:
    econ = toy()
    assert check_monotone(econ, _shares(20), [0, 10, 100, 1000]) == {}


def test_sector_shares_rules() -> None:
    cost = np.array([[2.0, 2.0], [1.0, 3.0], [1.0, 1.0]])
    pr = sector_shares(cost)
    assert np.allclose(pr.sum(axis=0), 1)
    assert np.allclose(pr[:, 0], [0.5, 0.25, 0.25])
    prot = sector_shares(cost, "protected", protected=[0])
    assert prot[0].max() == 0 and np.allclose(prot.sum(axis=0), 1)
    given_ = sector_shares(cost, "shares", shares=[1, 1, 2])
    assert np.allclose(given_[:, 1], [0.25, 0.25, 0.5])
    with pytest.raises(ValueError, match="3 sector shares"):
        sector_shares(cost, "shares", shares=[1, 1])


@settings(max_examples=25, deadline=None)
@given(
    squeeze=st.floats(0.0, 0.03),
    growth=st.floats(0.003, 0.2),
)
def test_solution_keeps_rules_whenever_feasible(squeeze: float, growth: float) -> None:
    econ = toy(n_years=12, squeeze=squeeze)
    path = _solve(econ, max_growth=growth)
    out = econ(path.savings_nok)
    if path.feasible:
        assert all(out.kept[r.id].all() for r in out.rules)
        assert np.all(path.increment_nok <= path.cap_nok + 1e-6)
        # a 0.1 % cut is only sure to break a rule when it exceeds the solve's tolerance
        # (1e-3): a level of 0.45 in one year is minimal to within 0.00045 only
        if path.level_nok.max() * (1 - 0.999) > 1e-3:
            assert uniform_cut_breaks(econ, path, factor=0.999)
    else:
        assert path.short_of_cap or path.unreachable


def test_year_gaps_are_the_single_year_shortfall() -> None:
    base = toy()
    econ = ToyEconomy(base.years, base.revenue, base.cost, fund0=1e9)  # the fund never binds
    gaps = year_gaps(econ, econ.years, econ.cost, _shares(20), until=2030, tolerance_nok=1e-4)
    expected = np.maximum(0.0, 0.04 * econ.revenue - (econ.revenue - econ.cost))
    expected[econ.years >= 2030] = 0.0
    assert expected.max() > 0
    assert np.allclose(gaps, expected, atol=1e-3)


def test_check_monotone_reports_a_rule_that_more_savings_break() -> None:
    """A rule whose value falls with savings (as an equity share could if savings lowered
    the equity transfer) is reported with the years where it broke."""
    econ = toy()

    def perverse(savings: np.ndarray):
        out = econ(savings)
        value = 100.0 - np.asarray(savings).sum(axis=0)
        out.rules.append(ToyRule("perverse", 50.0))
        out.rule_values["perverse"] = value
        out.kept["perverse"] = value >= 50.0
        return out

    found = check_monotone(perverse, _shares(20), [0, 10, 100])
    assert found == {"perverse": list(range(20))}


# --------------------------------------------------------------------------- the smallest total
@settings(max_examples=30, deadline=None)
@given(
    squeeze=st.floats(0.0, 0.04),
    growth=st.floats(0.002, 0.1),
    fund0=st.floats(0.0, 3000.0),
    interest=st.floats(0.0, 0.05),
)
def test_the_cost_of_waiting_never_falls_with_a_later_start(
    squeeze: float, growth: float, fund0: float, interest: float
) -> None:
    base = toy(n_years=15, squeeze=squeeze)
    econ = ToyEconomy(base.years, base.revenue, base.cost, fund0=fund0, interest_on_fund=interest)
    cost = waiting(
        econ, econ.years, econ.cost, _shares(15), delays=range(8), max_growth=growth,
        tolerance_nok=1e-3,
    )  # fmt: skip
    frame = cost.frame()
    assert (frame.total_nok.diff().dropna() >= -1e-6).all()
    kept = frame[frame.feasible]
    # among starts that keep every rule, the solve's own totals never fall
    assert (kept.measured_total_nok.diff().dropna() >= -1e-3).all()
    # and once a start cannot keep the rules, no later one can (the point of no return)
    ok = frame.feasible.tolist()
    assert ok == sorted(ok, reverse=True)
    if cost.point_of_no_return is not None:
        assert f"after {cost.point_of_no_return}" in cost.message()


@settings(max_examples=20, deadline=None)
@given(squeeze=st.floats(0.0, 0.03), growth=st.floats(0.003, 0.1), fund0=st.floats(0, 2000))
def test_the_total_is_no_larger_than_the_forward_solve(
    squeeze: float, growth: float, fund0: float
) -> None:
    base = toy(n_years=15, squeeze=squeeze)
    econ = ToyEconomy(base.years, base.revenue, base.cost, fund0=fund0, interest_on_fund=0.03)
    best = _solve(econ, max_growth=growth)
    forward = greedy(
        econ, econ.years, econ.cost, _shares(15), max_growth=growth, tolerance_nok=1e-3
    )
    if forward.feasible:
        assert best.feasible
        assert best.total_nok <= forward.total_nok + 1e-6
        out = econ(best.savings_nok)
        assert all(out.kept[r.id].all() for r in out.rules)


def test_a_later_steeper_start_can_cost_less_than_the_forward_solve() -> None:
    """With a fund that earns nothing and a cap that binds, the forward solve raises the
    early years (back-filling) more than needed; the solve keeps the cheaper later start."""
    base = toy(n_years=15, squeeze=0.02)
    econ = ToyEconomy(base.years, base.revenue, base.cost, fund0=2500.0)
    best = _solve(econ, max_growth=0.02)
    forward = greedy(econ, econ.years, econ.cost, _shares(15), max_growth=0.02, tolerance_nok=1e-3)
    assert best.feasible and forward.feasible
    assert best.total_nok <= forward.total_nok + 1e-6
    assert np.all(np.diff(best.level_nok) >= -1e-9)
    assert np.all(best.increment_nok <= best.cap_nok + 1e-6)


# --------------------------------------------------------------------------- infeasible
def test_a_pace_too_slow_is_a_result_with_the_rule_the_year_and_the_gap() -> None:
    econ = toy(squeeze=0.05)
    path = _solve(econ, max_growth=0.0001)
    assert not path.feasible
    assert path.shortfall_nok.max() > 0
    year = min(path.short_of_cap)
    assert path.infeasible["ndr_pct"] <= year
    assert "ndr_pct from" in path.message() and "cannot be kept" in path.message()
    frame = path.path_frame()
    assert {"rules_not_kept", "shortfall_nok"} <= set(frame.columns)
    assert frame.shortfall_nok.max() > 0


def test_a_rule_no_saving_keeps_is_not_reported_as_kept() -> None:
    """A rule savings cannot move (a threshold out of reach) makes the path infeasible; it
    is not hidden as 'required savings 0, feasible'."""
    econ = toy()

    def impossible(savings: np.ndarray):
        out = econ(savings)
        value = np.zeros(len(econ.years))
        out.rules.append(ToyRule("impossible", 1.0))
        out.rule_values["impossible"] = value
        out.kept["impossible"] = value >= 1.0
        return out

    path = solve(impossible, econ.years, econ.cost, _shares(20), max_growth=0.05)
    assert not path.feasible
    assert path.unreachable and "impossible" in path.infeasible
    assert "impossible from 2017" in path.message()


def test_the_solve_stops_within_its_budget_of_runs() -> None:
    econ = toy(squeeze=0.05)
    path = _solve(econ, max_growth=0.001, max_evaluations=5)
    assert path.stopped == "no solution within 5 economy runs"
    assert not path.feasible and path.message().startswith("no solution")
    assert path.evaluations <= 5 + 2


def test_years_no_path_keeps_are_found_by_the_fastest_path_and_the_path_comes_closest() -> None:
    """Infeasibility is a test: the years the fastest path the cap allows breaks a rule are
    the years reported short of the cap, and up to the last of them the path saves as fast
    as it may (no search, no restarts, nothing the cap forbids)."""
    econ = toy(squeeze=0.05)
    growth = 0.001
    path = _solve(econ, max_growth=growth)
    n = len(econ.years)
    ceiling = 0.5 * float(np.abs(econ.cost).max())
    fastest = np.minimum(np.cumsum(growth * np.abs(econ.cost)), ceiling)
    out = econ(_shares(n) * fastest[None, :])
    broken = [t for t in range(n) if not all(out.kept[r.id][t] for r in out.rules)]
    assert broken, "the toy must break a rule even at the fastest pace"
    reported = {int(y) for y in {**path.short_of_cap, **path.unreachable}}
    assert reported == {int(econ.years[t]) for t in broken}
    last = broken[-1]
    np.testing.assert_allclose(path.level_nok[: last + 1], fastest[: last + 1])
    assert np.all(path.increment_nok <= path.cap_nok + 1e-9)
    assert not path.feasible and path.shortfall_nok[broken].min() > 0


def test_a_feasible_solve_is_not_changed_by_the_test_for_infeasible_years() -> None:
    """When the fastest path keeps every rule, the search runs as before: the smallest
    path, each year's increment within the cap, every rule kept."""
    econ = toy(squeeze=0.01)
    path = _solve(econ, max_growth=0.011)
    assert path.feasible and not path.short_of_cap and not path.unreachable
    assert uniform_cut_breaks(econ, path, factor=0.999)


def test_the_test_for_infeasible_years_counts_against_the_budget_of_runs() -> None:
    econ = toy(squeeze=0.05)
    for budget in (1, 2, 3):
        path = _solve(econ, max_growth=0.001, max_evaluations=budget)
        assert path.stopped == f"no solution within {budget} economy runs"
        assert not path.feasible

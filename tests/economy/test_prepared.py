"""The savings-independent part of a run done once (`prepare_run`), the services of many
population paths run at once (`with_populations`), the existing loans rolled in floats:
each gives what the plain run gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from handlingsrom.economy import EconomyInputs, EconomyResult, prepare_run, simulate
from handlingsrom.economy.balance import ExistingLoans, existing_schedule


def _savings(inputs: EconomyInputs, total: float) -> np.ndarray:
    S, Y = len(inputs.static.sectors), len(inputs.plan_years)
    return np.full((S, Y), total / S) * np.linspace(0.0, 1.0, Y)[None, :]


def test_a_prepared_run_adds_the_savings_and_forgets_them(
    default_inputs: EconomyInputs, default_result: EconomyResult
) -> None:
    run = prepare_run(default_inputs)
    sv = _savings(default_inputs, 4e8)
    with_savings = run.simulate(sv)
    # the extra savings are in the sector items and the restructuring key figure
    np.testing.assert_array_equal(with_savings.sector_items["extra_savings"], sv)
    np.testing.assert_allclose(
        with_savings.key_figures["restructuring"] - default_result.key_figures["restructuring"],
        sv.sum(axis=0),
        rtol=1e-12,
        atol=1e-3,
    )
    assert with_savings.at("net_operating_result", 2040) > default_result.at(
        "net_operating_result", 2040
    )
    # and a later run without savings is the plain run: nothing of the first stays
    again = run.simulate(None)
    for name, values in default_result.key_figures.items():
        np.testing.assert_array_equal(again.key_figures[name], values, err_msg=name)
    assert not again.sector_items["extra_savings"].any()


def test_services_of_stacked_paths_are_those_of_each_path_alone(
    default_inputs: EconomyInputs,
) -> None:
    base = default_inputs.population[1:]
    paths = np.stack([base * f for f in (0.97, 1.0, 1.04)])
    for pop, batched in zip(paths, default_inputs.with_populations(paths), strict=True):
        alone = default_inputs.with_population(pop)
        np.testing.assert_array_equal(batched.sector_cost, alone.sector_cost)
        np.testing.assert_array_equal(batched.population, alone.population)
        assert batched.capacity_invest is not None and alone.capacity_invest is not None
        np.testing.assert_array_equal(batched.capacity_invest, alone.capacity_invest)
        a, b = simulate(batched), simulate(alone)
        np.testing.assert_array_equal(a.key_figures["loan_debt"], b.key_figures["loan_debt"])


def test_existing_loans_in_floats_match_the_loans_as_arrays() -> None:
    """The plain-float schedule against the array methods it replaces in the loop (to the
    last bits: numpy's vectorised power may round an annuity differently from C's pow)."""
    loans = pd.DataFrame(
        {
            "balance_nok": [1e9, 5e8, 2e8],
            "years": [20.0, 10.0, 3.0],
            "rate_type": ["floating", "fixed", "floating"],
            "fixed_rate": [np.nan, 0.031, np.nan],
            "repayment": ["serial", "annuity", "annuity"],
        }
    )
    floating = np.linspace(0.01, 0.05, 12)
    interest, repayment, balance = existing_schedule(loans, floating)
    old = ExistingLoans.of(loans)
    for t in range(len(floating)):
        ie, re = old.service(float(floating[t]))
        np.testing.assert_allclose([interest[t], repayment[t]], [ie.sum(), re.sum()], rtol=1e-13)
        if t > 0:
            old.repay(re)
        np.testing.assert_allclose(balance[t], old.balance.sum(), rtol=1e-13, atol=1e-6)
    assert balance[-1] < balance[0] and (repayment >= 0).all()


def test_stacked_paths_are_checked_like_one(default_inputs: EconomyInputs) -> None:
    assert list(default_inputs.with_populations(np.zeros((0, 41, 2, 106)))) == []
    with pytest.raises(ValueError, match="population"):
        list(default_inputs.with_populations(np.zeros((2, 5, 2, 106))))
    with pytest.raises(ValueError, match="populations"):
        list(default_inputs.with_populations(default_inputs.population[1:]))

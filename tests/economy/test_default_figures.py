"""The default run starts from the 2016 accounts and reproduces the HP 2017–2020 headlines."""

from __future__ import annotations

import numpy as np
import pytest

from handlingsrom.dataset.model import Dataset
from handlingsrom.economy import EconomyInputs, EconomyResult, prepare, simulate
from handlingsrom.params import ParameterSet


def accounts(result: EconomyResult, inputs: EconomyInputs, name: str) -> float:
    """A modelled accounts-year (2016) figure in 2016 prices."""
    return result.accounts_year[name] / inputs.static.to_base_prices


def test_the_2016_accounts_reconcile_to_kostra(
    default_inputs: EconomyInputs, default_result: EconomyResult
) -> None:
    r, i = default_result, default_inputs
    # KOSTRA 2016, group accounts (NOK 1000 in the source)
    assert accounts(r, i, "operating_revenue") == pytest.approx(9_907_795e3, abs=1e3)
    assert accounts(r, i, "net_operating_result") == pytest.approx(852_935e3, abs=1e3)
    assert accounts(r, i, "tax_income_wealth") == pytest.approx(5_817_014e3, rel=1e-6)
    assert accounts(r, i, "income_equalisation") == pytest.approx(-1_425_967e3, rel=1e-6)
    # expenditure is not calibrated: services (net, by KOSTRA) + fees by sector + depreciation
    assert accounts(r, i, "operating_expenditure") == pytest.approx(9_156_793e3, abs=50e3)
    assert accounts(r, i, "net_operating_expenditure") == pytest.approx(6_746_826e3, abs=50e3)
    assert accounts(r, i, "loan_debt") == pytest.approx(6_400_163e3, abs=1e3)


def test_the_2016_accounts_agree_with_the_annual_report(
    default_inputs: EconomyInputs, default_result: EconomyResult
) -> None:
    r, i = default_result, default_inputs
    assert accounts(r, i, "buffer_fund") == pytest.approx(429e6)
    assert accounts(r, i, "liquidity_reserve") == pytest.approx(1185e6)
    assert accounts(r, i, "managed_fund_return") == pytest.approx(128e6)
    # the annual report's NDR (847 MNOK, 8.7 %) is the municipality proper; KOSTRA's 853 the
    # group: within 1 % and 0.1 percentage point
    assert accounts(r, i, "net_operating_result") == pytest.approx(847e6, rel=0.01)
    assert r.accounts_year["net_operating_result_pct"] == pytest.approx(8.7, abs=0.15)


def test_hp_2017_2020_headlines(
    default_inputs: EconomyInputs, default_result: EconomyResult
) -> None:
    r = default_result
    assert r.at("restructuring", 2017) == pytest.approx(118e6)
    assert r.at("restructuring", 2019) == pytest.approx(228e6)
    # the budget basis spends the programme as adopted: the published 7 800 MNOK
    budget = simulate(default_inputs, basis="budget")
    hp = range(2017, 2021)
    assert sum(budget.at("investment_expenditure", y) for y in hp) == pytest.approx(
        7_800e6, rel=0.001
    )
    assert sum(r.at("investment_planned", y) for y in hp) == pytest.approx(7_800e6, rel=0.001)
    # the expected outcome spends 68 % of what is available each year (2016: 1 063 of 1 559)
    kf = r.key_figures
    rate = default_inputs.static.params.value("economy.investment_execution_rate", 2017)
    available = kf["investment_planned"] + np.concatenate(
        [[496e6 * default_inputs.static.to_base_prices], kf["investment_carried_over"][:-1]]
    )
    np.testing.assert_allclose(kf["investment_expenditure"], rate * available, rtol=1e-9)
    # the operating frame: about NOK 9 000 million in 2017 (see docs/economy.md)
    assert r.at("operating_frame", 2017) == pytest.approx(9_000e6, rel=0.05)


def test_rules_are_checked_every_year(default_result: EconomyResult) -> None:
    frame = default_result.rules_frame()
    assert set(frame.rule) == {
        "resultatgrad",
        "ek_finansiering",
        "bufferfond",
        "likviditetsreserve",
    }
    assert frame.groupby("rule").year.count().eq(len(default_result.years)).all()
    ndr = default_result.key_figures["net_operating_result_pct"]
    assert np.array_equal(default_result.kept["resultatgrad"], ndr >= 4 - 1e-9)


def test_capacity_of_completed_projects_reaches_services(default_inputs: EconomyInputs) -> None:
    svc = default_inputs.services
    i = svc.services.index("institusjon")
    years = list(svc.years)
    # Lindelia (131 places, 2019) and the dementia village (158 places, 2020)
    added = svc.capacity[i, years.index(2021)] - svc.capacity[i, years.index(2019)]
    assert added == pytest.approx(131 + 158)


def test_compensation_rate_scales_the_demographic_growth(
    default_dataset: Dataset, default_inputs: EconomyInputs, default_result: EconomyResult
) -> None:
    half = ParameterSet(
        [default_dataset.parameters["economy.compensation_rate"].overridden({2017: 0.5})]
    )
    r = simulate(default_inputs, params=half)
    full = default_result.sector_items["demographic_compensation"]
    np.testing.assert_allclose(r.sector_items["demographic_compensation"], 0.5 * full)
    assert r.at("net_operating_result", 2030) > default_result.at("net_operating_result", 2030)


def test_with_population_matches_prepare(
    default_dataset: Dataset, default_inputs: EconomyInputs
) -> None:
    pop = default_inputs.population[1:] * 1.01
    a = simulate(default_inputs.with_population(pop))
    b = simulate(prepare(default_dataset, 2017, 2057, population=pop))
    np.testing.assert_allclose(a.key_figures["loan_debt"], b.key_figures["loan_debt"])
    assert a.at("tax_income_wealth", 2030) > simulate(default_inputs).at("tax_income_wealth", 2030)


def test_long_term_capacity_closes_the_gaps_and_is_paid_for(
    default_dataset: Dataset, default_inputs: EconomyInputs
) -> None:
    svc = default_inputs.services
    years = svc.years
    after = years >= 2021
    ps = default_dataset.parameters
    spent_places = 0.0
    assert default_inputs.capacity_places is not None
    assert default_inputs.capacity_invest is not None
    for service, built in default_inputs.capacity_places.items():
        i = svc.services.index(service)
        assert np.all(svc.gap[i, after] <= 1e-9), service
        assert built[0] == 0 and np.all(np.diff(built) >= 0)
        spent_places += built[-1] * ps.value(f"economy.capacity_cost_{service}", 2017)
    assert {"institusjon", "grunnskole", "barnehage"} <= set(default_inputs.capacity_places)
    # every place opened by the horizon was paid for, and nothing before 2021
    assert default_inputs.capacity_invest[years < 2021].sum() == 0
    assert default_inputs.capacity_invest.sum() == pytest.approx(spent_places)


def test_an_override_from_the_base_year_is_not_absorbed_by_the_calibration(
    default_dataset: Dataset, default_inputs: EconomyInputs, default_result: EconomyResult
) -> None:
    p = default_dataset.parameters["economy.innbyggertilskudd"]
    more = ParameterSet([p.overridden({2017: p.at(2017) + 1000.0})])
    r = simulate(default_inputs, params=more)
    before = default_result.at("innbyggertilskudd", 2017)
    assert r.at("innbyggertilskudd", 2017) == pytest.approx(
        before * (p.at(2017) + 1000) / p.at(2017)
    )
    assert before == pytest.approx(p.at(2017) * 124_008, rel=1e-3)  # × the nation's need growth
    gain = r.at("operating_revenue", 2017) - default_result.at("operating_revenue", 2017)
    assert gain == pytest.approx(r.at("innbyggertilskudd", 2017) - before)
    assert r.at("other_general_revenue", 2017) == pytest.approx(
        default_result.at("other_general_revenue", 2017)
    )

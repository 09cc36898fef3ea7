"""The scenarios layer on the default dataset and the real economy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlingsrom.dataset.model import Dataset
from handlingsrom.scenarios import (
    BASELINE,
    compare,
    cost_of_waiting_for,
    parse_scenario,
    required_savings,
    required_savings_for,
    rule_risk,
    run_chain,
    stress_tests,
    stress_tests_of,
)
from handlingsrom.scenarios.savings import check_monotone, uniform_cut_breaks
from tests.scenarios.helpers import END, raised_target

SCENARIO_DIR = (
    Path(__file__).parents[2] / "src" / "handlingsrom" / "datasets" / "baerum-2017" / "scenarios"
)


@pytest.fixture(scope="module")
def tight(default_dataset: Dataset):
    return raised_target(default_dataset, above_min=0.5)


def _ndr(run) -> np.ndarray:
    return np.asarray(run.economy.key_figures["net_operating_result"])


def test_empty_scenario_equals_baseline_exactly(default_dataset: Dataset) -> None:
    base = run_chain(default_dataset, end_year=END)
    empty = run_chain(default_dataset, parse_scenario('name = "empty"\n', "e.toml"), end_year=END)
    assert empty.dataset is default_dataset
    for k, v in base.economy.key_figures.items():
        assert np.array_equal(v, empty.economy.key_figures[k], equal_nan=True), k
    for k, v in base.economy.kept.items():
        assert np.array_equal(v, empty.economy.kept[k]), k


def test_chain_exposes_population_services_economy(default_dataset: Dataset) -> None:
    run = run_chain(default_dataset, end_year=END)
    assert run.years[0] == default_dataset.base_year and run.years[-1] == END
    assert run.population.population.shape[1:] == (2, 106)
    assert run.sector_cost().shape == (4, len(run.years))
    assert (run.frame_nok() > 0).all()


def test_results_stack_under_a_scenario_column(default_dataset: Dataset, tight) -> None:
    runs = [run_chain(default_dataset, sc, end_year=END) for sc in (BASELINE, tight)]
    kf = compare(runs, "key_figures")
    assert kf.columns[0] == "scenario"
    assert set(kf.scenario) == {"baseline", "tight"}
    single = runs[0].economy.key_figures_frame()
    assert len(kf) == 2 * len(single)
    rules = compare(runs, "rules")
    assert list(rules.columns[:3]) == ["scenario", "year", "rule"]


def test_required_path_keeps_every_rule_and_is_minimal(default_dataset: Dataset, tight) -> None:
    run = run_chain(default_dataset, tight, end_year=END)
    assert not all(v.all() for v in run.economy.kept.values())  # there is something to solve
    path = required_savings_for(run, max_growth=0.05)
    assert path.feasible
    out = run.simulate(path.savings_nok)
    for rid, kept in out.kept.items():
        assert kept.all(), rid
    assert path.level_nok.max() > 0
    assert uniform_cut_breaks(run.simulate, path, factor=0.99)
    assert np.all(path.increment_nok <= path.cap_nok + 1e-6)
    assert set(path.binding) - {""} <= {r.id for r in out.rules}
    frame = path.frame()
    assert list(frame.columns) == ["year", "sector", "savings_nok"]
    assert np.isclose(frame.savings_nok.sum(), path.level_nok.sum())


def test_protected_sector_gets_no_savings(default_dataset: Dataset, tight) -> None:
    run = run_chain(default_dataset, tight, end_year=END)
    path = required_savings_for(
        run, max_growth=0.05, allocation="protected", protected=["Barn og unge"]
    )
    assert path.savings_nok[0].max() == 0
    assert path.savings_nok[1:].sum() > 0


def test_rules_are_monotone_in_savings(default_dataset: Dataset, tight) -> None:
    """More savings never breaks a rule that held (the solver's assumption), for savings
    spread evenly, on one sector, or only from 2030, over 40 years, in the baseline, with a
    raised target and under the interest stress (equity financing included)."""
    rente = next(s for s in stress_tests_of(default_dataset) if s.name == "ldip-rente")
    levels = np.linspace(0, 3e9, 13)
    for sc in (BASELINE, tight, rente):
        run = run_chain(default_dataset, sc, end_year=default_dataset.base_year + 39)
        n = len(run.years)
        even = np.full((4, n), 0.25)
        one = np.vstack([np.zeros((3, n)), np.ones((1, n))])
        late = even * (run.years >= 2030)
        for shape in (even, one, late):
            assert check_monotone(run.simulate, shape, levels) == {}, sc.name


def test_waiting_never_costs_less_than_acting_now(default_dataset: Dataset) -> None:
    for end in (END, default_dataset.base_year + 39):
        run = run_chain(default_dataset, end_year=end)
        frame = cost_of_waiting_for(run, delays=range(11)).frame()
        assert list(frame.columns[:3]) == ["delay_years", "total_nok", "peak_nok"]
        assert (frame.total_nok >= frame.total_nok.iloc[0] - 1e-3).all()


def test_required_savings_by_dataset(default_dataset: Dataset, tight) -> None:
    path = required_savings(default_dataset, tight, end_year=END, max_growth=0.05)
    assert path.years[-1] == END and path.feasible


@settings(max_examples=8, deadline=None)
@given(add=st.floats(0.0, 0.05), start=st.integers(2018, 2030))
def test_higher_interest_never_improves_the_net_result(
    default_dataset: Dataset, add: float, start: int
) -> None:
    base = run_chain(default_dataset, end_year=END)
    text = (
        f'name = "r"\n[assumptions]\n"economy.interest_rate_floating" = '
        f"{{ add = {add!r}, from = {start} }}\n"
        f'"economy.interest_rate_fixed" = {{ add = {add!r}, from = {start} }}\n'
    )
    run = run_chain(default_dataset, parse_scenario(text, "r.toml"), end_year=END)
    assert np.all(_ndr(run) <= _ndr(base) + 1e-3)


def test_stress_directions(default_dataset: Dataset) -> None:
    result = stress_tests(default_dataset, end_year=END, with_savings=False)
    runs = {r.name: r for r in result.runs}
    base = runs["baseline"]
    years = base.economy.years
    names = [s.name for s in stress_tests_of(default_dataset)]
    assert set(runs) == {"baseline", *names}
    # interest +2 pp and a revenue shortfall never improve the net result
    assert np.all(_ndr(runs["ldip-rente"]) <= _ndr(base) + 1e-3)
    assert np.all(_ndr(runs["ldip-inntektssvikt"]) <= _ndr(base) + 1e-3)
    # ...and from 2018 make it strictly worse
    assert np.all(_ndr(runs["ldip-rente"])[years >= 2019] < _ndr(base)[years >= 2019])
    shortfall = runs["ldip-inntektssvikt"].economy.key_figures["free_revenue"]
    ratio = shortfall / base.economy.key_figures["free_revenue"]
    assert ratio[years == 2037].size == 0 or np.isclose(ratio[years == 2037], 0.96, atol=0.01)
    assert np.isclose(ratio[years == END][0], 1 - 0.04 * 19 / 20, atol=0.01)
    # more investment in the last ten years: more debt at the end
    debt = runs["ldip-investeringstakt"].economy.key_figures["loan_debt"]
    assert debt[-1] > base.economy.key_figures["loan_debt"][-1]
    # the earlier development area: more inhabitants from 2030
    pop = runs["ldip-avtjerna"].economy.key_figures["population"]
    base_pop = base.economy.key_figures["population"]
    assert np.all(pop[years >= 2031] > base_pop[years >= 2031])
    assert np.allclose(pop[years <= 2030], base_pop[years <= 2030])
    summary = result.summary_frame()
    assert list(summary.scenario) == ["baseline", *names]
    kf_frame = result.key_figures_frame()
    assert kf_frame.columns[0] == "scenario" and len(set(kf_frame.scenario)) == 5


def test_investment_stress_level_is_the_baseline_average(default_dataset: Dataset) -> None:
    """ldip-investeringstakt sets the level of 2027– to the baseline's 2017–2026 average per
    inhabitant; if the economy's investment data change, update the figure in the file."""
    base = run_chain(default_dataset, end_year=END)
    kf = base.economy.key_figures
    first_ten = (base.years >= 2017) & (base.years <= 2026)
    average = float((kf["investment_expenditure"] / kf["population"])[first_ten].mean())
    sc = next(s for s in stress_tests_of(default_dataset) if s.name == "ldip-investeringstakt")
    (op,) = sc.parameters
    assert op.amount == pytest.approx(average, rel=0.10)


def test_the_dataset_s_stress_tests_are_its_scenario_files(default_dataset: Dataset) -> None:
    files = {p.stem for p in SCENARIO_DIR.glob("*.toml")}
    tests = stress_tests_of(default_dataset)
    assert {sc.name for sc in tests} == files
    for sc in tests:
        assert sc.source == "baerum-hp-2017-2020/ldip_stress_tests.csv"
        assert sc.kind == "stress"


def test_rule_risk_probabilities(default_dataset: Dataset) -> None:
    a = rule_risk(default_dataset, n_paths=30, seed=7, end_year=END, batch_size=16)
    b = rule_risk(default_dataset, n_paths=30, seed=7, end_year=END, batch_size=16)
    c = rule_risk(default_dataset, n_paths=30, seed=8, end_year=END, batch_size=16)
    assert a.n_paths == 30
    frame = a.frame()
    assert list(frame.columns) == ["year", "rule", "probability"]
    assert frame.probability.between(0, 1).all()
    assert frame.equals(b.frame())  # same seed, same result
    fan = a.fan["net_operating_result_pct"]
    assert np.all(np.diff(fan, axis=0) >= -1e-9)  # quantiles ordered
    assert not np.allclose(fan, c.fan["net_operating_result_pct"])  # the seed matters
    assert fan[-1, -1] > fan[0, -1]  # there is spread
    # P(any rule broken) is at least P(each rule broken), year by year
    per_rule_max = np.maximum.reduce(list(a.probability.values()))
    assert (a.probability_any >= per_rule_max - 1e-12).all()
    assert (a.probability_any <= 1).all()


def test_rule_risk_follows_the_margin(default_dataset: Dataset) -> None:
    """With the resultatgrad target at the baseline's median result, paths break it mostly
    where the baseline is far below the target and seldom where it is far above."""
    sc = raised_target(default_dataset, name="median")
    base = run_chain(default_dataset, sc, end_year=END).economy
    rule = next(r for r in base.rules if r.id == "resultatgrad")
    margin = base.rule_values["resultatgrad"] - rule.threshold
    risk = rule_risk(default_dataset, n_paths=40, seed=1, scenario=sc, end_year=END)
    p = risk.probability["resultatgrad"]
    far_below, far_above = margin < -1.0, margin > 1.0
    if far_below.any():
        assert p[far_below].mean() > 0.5
    if far_above.any():
        assert p[far_above].mean() < 0.5
    assert far_below.any() or far_above.any()


def test_required_savings_lower_the_risk(default_dataset: Dataset, tight) -> None:
    run = run_chain(default_dataset, tight, end_year=END)
    path = required_savings_for(run, max_growth=0.05)
    kw = {"n_paths": 25, "seed": 5, "scenario": tight, "end_year": END}
    without = rule_risk(default_dataset, **kw)
    with_plan = rule_risk(default_dataset, savings_nok=path.savings_nok, **kw)
    p0, p1 = without.probability["resultatgrad"], with_plan.probability["resultatgrad"]
    assert np.all(p1 <= p0 + 1e-12)
    assert p1.sum() < p0.sum()
    assert with_plan.baseline_kept["resultatgrad"].all()


def test_the_docs_example_scenario_runs(default_dataset: Dataset) -> None:
    """The example file in docs/scenarios.md parses and applies to the default data."""
    doc = (Path(__file__).parents[2] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    text = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    sc = parse_scenario(text, "example.toml")
    run = run_chain(default_dataset, sc, end_year=END)
    measures = run.dataset.table("measures")
    assert "omst-2019" in set(measures.id) and "trygg" not in set(measures.id)
    inv = run.dataset.table("investments").set_index("id")
    assert inv.loc["lindelia", "completion_year"] == 2021
    assert run.params.value("demography.net_migration", 2030) == 1800


def test_economic_shocks_do_not_depend_on_the_horizon_or_the_path_count(
    default_dataset: Dataset,
) -> None:
    """The same seed gives the same interest and tax deviations in the years two runs share,
    and the first paths of a larger run equal a smaller run's."""
    from handlingsrom.scenarios.risk import economic_shocks

    params = default_dataset.parameters
    long_years = np.arange(2017, 2058)
    short_years = np.arange(2017, 2038)
    i_long, t_long = economic_shocks(params, long_years, 50, seed=11)
    i_short, t_short = economic_shocks(params, short_years, 20, seed=11)
    assert np.array_equal(i_long[:20, : len(short_years)], i_short)
    assert np.array_equal(t_long[:20, : len(short_years)], t_short)
    assert not np.array_equal(i_short, t_short)  # interest and tax have their own streams
    i_other, _ = economic_shocks(params, short_years, 20, seed=12)
    assert not np.array_equal(i_short, i_other)
    assert np.all(i_long[:, 0] == 0)  # the base year is known


def test_an_impossible_stress_is_reported_as_infeasible_not_as_free(
    default_dataset: Dataset,
) -> None:
    """Loan rates of 25 % from 2018 (inside the registry's bounds): no savings path within the
    pace limit keeps the rules. The result says which rule, from which year and the gap —
    never 'required savings 0' with every rule 'feasible'."""
    sc = parse_scenario(
        'name = "rates-25"\n[assumptions]\n'
        '"economy.interest_rate_floating" = { set = 0.25, from = 2018 }\n'
        '"economy.interest_rate_fixed" = { set = 0.25, from = 2018 }\n',
        "rates-25.toml",
    )
    run = run_chain(default_dataset, sc, end_year=2026)
    path = required_savings_for(run)
    assert not path.feasible
    first = path.infeasible
    assert "resultatgrad" in first and 2018 <= first["resultatgrad"] <= 2026
    assert path.shortfall_nok.sum() > 0
    assert f"resultatgrad from {first['resultatgrad']}" in path.message()
    frame = path.path_frame()
    assert frame.shortfall_nok.max() > 0 and (frame.rules_not_kept != "").any()
    wait = cost_of_waiting_for(run, delays=(0, 1))
    assert not wait.frame().feasible.any()
    status = wait.frame().status.tolist()
    assert status[0] in ("pace_too_slow", "unreachable")
    assert status[1] == "past_point_of_no_return"  # not solved again: no later start can
    assert "cannot be kept even when the cuts start now" in wait.message()

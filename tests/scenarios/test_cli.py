"""The commands `savings`, `stress`, `risk` and `compare`, run as a user would."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from handlingsrom.dataset.model import Dataset
from handlingsrom.scenarios import parse_scenario, run_chain
from tests.foundation.cli_helpers import run_cli
from tests.scenarios.helpers import raised_target


@pytest.fixture(scope="module")
def tight_file(default_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario file whose raised resultatgrad target binds within 20 years."""
    sc = raised_target(default_dataset, above_min=0.5)
    ((_, threshold),) = sc.tables[0].row
    path = tmp_path_factory.mktemp("sc") / "tight.toml"
    path.write_text(
        'name = "tight"\n[[decisions.rules.update]]\nwhere = { id = "resultatgrad" }\n'
        f"set = {{ threshold = {threshold!r} }}\n",
        encoding="utf-8",
    )
    return path


def test_savings_writes_path_and_waiting_curve(tmp_path: Path, tight_file: Path) -> None:
    sc = tight_file
    code, out, err = run_cli(
        [
            "savings",
            "--out",
            str(tmp_path / "o"),
            "--max-growth",
            "5",
            "--max-delay",
            "3",
            "--scenario",
            str(sc),
        ]
    )
    assert code == 0, err
    savings = pd.read_csv(tmp_path / "o" / "savings.csv")
    assert list(savings.columns) == ["year", "sector", "savings_nok"]
    assert savings.year.min() == 2017 and savings.year.max() == 2036
    assert savings.savings_nok.sum() > 0
    waiting = pd.read_csv(tmp_path / "o" / "cost_of_waiting.csv")
    assert list(waiting.columns[:3]) == ["delay_years", "total_nok", "peak_nok"]
    assert list(waiting.delay_years) == [0, 1, 2, 3]
    path = pd.read_csv(tmp_path / "o" / "savings_path.csv")
    assert "binding_rule" in path.columns
    assert "Required savings" in out


def test_savings_start_year_delays_the_cuts(tmp_path: Path, tight_file: Path) -> None:
    sc = tight_file
    code, _, err = run_cli(
        ["savings", "--out", str(tmp_path), "--start-year", "2020", "--scenario", str(sc)]
    )
    assert code == 0, err
    savings = pd.read_csv(tmp_path / "savings.csv")
    assert savings[savings.year < 2020].savings_nok.abs().sum() == 0


def test_stress_writes_tables_with_a_scenario_column(tmp_path: Path) -> None:
    code, out, err = run_cli(["stress", "--out", str(tmp_path), "--no-savings"])
    assert code == 0, err
    kf = pd.read_csv(tmp_path / "stress_key_figures.csv")
    rules = pd.read_csv(tmp_path / "stress_rules.csv")
    assert kf.columns[0] == "scenario" and rules.columns[0] == "scenario"
    assert set(kf.scenario) == {
        "baseline",
        "ldip-inntektssvikt",
        "ldip-rente",
        "ldip-investeringstakt",
        "ldip-avtjerna",
    }
    assert (tmp_path / "stress_summary.csv").exists()
    assert "ldip-rente" in out


def test_risk_writes_probabilities_and_quantiles(tmp_path: Path) -> None:
    code, _, err = run_cli(["risk", "--paths", "12", "--seed", "3", "--out", str(tmp_path)])
    assert code == 0, err
    risk = pd.read_csv(tmp_path / "rule_risk.csv")
    assert list(risk.columns) == ["year", "rule", "probability"]
    assert risk.probability.between(0, 1).all()
    q = pd.read_csv(tmp_path / "key_figure_quantiles.csv")
    assert {"net_operating_result_pct", "loan_debt_pct"} <= set(q.indicator)


def test_compare_stacks_scenarios(tmp_path: Path) -> None:
    a = tmp_path / "a.toml"
    a.write_text('name = "a"\n[assumptions]\n"economy.interest_rate_floating" = { add = 0.01 }\n')
    code, _, err = run_cli(["compare", str(a), f"{a}+{a}", "--out", str(tmp_path / "o")])
    assert code == 0, err
    for table in ("key_figures", "rules", "budget", "services", "population"):
        df = pd.read_csv(tmp_path / "o" / f"{table}.csv")
        assert df.columns[0] == "scenario"
        assert list(dict.fromkeys(df.scenario)) == ["baseline", "a", "a+a"], table


def test_bad_scenario_file_is_one_line_with_file_line_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[assumptions]\n"economy.interest_rate_floating" = "high"\n')
    code, _, err = run_cli(["compare", str(bad), "--out", str(tmp_path)])
    assert code == 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert f"{bad}:3:economy.interest_rate_floating: expected a number" in lines[0]


def test_unknown_parameter_in_scenario_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n\n[assumptions]\n"economy.interest" = { add = 0.01 }\n')
    code, _, err = run_cli(["savings", "--scenario", str(bad), "--out", str(tmp_path)])
    assert code == 1
    assert f"{bad}:4:economy.interest: expected a parameter of dataset baerum-2017" in err


def test_bad_options_fail_cleanly(tmp_path: Path) -> None:
    code, _, err = run_cli(["savings", "--out", str(tmp_path), "--allocation", "random"])
    assert code == 1 and "--allocation" in err
    code, _, err = run_cli(["savings", "--out", str(tmp_path), "--start-year", "1990"])
    assert code == 1 and "--start-year" in err
    code, _, err = run_cli(["risk", "--out", str(tmp_path), "--paths", "0"])
    assert code == 1 and "--paths" in err


def test_risk_with_the_savings_plan(tmp_path: Path, tight_file: Path) -> None:
    args = ["risk", "--paths", "8", "--scenario", str(tight_file), "--with-savings"]
    code, _, err = run_cli([*args, "--out", str(tmp_path)])
    assert code == 0, err
    assert pd.read_csv(tmp_path / "rule_risk.csv").probability.between(0, 1).all()


def test_risk_draws_fan_charts(tmp_path: Path) -> None:
    code, _, err = run_cli(["risk", "--paths", "6", "--charts", "--out", str(tmp_path)])
    assert code == 0, err
    for name in ("fan_net_operating_result_pct.png", "fan_loan_debt_pct.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_savings_for_one_rule_only(
    tmp_path: Path, tight_file: Path, default_dataset: Dataset
) -> None:
    args = ["savings", "--scenario", str(tight_file), "--max-delay", "0", "--max-growth", "5"]
    code, _, err = run_cli([*args, "--rule", "likviditetsreserve", "--out", str(tmp_path / "a")])
    assert code == 0, err
    # the raised result target is ignored: only the liquidity rule counts
    sc = parse_scenario(tight_file.read_text(encoding="utf-8"), "tight.toml")
    liquid = run_chain(default_dataset, sc, end_year=2036).economy.kept["likviditetsreserve"]
    total = pd.read_csv(tmp_path / "a" / "savings.csv").savings_nok.sum()
    assert (total == 0) == bool(liquid.all())
    code, _, err = run_cli([*args, "--rule", "resultatgrad", "--out", str(tmp_path / "b")])
    assert code == 0, err
    assert pd.read_csv(tmp_path / "b" / "savings.csv").savings_nok.sum() > 0
    code, _, err = run_cli([*args, "--rule", "nope", "--out", str(tmp_path / "c")])
    assert code == 1 and "--rule: expected one of" in err

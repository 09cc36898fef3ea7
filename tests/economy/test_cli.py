"""`handlingsrom economy` writes the three agreed tables; bad input is one line on stderr."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.foundation.cli_helpers import run_cli

REQUIRED = {
    "operating_revenue",
    "operating_expenditure",
    "gross_operating_result",
    "net_financial_expenses",
    "net_operating_result",
    "net_operating_result_pct",
    "restructuring",
    "investment_expenditure",
    "new_loans",
    "loan_debt",
    "loan_debt_pct",
    "equity_financing_pct",
    "buffer_fund",
    "liquidity_reserve",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("economy")
    code, stdout, stderr = run_cli(
        ["economy", "--base-year", "2017", "--to", "2057", "--out", str(folder)]
    )
    assert code == 0, stderr
    assert "wrote" in stdout
    return folder


def test_budget_csv(out: Path) -> None:
    budget = pd.read_csv(out / "budget.csv")
    assert list(budget.columns) == ["year", "sector", "item", "amount_nok"]
    assert budget.year.min() == 2017 and budget.year.max() == 2057
    assert {"Barn og unge", "Bistand og omsorg", "Sentrale poster"} <= set(budget.sector)


def test_key_figures_csv(out: Path) -> None:
    key = pd.read_csv(out / "key_figures.csv")
    assert list(key.columns) == ["year", "indicator", "value", "unit"]
    assert set(key.indicator) >= REQUIRED
    units = key.drop_duplicates("indicator").set_index("indicator").unit
    assert units["net_operating_result_pct"] == "percent"
    assert units["loan_debt"] == "NOK"
    assert key.groupby("indicator").year.count().eq(41).all()


def test_rules_csv(out: Path) -> None:
    rules = pd.read_csv(out / "rules.csv")
    assert list(rules.columns) == ["year", "rule", "value", "threshold", "kept"]
    assert len(rules) == 4 * 41
    assert rules.kept.dtype == bool


def test_reconciliation_csv(out: Path) -> None:
    rec = pd.read_csv(out / "reconciliation.csv").set_index("indicator")
    assert abs(rec.loc["operating_expenditure", "difference_nok"]) < 50e3
    assert rec.loc["operating_revenue", "accounts_nok"] == 9_907_795_000


def test_current_prices_are_larger_later(tmp_path: Path, out: Path) -> None:
    code, _, err = run_cli(
        ["economy", "--to", "2020", "--prices", "current", "--out", str(tmp_path)]
    )
    assert code == 0, err
    cur = pd.read_csv(tmp_path / "key_figures.csv").set_index(["year", "indicator"]).value
    fix = pd.read_csv(out / "key_figures.csv").set_index(["year", "indicator"]).value
    assert cur[(2017, "operating_revenue")] == pytest.approx(fix[(2017, "operating_revenue")])
    assert cur[(2020, "operating_revenue")] > fix[(2020, "operating_revenue")] * 1.05
    assert cur[(2020, "net_operating_result_pct")] == pytest.approx(
        fix[(2020, "net_operating_result_pct")], abs=0.2
    )


def test_bad_prices_is_one_line(tmp_path: Path) -> None:
    code, _, err = run_cli(
        ["economy", "--to", "2020", "--prices", "nominal", "--out", str(tmp_path)]
    )
    assert code == 1
    assert err.strip().splitlines() == [
        "error: --prices: expected fixed or current, found 'nominal'"
    ]


def test_a_dataset_without_economy_tables_is_one_line(tmp_path: Path) -> None:
    import shutil

    from handlingsrom.dataset import io as dataset_io

    data = tmp_path / "ds"
    shutil.copytree(dataset_io.resolve(), data)
    (data / "loans.csv").unlink()
    code, _, err = run_cli(["economy", "--data", str(data), "--to", "2020", "--out", str(tmp_path)])
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0] == (
        "loans.csv:-:-: expected a file loans.csv (the economy needs it with budget.csv), "
        "found no such file"
    )
    assert lines[1].startswith("error: dataset ") and lines[1].endswith(
        "has 1 problem; first: " + lines[0]
    )


def test_a_scenario_file_changes_the_run(tmp_path: Path, out: Path) -> None:
    scenario = tmp_path / "half.toml"
    scenario.write_text(
        'name = "half"\n[assumptions]\n"economy.compensation_rate" = {2017 = 0.5}\n',
        encoding="utf-8",
    )
    code, _, err = run_cli(
        ["economy", "--to", "2057", "--scenario", str(scenario), "--out", str(tmp_path / "o")]
    )
    assert code == 0, err
    half = pd.read_csv(tmp_path / "o" / "key_figures.csv").set_index(["year", "indicator"]).value
    base = pd.read_csv(out / "key_figures.csv").set_index(["year", "indicator"]).value
    key = (2037, "net_operating_expenditure")
    assert half[key] < base[key]
    assert half[(2037, "net_operating_result")] > base[(2037, "net_operating_result")]

"""The CLI contract of `handlingsrom project` and `handlingsrom backtest`."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from tests.foundation.cli_helpers import run_cli


def test_project_deterministic_contract(tmp_path: Path):
    out = tmp_path / "p.csv"
    code, _, err = run_cli(["project", "--base-year", "2017", "--to", "2057", "--out", str(out)])
    assert code == 0, err
    df = pd.read_csv(out)
    assert list(df.columns) == ["year", "age", "sex", "population"]
    assert sorted(df.year.unique()) == list(range(2017, 2058))
    assert sorted(df.age.unique()) == list(range(106))
    assert set(df.sex) == {"female", "male"}
    assert df[df.year == 2017].population.sum() == 124008
    assert (df.population >= 0).all()


def test_project_stdout_and_overrides():
    code, out, _ = run_cli(["project", "--to", "2027", "--net-migration", "0", "--tfr", "1.6"])
    assert code == 0
    low = pd.read_csv(io.StringIO(out))
    code, out, _ = run_cli(["project", "--to", "2027"])
    base = pd.read_csv(io.StringIO(out))
    assert low[low.year == 2027].population.sum() < base[base.year == 2027].population.sum()


def test_project_scenario_file(tmp_path: Path):
    sc = tmp_path / "s.toml"
    sc.write_text(
        '[assumptions]\n"demography.net_migration" = {2017 = 0}\n'
        '"economy.wage_growth" = {2017 = 0.03}\n',
        encoding="utf-8",
    )
    code, a, _ = run_cli(["project", "--to", "2025", "--scenario", str(sc)])
    assert code == 0
    code, b, _ = run_cli(["project", "--to", "2025", "--net-migration", "0"])
    assert a == b
    bad = tmp_path / "bad.toml"
    bad.write_text('[assumptions]\n"demography.tfr" = {2017 = "high"}\n', encoding="utf-8")
    code, _, err = run_cli(["project", "--scenario", str(bad)])
    assert code == 1 and "expected a number" in err and "Traceback" not in err


def test_project_stochastic_contract(tmp_path: Path):
    out, groups = tmp_path / "q.csv", tmp_path / "g.csv"
    args = ["project", "--to", "2030", "--paths", "200", "--seed", "7"]
    args += ["--quantiles", "0.1,0.5,0.9", "--out", str(out), "--groups-out", str(groups)]
    code, _, err = run_cli([*args, "--prob", "6-15>18000@2030"])
    assert code == 0, err
    df = pd.read_csv(out)
    assert list(df.columns) == ["year", "age", "sex", "quantile", "population"]
    assert sorted(df.year.unique()) == list(range(2017, 2031))
    assert sorted(df["quantile"].unique()) == [0.1, 0.5, 0.9]
    assert len(df) == 14 * 3 * 2 * 106
    g = pd.read_csv(groups)
    assert set(g.group) >= {"6-15", "total"}
    assert "P(aged 6-15 in 2030 > 18000) = " in err
    first = out.read_text()
    code, _, _ = run_cli(args)
    assert out.read_text() == first


def test_project_earlier_base_year():
    code, out, _ = run_cli(["project", "--base-year", "2010", "--to", "2012"])
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    assert sorted(df.year.unique()) == [2010, 2011, 2012]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["project", "--set", "demography.nonsense=1"], "unknown population parameter"),
        (["project", "--quantiles", "0.5,2", "--paths", "5"], "--quantiles"),
        (["project", "--paths", "5", "--prob", "kids>3"], "--prob"),
        (["project", "--base-year", "2005"], "earlier year"),
        (["backtest", "--base-year", "2010", "--to", "2030"], "only up to 2017"),
    ],
)
def test_errors_are_one_line(args, message):
    code, _, err = run_cli(args)
    assert code == 1
    assert message in err and "Traceback" not in err


def test_backtest_command(tmp_path: Path):
    out = tmp_path / "bt.csv"
    code, text, err = run_cli(
        ["backtest", "--base-year", "2010", "--to", "2017", "--out", str(out)]
    )
    assert code == 0, err
    assert "MAPE" in text and "hamilton-perry" in text and "90+" in text
    df = pd.read_csv(out)
    assert list(df.columns) == ["year", "group", "method", "observed", "projected", "error_pct"]

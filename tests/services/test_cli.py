"""`handlingsrom services` on the default data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import project_dataset
from handlingsrom.services import run_services
from tests.foundation.cli_helpers import run_cli


def test_services_writes_the_agreed_columns(tmp_path: Path, default_dataset: Dataset) -> None:
    out = tmp_path / "s.csv"
    code, stdout, stderr = run_cli(
        ["services", "--base-year", "2017", "--to", "2027", "--out", str(out)]
    )
    assert code == 0, stderr
    df = pd.read_csv(out)
    assert list(df.columns) == ["year", "service", "users", "cost_nok", "fte", "capacity", "gap"]
    assert df.year.min() == 2017 and df.year.max() == 2027
    projection = project_dataset(default_dataset, base_year=2017, end_year=2027)
    result = run_services(default_dataset, projection.population, projection.years)
    total = df.groupby("year").cost_nok.sum().to_numpy()
    np.testing.assert_allclose(total, result.total_cost(), atol=len(result.services))
    assert "wrote" in stdout and "2016 prices" in stdout


def test_pressure_and_staff_outputs(tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    code, _, stderr = run_cli(["services", "--to", "2030", "--pressure", "--out", str(out)])
    assert code == 0, stderr
    df = pd.read_csv(out)
    assert list(df.columns) == ["year", "service", "sector", "pressure_nok"]
    assert (df[df.year == 2017].pressure_nok == 0).all()
    out2 = tmp_path / "staff.csv"
    code, _, stderr = run_cli(["services", "--to", "2030", "--staff", "--out", str(out2)])
    assert code == 0, stderr
    staff = pd.read_csv(out2)
    assert "working_age_per_fte" in staff.columns and len(staff) == 14


def test_bad_options_give_one_line_and_exit_1(tmp_path: Path) -> None:
    code, _, stderr = run_cli(["services", "--to", "2000", "--out", str(tmp_path / "x.csv")])
    assert code == 1
    assert stderr.strip().splitlines() == [
        "error: --to: expected a year after the base year 2017, found 2000"
    ]
    assert not (tmp_path / "x.csv").exists()


def test_catalogue_and_investments(tmp_path: Path, default_dataset: Dataset) -> None:
    out = tmp_path / "c.csv"
    code, _, stderr = run_cli(["services", "--catalogue", "--out", str(out)])
    assert code == 0, stderr
    cat = pd.read_csv(out)
    assert cat.net_cost_nok.sum() == default_dataset.table("services").net_cost_nok.sum()
    # Cost per user is written in whole NOK, users to a tenth.
    error = (cat.net_cost_per_user_nok * cat.users - cat.net_cost_nok).abs()
    assert (error <= 0.5 * cat.users + 0.05 * cat.net_cost_per_user_nok.abs() + 1).all()
    plain, with_inv = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run_cli(["services", "--to", "2025", "--out", str(plain)])[0] == 0
    code, _, stderr = run_cli(["services", "--to", "2025", "--investments", "--out", str(with_inv)])
    assert code == 0, stderr
    a, b = pd.read_csv(plain), pd.read_csv(with_inv)
    assert list(a.year.unique()) == list(b.year.unique())
    kg_a = a[a.service == "barnehage"].set_index("year").capacity
    kg_b = b[b.service == "barnehage"].set_index("year").capacity
    assert (kg_b >= kg_a).all() and (kg_b > kg_a).any()  # HP kindergartens add places
    pressure = tmp_path / "p.csv"
    args = ["services", "--to", "2025", "--investments", "--pressure", "--out", str(pressure)]
    assert run_cli(args)[0] == 0
    p = pd.read_csv(pressure)
    assert (p[p.year == 2017].pressure_nok == 0).all() and (p[p.year == 2018].pressure_nok).any()


def test_scenario_levers(tmp_path: Path) -> None:
    scenario = tmp_path / "care.toml"
    scenario.write_text(
        'name = "care"\n[decisions]\n'
        '"services.hjemmetjenester.coverage_change" = {set = 0.05, from = 2020}\n',
        encoding="utf-8",
    )
    plain, lever = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run_cli(["services", "--to", "2022", "--out", str(plain)])[0] == 0
    code, _, stderr = run_cli(
        ["services", "--to", "2022", "--scenario", str(scenario), "--out", str(lever)]
    )
    assert code == 0, stderr
    a = pd.read_csv(plain).set_index(["year", "service"]).users
    b = pd.read_csv(lever).set_index(["year", "service"]).users
    hc = "hjemmetjenester"
    assert b[(2019, hc)] == a[(2019, hc)]
    assert b[(2021, hc)] == pytest.approx(1.05 * a[(2021, hc)], abs=0.11)
    assert b[(2021, "barnehage")] == a[(2021, "barnehage")]


def test_bands_output(tmp_path: Path) -> None:
    out, plain = tmp_path / "bands.csv", tmp_path / "plain.csv"
    code, _, stderr = run_cli(["services", "--to", "2022", "--bands", "--out", str(out)])
    assert code == 0, stderr
    assert run_cli(["services", "--to", "2022", "--out", str(plain)])[0] == 0
    bands = pd.read_csv(out)
    assert list(bands.columns) == ["year", "service", "band", "users", "cost_nok", "pressure_nok"]
    services = pd.read_csv(plain).set_index(["year", "service"])
    summed = bands.groupby(["year", "service"]).cost_nok.sum()
    # Whole NOK per band: the sum is within a krone per band of the service's cost.
    diff = (summed - services.cost_nok.loc[summed.index]).abs()
    assert diff.max() <= 4
    code, _, stderr = run_cli(["services", "--bands", "--staff", "--out", str(out)])
    assert code == 1 and "at most one of" in stderr

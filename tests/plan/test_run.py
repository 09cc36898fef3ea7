"""One plan run for any municipality: a fictitious one end to end, errors that stop the run,
scenario overrides of any declared parameter, and the same result in one or two processes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from handlingsrom.dataset import io as dataset_io
from handlingsrom.dataset.model import Dataset
from handlingsrom.errors import DatasetError
from handlingsrom.plan import PlanOptions, check_dataset, run_plan
from handlingsrom.scenarios import ScenarioFileError, parse_scenario
from handlingsrom.services import catalogue
from tests.foundation.cli_helpers import run_cli
from tests.plan.tiny import make_tiny_dataset

SRC = Path(__file__).parents[2] / "src" / "handlingsrom"
FAST = ["--paths", "0", "--risk-paths", "10", "--end-year", "2030", "--quiet"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tiny_dataset(tmp_path_factory.mktemp("tiny") / "smavik")


def copy_default(dest: Path) -> Path:
    shutil.copytree(dataset_io.resolve(), dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_fictitious_municipality_runs_end_to_end_through_the_cli(
    tiny: Path, tmp_path: Path
) -> None:
    code, out, err = run_cli(["validate", str(tiny)])
    assert code == 0, err
    assert "valid" in out
    report = tmp_path / "out"
    code, out, err = run_cli(["run", "--data", str(tiny), "--out", str(report), *FAST])
    assert code == 0, err
    assert "Småvik" in out
    page = (report / "index.html").read_text(encoding="utf-8")
    for name in ("Oppvekst", "Helse og omsorg", "Samfunn og fellestjenester"):
        assert name in page
    assert "datasettet definerer ingen stresstester" in page
    for other in ("Barn og unge", "Bistand og omsorg", "LDIP", "ldip", "Bærum"):
        assert other not in page, other
    record = json.loads((report / "run.json").read_text(encoding="utf-8"))
    assert record["not_computed"] == {
        "uncertainty": "no_population_paths",
        "stress": "no_stress_tests",
    }
    assert record["dataset"]["municipality"] == "Småvik"


def test_the_tiny_municipality_s_frames_start_from_its_accounts(tiny: Path) -> None:
    """A sector without services keeps its accounts frame; the sectors add up."""
    ds = dataset_io.load_folder(tiny)
    plan = run_plan(ds, options=PlanOptions(end_year=2020, stages=frozenset({"economy"})))
    assert plan.economy is not None
    budget = plan.budget_frame()
    net = budget[(budget.item == "net_operating_expenditure") & (budget.year == 2017)]
    by_sector = dict(zip(net.sector, net.amount_nok, strict=True))
    assert set(by_sector) == {"Oppvekst", "Helse og omsorg", "Samfunn"}
    deflator = 1 + 0.6 * 0.027 + 0.4 * 0.02  # accounts year (2016) to base-year prices
    assert by_sector["Samfunn"] == pytest.approx(15e6 * deflator, rel=1e-9)
    total = plan.economy.at("net_operating_expenditure", 2017)
    assert sum(by_sector.values()) == pytest.approx(total, rel=1e-12)
    assert budget.attrs["price_basis"] == "fixed 2017"


def test_a_typo_in_a_rule_stops_validate_and_run_with_its_position(tmp_path: Path) -> None:
    data = copy_default(tmp_path / "ds")
    replace_in(data / "rules.csv", "net_operating_result_pct", "net_operating_result_pc")
    code, _, err = run_cli(["validate", str(data)])
    assert code == 1
    assert "rules.csv:2:indicator: expected a key figure" in err
    assert "net_operating_result_pct" in err  # the nearest key figure is suggested
    out = tmp_path / "out"
    code, _, err = run_cli(["run", "--data", str(data), "--out", str(out), *FAST])
    assert code == 1
    assert "rules.csv:2:indicator:" in err
    assert not out.exists()
    assert not list(tmp_path.glob(".out*"))


def test_a_rule_whose_unit_is_not_its_indicator_s_is_an_error(tmp_path: Path) -> None:
    data = copy_default(tmp_path / "ds")
    replace_in(
        data / "rules.csv",
        "net_operating_result_pct,>=,4.0,percent",
        "net_operating_result_pct,>=,4.0,NOK",
    )
    found = check_dataset(dataset_io.load_folder(data))
    assert [str(p) for p in found.problems] == [
        "rules.csv:2:unit: expected the unit of net_operating_result_pct (percent) for rule "
        "resultatgrad, found 'NOK'"
    ]
    with pytest.raises(DatasetError):
        run_plan(dataset_io.load_folder(data))


def test_an_undeclared_parameter_in_a_dataset_is_named_with_a_suggestion(tmp_path: Path) -> None:
    data = copy_default(tmp_path / "ds")
    replace_in(data / "parameters" / "economy.yaml", "\nwage_growth:", "\nwage_grwoth:")
    found = check_dataset(dataset_io.load_folder(data))
    text = [str(p) for p in found.problems]
    assert any(
        re.match(
            r"parameters/economy\.yaml:\d+:economy\.wage_grwoth: expected a declared "
            r"parameter \(did you mean economy\.wage_growth\?\)",
            t,
        )
        for t in text
    ), text
    assert any("economy.wage_growth: expected a value for economy.wage_growth" in t for t in text)


def test_a_parameter_out_of_bounds_in_a_dataset_is_an_error(tmp_path: Path) -> None:
    data = copy_default(tmp_path / "ds")
    yaml = data / "parameters" / "economy.yaml"
    text = yaml.read_text(encoding="utf-8")
    start = text.index("\ninterest_rate_floating:")
    head, tail = text[:start], text[start:]
    tail = tail.replace("value: 0.017", "value: 5.0", 1)
    yaml.write_text(head + tail, encoding="utf-8")
    found = check_dataset(dataset_io.load_folder(data))
    assert any(
        "economy.interest_rate_floating.values.2016: expected a value from -0.05 to 0.3 "
        "(fraction), found 5" in str(p)
        for p in found.problems
    ), found.problems


@pytest.mark.parametrize("which", ["tiny", "default"])
def test_every_service_s_efficiency_can_be_set_by_a_scenario(
    which: str, tiny: Path, default_dataset: Dataset
) -> None:
    ds = dataset_io.load_folder(tiny) if which == "tiny" else default_dataset
    ids = catalogue(ds).ids
    text = 'name = "eff"\n[decisions]\n' + "".join(
        f'"services.{sid}.efficiency" = {{ set = 0.01, from = 2018 }}\n' for sid in ids
    )
    options = PlanOptions(end_year=2030, stages=frozenset({"services"}))
    base = run_plan(ds, options=options)
    eff = run_plan(ds, parse_scenario(text, "eff.toml"), options)
    assert base.services is not None and eff.services is not None
    ratio = eff.services.cost_nok[:, -1] / base.services.cost_nok[:, -1]
    assert np.all((ratio < 0.92) | (base.services.cost_nok[:, -1] == 0)), ratio


def test_a_scenario_value_out_of_bounds_is_an_error(default_dataset: Dataset) -> None:
    text = 'name = "x"\n[assumptions]\n"economy.interest_rate_floating" = { set = 4 }\n'
    with pytest.raises(ScenarioFileError) as e:
        run_plan(default_dataset, parse_scenario(text, "x.toml"))
    assert str(e.value.problems[0]).startswith(
        "x.toml:3:economy.interest_rate_floating: expected a value from -0.05 to 0.3 (fraction)"
    )


def test_a_renamed_sector_and_no_stress_tests_is_another_municipality(tmp_path: Path) -> None:
    data = copy_default(tmp_path / "ds")
    for path in data.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".toml", ".yaml"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("Barn og unge", "Oppvekst"), encoding="utf-8")
    for path in (data / "scenarios").glob("ldip-*.toml"):
        path.unlink()
    code, _, err = run_cli(["validate", str(data)])
    assert code == 0, err
    out = tmp_path / "out"
    code, _, err = run_cli(["run", "--data", str(data), "--out", str(out), *FAST])
    assert code == 0, err
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Oppvekst" in page
    assert "Barn og unge" not in page
    assert "LDIP" not in page and "ldip" not in page


def test_one_or_two_processes_give_the_same_plan(default_dataset: Dataset) -> None:
    kw = {"population_paths": 0, "risk_paths": 6, "end_year": 2030, "seed": 3}
    one = run_plan(default_dataset, options=PlanOptions(workers=1, **kw))
    two = run_plan(default_dataset, options=PlanOptions(workers=2, **kw))
    assert one.skipped == two.skipped == {"uncertainty": "no_population_paths"}
    assert one.stress is not None and two.stress is not None
    assert one.stress.summary_frame().equals(two.stress.summary_frame())
    assert one.risk is not None and two.risk is not None
    for rid, p in one.risk.probability.items():
        assert np.array_equal(p, two.risk.probability[rid])
    assert "stress" in two.timings and "risk" in two.timings


def test_no_municipality_is_written_into_the_code() -> None:
    """The municipality is data: no name of the default's municipality, sectors,
    initiatives or stress tests in the package's Python code."""
    words = (
        "bærum", "baerum", "ldip", "barn og unge", "bistand og omsorg", "miljø, idrett",
        "organisasjon, styring", "sentrale poster", "avtjerna", "fornebu", "klimaklok",
    )  # fmt: skip
    found = [
        f"{path.relative_to(SRC)}:{n}: {word}"
        for path in SRC.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for word in words
        if word in line.lower()
    ]
    assert found == []

"""`handlingsrom run` as a user calls it."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

from tests.foundation.cli_helpers import run_cli


def test_run_writes_the_report_and_prints_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "result"
    code, stdout, stderr = run_cli(
        ["run", "--out", str(out), "--paths", "20", "--risk-paths", "5", "--quiet"]
    )
    assert code == 0, stderr
    assert (out / "index.html").is_file()
    assert "Innbyggere 2017: 124\u202f008" in stdout
    assert str((out / "index.html").absolute()) in stdout
    assert "Ferdig på" in stdout and "Done in" not in stdout  # the summary speaks bokmål
    record = json.loads((out / "run.json").read_text("utf-8"))
    assert record["command"][:2] == ["handlingsrom", "run"]
    assert record["stochastic"]["population_paths"] == 20


def test_run_in_english(tmp_path: Path) -> None:
    out = tmp_path / "en"
    code, stdout, stderr = run_cli(
        [
            "run",
            "--out",
            str(out),
            "--lang",
            "en",
            "--paths",
            "0",
            "--risk-paths",
            "0",
            "--end-year",
            "2030",
        ]
    )
    assert code == 0, stderr
    assert "Residents 2017: 124,008" in stdout
    assert "Done in" in stdout
    page = (out / "index.html").read_text("utf-8")
    assert '<html lang="en">' in page
    assert "Action programme 2017–2020 and long-term analysis to 2030" in page
    record = json.loads((out / "run.json").read_text("utf-8"))
    assert record["years"] == [2017, 2030]
    assert record["not_computed"] == {"uncertainty": "no_population_paths", "risk": "no_risk_paths"}


def test_bad_options_give_one_line_and_no_output(tmp_path: Path) -> None:
    out = tmp_path / "x"
    code, _, stderr = run_cli(["run", "--out", str(out), "--lang", "de"])
    assert code == 1
    assert stderr.strip() == "error: --lang: expected nb or en, found 'de'"
    assert not out.exists()

    code, _, stderr = run_cli(["run", "--out", str(out), "--scenario", str(tmp_path / "no.toml")])
    assert code == 1 and "no such scenario file" in stderr
    assert "Traceback" not in stderr

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    code, _, stderr = run_cli(["run", "--out", str(mine), "--paths", "0"])
    assert code == 1 and "not a Handlingsrom output" in stderr
    assert (mine / "notes.txt").read_text() == "keep"


def test_bad_dataset_names_file_row_and_field(tmp_path: Path) -> None:
    code, _, stderr = run_cli(
        ["run", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]
    )
    assert code == 1
    assert "no such dataset folder" in stderr


def test_a_dataset_without_economy_inputs_still_gets_its_report(tmp_path: Path) -> None:
    """The layers the dataset has are reported; the missing ones are named, not invented."""
    from handlingsrom.dataset import io as dataset_io

    data = tmp_path / "pop-only"
    shutil.copytree(dataset_io.resolve(), data)
    for name in ("budget.csv", "measures.csv", "investments.csv", "loans.csv", "rules.csv"):
        (data / name).unlink(missing_ok=True)
    (data / "parameters" / "economy.yaml").unlink(missing_ok=True)
    shutil.rmtree(data / "scenarios", ignore_errors=True)
    out = tmp_path / "out"
    code, _stdout, stderr = run_cli(
        ["run", "--data", str(data), "--out", str(out), "--paths", "0", "--quiet"]
    )
    assert code == 0, stderr
    record = json.loads((out / "run.json").read_text("utf-8"))
    assert record["not_computed"]["economy"] == "no_economy_tables"
    assert set(record["not_computed"]) == {
        "uncertainty",
        "economy",
        "savings",
        "waiting",
        "stress",
        "risk",
    }
    page = (out / "index.html").read_text("utf-8")
    assert "Ikke beregnet: datasettet har ingen økonomitabeller" in page
    assert (out / "tables" / "services_summary.csv").is_file()
    assert not (out / "tables" / "hp_rules.csv").exists()


def _ndr(out: Path, year: int) -> float:
    with (out / "tables" / "key_figures.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["year"] == str(year) and row["indicator"] == "net_operating_result_pct":
                return float(row["value"])
    raise AssertionError(f"no net operating result for {year}")


def test_scenario_files_change_the_run_and_are_recorded(tmp_path: Path) -> None:
    from handlingsrom.dataset import io as dataset_io

    scenario = dataset_io.resolve() / "scenarios" / "ldip-rente.toml"
    fast = ["--paths", "0", "--risk-paths", "0", "--end-year", "2030", "--quiet"]
    base, higher = tmp_path / "base", tmp_path / "rente"
    assert run_cli(["run", "--out", str(base), *fast])[0] == 0
    code, _, stderr = run_cli(["run", "--out", str(higher), "--scenario", str(scenario), *fast])
    assert code == 0, stderr
    record = json.loads((higher / "run.json").read_text("utf-8"))
    assert record["scenario_files"] == [
        {
            "name": "ldip-rente.toml",
            "path": str(scenario),
            "sha256": hashlib.sha256(scenario.read_bytes()).hexdigest(),
        }
    ]
    assert record["scenario"]["name"] == "ldip-rente"
    assert "ldip-rente.toml" in (higher / "index.html").read_text("utf-8")
    # Interest 2 points higher from 2018: a lower net operating result by 2020.
    assert _ndr(higher, 2020) < _ndr(base, 2020) - 0.1


def test_a_bad_scenario_file_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[assumptions]\n"economy.no_such_thing" = 1.0\n', "utf-8")
    out = tmp_path / "out"
    code, _, stderr = run_cli(["run", "--out", str(out), "--scenario", str(bad), "--quiet"])
    assert code == 1
    assert "bad.toml" in stderr and "Traceback" not in stderr
    assert not out.exists()


def test_every_stage_has_a_norwegian_progress_label() -> None:
    from handlingsrom.cli.run import STAGE_NAMES_NB
    from handlingsrom.report.produce import ALL_STAGES

    assert set(STAGE_NAMES_NB) == {stage for stage, _ in ALL_STAGES}

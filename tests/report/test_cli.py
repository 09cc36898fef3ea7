"""`handlingsrom run` as a user calls it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.foundation.cli_helpers import run_cli


def test_run_writes_the_report_and_prints_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "result"
    code, stdout, stderr = run_cli(["run", "--out", str(out), "--paths", "20", "--quiet"])
    assert code == 0, stderr
    assert (out / "index.html").is_file()
    assert "Innbyggere 2017: 124\u202f008" in stdout
    assert str((out / "index.html").absolute()) in stdout
    record = json.loads((out / "run.json").read_text("utf-8"))
    assert record["command"][:2] == ["handlingsrom", "run"]
    assert record["stochastic"]["population_paths"] == 20


def test_run_in_english(tmp_path: Path) -> None:
    out = tmp_path / "en"
    code, stdout, stderr = run_cli(["run", "--out", str(out), "--lang", "en", "--paths", "0"])
    assert code == 0, stderr
    assert "Residents 2017: 124,008" in stdout
    assert '<html lang="en">' in (out / "index.html").read_text("utf-8")


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

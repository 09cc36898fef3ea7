"""Exit codes a script can trust: 0 success, 1 a data or model error, 2 a usage error (one
line, with "did you mean"), 3 a bug; outputs that cannot be written fail before any work;
one name for the horizon (--end-year), the old spellings still accepted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from handlingsrom import __version__
from tests.foundation.cli_helpers import run_cli


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["run", "--paths", "-1"], ["'--paths'", "greater than or equal to 0", "run --help"]),
        (["run", "--seed", "abc"], ["'--seed'", "valid integer"]),
        (["run", "--bogus"], ["no such option: --bogus"]),
        (["rn"], ["No such command 'rn'", "(did you mean 'run'?)"]),
        (["validate", "--strct"], ["no such option: --strct (did you mean --strict?)"]),
        (["savings"], ["Missing option '--out'"]),
        (["import-xlsx"], ["Missing argument 'file'"]),
        (["run", "--lang"], ["'--lang' requires an argument"]),
        (["project", "--paths", "-3"], ["'--paths'"]),
    ],
)
def test_usage_errors_exit_2_with_one_line(argv: list[str], words: list[str]) -> None:
    code, out, err = run_cli(argv)
    assert code == 2, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for word in words:
        assert word in lines[0], lines[0]
    assert "internal error" not in err and "Traceback" not in err


def test_no_command_prints_the_help_and_exits_2() -> None:
    code, out, _err = run_cli([])
    assert code == 2
    assert "Usage" in out and "run" in out


def test_version() -> None:
    code, out, _err = run_cli(["--version"])
    assert code == 0 and out.strip() == f"handlingsrom {__version__}"


def test_help_exits_0() -> None:
    code, out, _err = run_cli(["run", "--help"])
    assert code == 0 and "--end-year" in out and "--years" not in out


def test_data_errors_exit_1(tmp_path: Path) -> None:
    code, _out, err = run_cli(["validate", str(tmp_path / "nowhere")])
    assert code == 1 and err.startswith("error: ")
    code, _out, err = run_cli(["run", "--lang", "de", "--out", str(tmp_path / "o")])
    assert code == 1 and "--lang: expected nb or en" in err


def test_a_horizon_beyond_the_limit_is_refused_before_the_work(tmp_path: Path) -> None:
    code, _out, err = run_cli(["run", "--end-year", "2300", "--out", str(tmp_path / "o")])
    assert code == 1
    assert "expected at most 100 years after the base year 2017" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--out", "{file}/sub"],
        ["economy", "--end-year", "2020", "--out", "{file}/sub"],
        ["savings", "--out", "{file}"],
        ["project", "--out", "{file}/x.csv"],
        ["project", "--out", "{dir}"],
        ["services", "--out", "{file}/x.csv"],
        ["backtest", "--base-year", "2010", "--out", "{file}/x.csv"],
        ["risk", "--out", "{file}/risk"],
        ["stress", "--out", "{file}/stress"],
        ["compare", "--out", "{file}/c"],
    ],
)
def test_an_output_that_cannot_be_written_fails_before_the_work(
    tmp_path: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    argv = [a.format(file=a_file, dir=tmp_path) for a in argv]

    def no_dataset(*_args: object, **_kw: object) -> None:
        raise AssertionError("the dataset was loaded before the output was checked")

    monkeypatch.setattr("handlingsrom.dataset.io.load", no_dataset)
    code, _out, err = run_cli(argv)
    assert code == 1, err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
    assert "a-file" in err or str(tmp_path) in err


def test_the_deprecated_horizon_options_still_work(tmp_path: Path) -> None:
    a, b, c = (tmp_path / n for n in ("a.csv", "b.csv", "c.csv"))
    assert run_cli(["project", "--end-year", "2020", "--out", str(a)])[0] == 0
    assert run_cli(["project", "--to", "2020", "--out", str(b)])[0] == 0
    assert a.read_text() == b.read_text()
    assert "2020" in a.read_text() and "2021" not in a.read_text()
    code, _out, err = run_cli(["project", "--end-year", "2020", "--to", "2021", "--out", str(c)])
    assert code == 1 and "give the horizon once" in err


def test_a_subprocess_gets_exit_2_and_no_traceback() -> None:
    exe = Path(sys.executable).with_name("handlingsrom")
    proc = subprocess.run(
        [str(exe), "run", "--paths", "abc"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr

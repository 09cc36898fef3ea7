"""The CLI contract of `handlingsrom national project` and `handlingsrom national backtest`."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from handlingsrom.dataset import io as dataset_io
from handlingsrom.demography.projection import project_data
from handlingsrom.national import data, tasks
from handlingsrom.params import ParameterSet
from tests.foundation.cli_helpers import run_cli


def test_project_all_municipalities(tmp_path: Path):
    out = tmp_path / "p.csv"
    code, _, err = run_cli(
        [
            "national",
            "project",
            "--base-year",
            "2016",
            "--to",
            "2026",
            "--out",
            str(out),
            "--workers",
            "0",
        ]
    )
    assert code == 0, err
    df = pd.read_csv(out, dtype={"municipality": str})
    assert list(df.columns) == ["municipality", "year", "age", "sex", "population"]
    assert df.municipality.nunique() == 357
    assert df.municipality.str.fullmatch(r"\d{4}").all()
    assert sorted(df.year.unique()) == list(range(2016, 2027))
    assert len(df) == 357 * 11 * 2 * 106
    assert (df.population >= 0).all()
    nd = data.load()
    first = df[df.year == 2016].groupby("municipality").population.sum()
    assert first["0301"] == nd.population("0301", 2016).sum()
    # Bærum's rows are its own projection from the national files.
    p = project_data(nd.municipality("3201"), 2016, 2026, ParameterSet())
    b = df[(df.municipality == "3201") & (df.year == 2026)].population.sum()
    assert b == pytest.approx(p.total()[-1], rel=1e-5)


def test_gzip_output_is_the_csv_compressed(tmp_path: Path):
    # Each chunk of 12 municipalities is a gzip member compressed in the worker; the header
    # is one more: together one .gz file with the same text as the plain CSV.
    some = ",".join(data.load().numbers[:14])  # two chunks
    base = ["national", "project", "--to", "2019", "--municipalities", some, "--workers", "0"]
    plain, packed = tmp_path / "p.csv", tmp_path / "p.csv.gz"
    for out in (plain, packed):
        code, _, err = run_cli([*base, "--out", str(out)])
        assert code == 0, err
    with gzip.open(packed) as f:
        text = f.read()
    assert text == plain.read_bytes()
    assert len(text) > 2 * packed.stat().st_size  # compressed, not stored
    df = pd.read_csv(packed, dtype={"municipality": str})
    assert df.municipality.nunique() == 14 and len(df) == 14 * 3 * 2 * 106
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary files are gone


def test_a_run_failing_after_some_chunks_leaves_no_file(tmp_path: Path, monkeypatch):
    # Chunks are written as they arrive: a failure after the first one (a worker lost, a
    # municipality's error) must leave neither a partial file nor the temporary one.
    from handlingsrom.errors import HandlingsromError
    from handlingsrom.national import runner

    def one_then_fail(task, chunks, *args, **kw):
        yield task(chunks[0], *args)
        raise HandlingsromError("worker lost")

    monkeypatch.setattr(runner, "iter_chunks", one_then_fail)
    for name in ("p.csv", "p.csv.gz"):
        out = tmp_path / name
        out.write_text("the previous result\n")
        code, _, err = run_cli(["national", "project", "--to", "2019", "--out", str(out)])
        assert code == 1 and "worker lost" in err
        assert out.read_text() == "the previous result\n"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv", "p.csv.gz"]


@pytest.mark.parametrize("quantiles", [None, (0.1, 0.5, 0.9)])
def test_csv_rows_are_formatted_as_documented(quantiles):
    qs = quantiles or (None,)
    values = np.random.default_rng(3).gamma(2.0, 300.0, size=(2, 3, len(qs), 2, 106))
    values.flat[:4] = [0.0, 1.234567e-7, 1234567.0, 99.999951]  # %g's edge cases
    numbers, years = ("0301", "3201"), (2017, 2018, 2019)
    given = values if quantiles else values[:, :, 0]
    lines = tasks.csv_text(numbers, years, given, quantiles).decode().splitlines()
    want = [
        f"{m},{y},{a},{s},{'' if q is None else f'{q:g},'}{values[i, j, k, x, a]:.6g}"
        for i, m in enumerate(numbers)
        for j, y in enumerate(years)
        for k, q in enumerate(qs)
        for x, s in enumerate(("female", "male"))
        for a in range(106)
    ]
    assert lines == want
    assert [v.rsplit(",", 1)[1] for v in lines[:4]] == ["0", "1.23457e-07", "1.23457e+06", "100"]


def test_project_stochastic_subset_to_stdout():
    args = ["national", "project", "--base-year", "2017", "--to", "2020", "--paths", "30"]
    code, out, err = run_cli([*args, "--municipalities", "3201,0301", "--workers", "0"])
    assert code == 0, err
    df = pd.read_csv(io.StringIO(out), dtype={"municipality": str})
    assert list(df.columns) == ["municipality", "year", "age", "sex", "quantile", "population"]
    assert set(df.municipality) == {"0301", "3201"}
    assert sorted(df["quantile"].unique()) == [0.1, 0.5, 0.9]
    w = df.pivot_table(
        index=["municipality", "year", "age", "sex"], columns="quantile", values="population"
    )
    assert (w[0.1] <= w[0.5] + 1e-9).all() and (w[0.5] <= w[0.9] + 1e-9).all()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["national", "project", "--base-year", "2005"], "2006–2017"),
        (["national", "project", "--municipalities", "0219"], "unknown municipality '0219'"),
        (["national", "project", "--set", "migration_window_years=0"], "[1, 50]"),
        (["national", "project", "--set", "nonsense=1"], "unknown population parameter"),
        (["national", "backtest", "--out", "x", "--bases", "2004-2010"], "2006–2016"),
        (["national", "backtest", "--out", "x", "--methods", "magic"], "unknown method"),
    ],
)
def test_errors_are_one_line(args, message):
    code, _, err = run_cli([*args, "--workers", "0"])
    assert code == 1, err
    assert message in err and "Traceback" not in err


def test_backtest_command(tmp_path: Path):
    out = tmp_path / "bt"
    code, text, err = run_cli(
        [
            "national",
            "backtest",
            "--out",
            str(out),
            "--municipalities",
            "3201,1151,4629",
            "--bases",
            "2011-2012",
            "--methods",
            "default,rate-w3-f0",
            "--paths",
            "20",
            "--workers",
            "0",
        ]
    )
    assert code == 0, err
    assert "hamilton-perry" in text and "constant-growth" in text and "PIT" in text
    head = pd.read_csv(out / "headline.csv", index_col=0)
    assert set(head.index) == {"default", "rate-w3-f0", "constant-growth", "hamilton-perry"}
    cov = pd.read_csv(out / "coverage.csv")
    assert cov.horizon.max() == 6 and cov.inside_80.between(0, 1).all()
    errors = pd.read_csv(out / "errors.csv.gz", dtype={"municipality": str})
    assert set(errors.municipality) == {"3201", "1151", "4629"}


def test_default_dataset_still_loads():
    assert dataset_io.load().meta.name == "baerum-2017"

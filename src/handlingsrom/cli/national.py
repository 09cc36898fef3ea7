"""CLI commands of national runs: `handlingsrom national project` and `… backtest`."""

from __future__ import annotations

import gzip
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import typer

from handlingsrom.cli.common import write_text_atomic
from handlingsrom.demography import assumptions as asm
from handlingsrom.errors import HandlingsromError

app = typer.Typer(
    help="All 357 municipalities (2024 borders) from the embedded national files, on Dask.",
    no_args_is_help=True,
)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="national")


WorkersOption = typer.Option(
    None,
    "--workers",
    help="Worker processes of the local Dask cluster (default: the machine's cores; 0 = in "
    "this process, without Dask).",
)
SchedulerOption = typer.Option(
    None,
    "--scheduler",
    help="Address of a running Dask scheduler (e.g. tcp://10.0.0.5:8786) instead of a local "
    "cluster; every worker needs handlingsrom installed.",
)
MunicipalitiesOption = typer.Option(
    None,
    "--municipalities",
    help="Only these municipalities: comma-separated 4-digit 2024 numbers (default: all).",
)
SetOption = typer.Option(
    None,
    "--set",
    help="Override a population setting for every municipality: NAME=VALUE or "
    "NAME=VALUE@YEAR, e.g. migration_window_years=5 (repeatable).",
)


def _numbers(text: str | None) -> list[str]:
    from handlingsrom.national import data

    nd = data.load()
    if not text:
        return list(nd.numbers)
    out = [t.strip() for t in text.split(",") if t.strip()]
    for n in out:
        nd.index(n)
    return sorted(set(out))


def _overrides(sets: list[str] | None, base: int) -> dict[str, dict[int, float]]:
    values: dict[str, dict[int, float]] = {}
    known = asm.known_paths()
    for item in sets or []:
        m = re.fullmatch(r"\s*([\w.]+)\s*=\s*([-+0-9.eE]+)\s*(?:@\s*(\d{4}))?\s*", item)
        if not m:
            raise HandlingsromError(f"--set: expected NAME=NUMBER[@YEAR], found {item!r}")
        path = m.group(1) if "." in m.group(1) else f"{asm.NS}.{m.group(1)}"
        if path not in known:
            raise HandlingsromError(
                f"--set: unknown population parameter {path!r}; expected one of {', '.join(known)}"
            )
        try:
            values.setdefault(path, {})[int(m.group(3) or base)] = float(m.group(2))
        except ValueError:
            raise HandlingsromError(f"--set: expected a number, found {m.group(2)!r}") from None
    return values


def _quantiles(text: str) -> list[float]:
    try:
        qs = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise HandlingsromError(
            f"--quantiles: expected numbers in [0, 1], found {text!r}"
        ) from None
    if not qs or any(not 0.0 <= q <= 1.0 for q in qs):
        raise HandlingsromError(f"--quantiles: expected numbers in [0, 1], found {text!r}")
    return qs


def _write_parts(out: Path | None, header: str, parts: Iterable[bytes]) -> None:
    """Write the header and the chunks' rows as they arrive (one chunk in memory at a time):
    to standard output, or to ``out`` through a temporary file renamed when complete (a
    failed run leaves no partial file). For a ``.gz`` file the parts are gzip members
    already (compressed in the workers) and the header is one more."""
    if out is None:
        sys.stdout.write(header)
        for part in parts:
            sys.stdout.write(part.decode("utf-8"))
        sys.stdout.flush()
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    head = header.encode("utf-8")
    try:
        with tmp.open("wb") as f:
            f.write(_gz(head) if out.suffix == ".gz" else head)
            for part in parts:
                f.write(part)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=3, mtime=0)


@app.command("project")
def project(
    base_year: int = typer.Option(2017, "--base-year", help="Base year (2006–2017)."),
    to: int | None = typer.Option(None, "--to", help="Last year (default: base year + 40)."),
    out: Path | None = typer.Option(
        None, "--out", help="CSV file (.gz compresses; default: standard output)."
    ),
    paths: int = typer.Option(
        0, "--paths", help="Stochastic paths per municipality (0 = deterministic)."
    ),
    seed: int = typer.Option(1, "--seed", help="Seed; municipality m uses the stream (seed, m)."),
    quantiles: str = typer.Option(
        "0.1,0.5,0.9", "--quantiles", help="Quantiles of the stochastic paths, comma-separated."
    ),
    municipalities: str | None = MunicipalitiesOption,
    sets: list[str] | None = SetOption,
    workers: int | None = WorkersOption,
    scheduler: str | None = SchedulerOption,
) -> None:
    """Project every municipality's population by single year of age and sex.

    Deterministic: writes `municipality,year,age,sex,population` (municipality = 4-digit
    2024 number). With --paths N: `municipality,year,age,sex,quantile,population`.
    Results are the same whatever the number of workers.
    """
    from handlingsrom.national import data, runner, tasks

    nd = data.load()
    first, last = int(nd.years[0]) + 1, int(nd.years[-1])
    if not first <= base_year <= last:
        raise HandlingsromError(
            f"--base-year {base_year}: expected a year in {first}–{last} (the national "
            f"population runs {nd.years[0]}–{last}; a base year needs an earlier one)"
        )
    end = base_year + 40 if to is None else to
    if end <= base_year:
        raise HandlingsromError(f"--to {end} must be after the base year {base_year}")
    if paths < 0:
        raise HandlingsromError(f"--paths: expected 0 or more, found {paths}")
    numbers = _numbers(municipalities)
    overrides = _overrides(sets, base_year)
    chunks = tasks.chunks(numbers)
    t0 = time.perf_counter()
    gzipped = out is not None and out.suffix == ".gz"
    if paths == 0:
        header = "municipality,year,age,sex,population\n"
        parts = runner.iter_chunks(
            tasks.project_csv_task,
            chunks,
            base_year,
            end,
            overrides,
            gzipped,
            scheduler=scheduler,
            workers=workers,
        )
    else:
        qs = _quantiles(quantiles)
        header = "municipality,year,age,sex,quantile,population\n"
        parts = runner.iter_chunks(
            tasks.quantiles_csv_task,
            chunks,
            base_year,
            end,
            overrides,
            paths,
            seed,
            qs,
            gzipped,
            scheduler=scheduler,
            workers=workers,
        )
    _write_parts(out, header, parts)
    what = f"{paths} paths" if paths else "deterministic"
    typer.echo(
        f"{len(numbers)} municipalities, {base_year}–{end}, {what}: "
        f"{time.perf_counter() - t0:.1f} s",
        err=True,
    )


def _bases(text: str) -> list[int]:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", text)
    if not m:
        raise HandlingsromError(f"--bases: expected YEAR or FIRST-LAST, found {text!r}")
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    if hi < lo:
        raise HandlingsromError(f"--bases: expected FIRST <= LAST, found {text!r}")
    return list(range(lo, hi + 1))


@app.command("backtest")
def backtest(
    out: Path = typer.Option(..., "--out", help="Folder for the result tables."),
    methods: str | None = typer.Option(
        None,
        "--methods",
        help="Comma-separated methods (default: every candidate; 'default' = the engine's "
        "defaults). Constant growth and Hamilton–Perry are always added.",
    ),
    bases: str = typer.Option("2006-2012", "--bases", help="Base years, e.g. 2006-2012."),
    paths: int = typer.Option(
        0,
        "--paths",
        help="Also run N stochastic paths of --interval-method per municipality and base "
        "year: coverage of the 80 % and 95 % intervals and the PIT histogram.",
    ),
    interval_method: str = typer.Option(
        "default", "--interval-method", help="Method whose intervals are checked."
    ),
    seed: int = typer.Option(1, "--seed", help="Seed of the stochastic paths."),
    municipalities: str | None = MunicipalitiesOption,
    sets: list[str] | None = SetOption,
    workers: int | None = WorkersOption,
    scheduler: str | None = SchedulerOption,
) -> None:
    """Back-test methods over every municipality, base year and horizon 1–10 (to 2017).

    Writes headline.csv (the selection criterion and the MAPE of the total and the age
    groups at horizons 5 and 10 per method), summary.csv (MAPE, median APE and bias by
    method, horizon, size class and group) and errors.csv.gz (every error); with --paths
    also coverage.csv, coverage_by_size.csv and pit.csv.
    """
    from handlingsrom.national import backtest as bt
    from handlingsrom.national import methods as mth
    from handlingsrom.national import runner, tasks

    names = [m.strip() for m in methods.split(",")] if methods else None
    chosen = mth.by_name(names)
    years = _bases(bases)
    if years[0] < 2006 or years[-1] > 2016:
        raise HandlingsromError(
            f"--bases {bases}: expected years in 2006–2016 (the national population runs "
            "2005–2017; a base needs an earlier year and a later one to compare)"
        )
    mth.by_name([interval_method])
    numbers = _numbers(municipalities)
    overrides = _overrides(sets, years[0])
    chunks = tasks.chunks(numbers)
    t0 = time.perf_counter()
    parts = runner.run_chunks(
        tasks.backtest_task,
        chunks,
        years,
        [m.name for m in chosen],
        overrides,
        scheduler=scheduler,
        workers=workers,
    )
    result = bt.combine(parts)
    head = bt.headline(result)
    out.mkdir(parents=True, exist_ok=True)

    def csv(frame: pd.DataFrame) -> str:
        return frame.to_csv(index=False, lineterminator="\n", float_format="%.4g")

    write_text_atomic(out / "headline.csv", head.to_csv(lineterminator="\n", float_format="%.4g"))
    write_text_atomic(out / "summary.csv", csv(bt.summary(result)))
    bt.errors_frame(result).to_csv(
        out / "errors.csv.gz", index=False, lineterminator="\n", float_format="%.4g"
    )
    typer.echo(
        f"National back-test: {len(numbers)} municipalities, bases {years[0]}–{years[-1]}, "
        f"horizons 1–10 (to 2017), {len(result.methods)} methods "
        f"({time.perf_counter() - t0:.0f} s)"
    )
    typer.echo(
        "criterion = mean over horizons 1–10 and size classes of the age-group MAPE; "
        "total_hN / groups_hN = MAPE of the total / mean MAPE of the age groups at horizon N"
    )
    typer.echo(head.to_string(float_format=lambda v: f"{v:8.2f}"))
    if paths > 0:
        t1 = time.perf_counter()
        pit = np.concatenate(
            runner.run_chunks(
                tasks.pit_task,
                chunks,
                years,
                interval_method,
                overrides,
                paths,
                seed,
                scheduler=scheduler,
                workers=workers,
            )
        )
        cov = bt.coverage(pit)
        hist = bt.pit_histogram(pit)
        by_size = bt.coverage_by_size(pit, result.base_total)
        write_text_atomic(out / "coverage.csv", csv(cov))
        write_text_atomic(out / "coverage_by_size.csv", csv(by_size))
        write_text_atomic(out / "pit.csv", csv(hist))
        typer.echo(
            f"\nIntervals of {interval_method!r} ({paths} paths; {time.perf_counter() - t1:.0f} s):"
            " share of observations inside the central 80 % and 95 % intervals"
        )
        sel = cov[cov.horizon.isin([1, 5, 10])]
        typer.echo(sel.to_string(index=False, float_format=lambda v: f"{v:6.3f}"))
        typer.echo("\nBy size class, every horizon:")
        typer.echo(by_size.to_string(index=False, float_format=lambda v: f"{v:6.3f}"))
        mean = cov.groupby(cov.group == "total")[["inside_80", "inside_95"]].mean()
        typer.echo(
            f"\nMean over horizons: total {mean.loc[True].inside_80:.3f} / "
            f"{mean.loc[True].inside_95:.3f}; age groups {mean.loc[False].inside_80:.3f} / "
            f"{mean.loc[False].inside_95:.3f} (80 % / 95 % intervals)"
        )
        typer.echo("\nPIT histogram (share per decile; 0.100 each if calibrated):")
        wide = hist.pivot(index="what", columns="bin_from", values="share")
        typer.echo(wide.to_string(float_format=lambda v: f"{v:6.3f}"))
    typer.echo(f"\nwrote {out}/")

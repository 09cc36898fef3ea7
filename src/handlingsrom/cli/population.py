"""CLI commands of the population layer: `handlingsrom project` and `handlingsrom backtest`."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import typer

from handlingsrom.calendar import Calendar
from handlingsrom.cli.common import (
    DataOption,
    DatasetOption,
    EndYearOption,
    ToAlias,
    check_output_file,
    end_year_of,
    load_dataset,
    write_text_atomic,
)
from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import assumptions as asm
from handlingsrom.demography import stochastic
from handlingsrom.demography.backtest import backtest as run_backtest
from handlingsrom.demography.engine import N_AGES
from handlingsrom.demography.projection import SEXES, project_dataset
from handlingsrom.errors import HandlingsromError, ScenarioError
from handlingsrom.params import ParameterSet
from handlingsrom.plan.options import MAX_PATHS


def register(app: typer.Typer) -> None:
    app.command("project")(project)
    app.command("backtest")(backtest)


SetOption = typer.Option(
    None,
    "--set",
    help="Override a population parameter: PATH=VALUE (from the base year) or "
    "PATH=VALUE@YEAR, e.g. migration_window_years=5 or demography.e0_target_female=88@2040 "
    "(repeatable).",
)


def read_scenario_assumptions(path: Path) -> dict[str, dict[int, float]]:
    """The ``[assumptions]`` table of a scenario TOML: ``"path" = {year = value}``.

    Small stand-in for the shared scenario loader; only population paths are returned.
    """
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ScenarioError(f"{path}: cannot read the scenario file ({e.strerror})") from None
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError(f"{path}: expected valid TOML, found {e}") from None
    table = doc.get("assumptions", {})
    if not isinstance(table, dict):
        raise ScenarioError(f"{path}:-:assumptions: expected a table, found {table!r}")
    out: dict[str, dict[int, float]] = {}
    for key, values in table.items():
        if not key.startswith(f"{asm.NS}."):
            continue
        if not isinstance(values, dict):
            raise ScenarioError(
                f"{path}:-:assumptions.{key}: expected a table {{year = value}}, found {values!r}"
            )
        parsed: dict[int, float] = {}
        for year, value in values.items():
            if not str(year).isdigit() or isinstance(value, bool):
                raise ScenarioError(
                    f"{path}:-:assumptions.{key}: expected year = number, found {year} = {value!r}"
                )
            if not isinstance(value, int | float):
                raise ScenarioError(
                    f"{path}:-:assumptions.{key}.{year}: expected a number, found {value!r}"
                )
            parsed[int(year)] = float(value)
        out[key] = parsed
    return out


def _overrides(
    ds: Dataset,
    base: int,
    scenario: Path | None,
    sets: list[str] | None,
    named: dict[str, float | None],
) -> ParameterSet:
    values: dict[str, dict[int, float]] = {}
    if scenario is not None:
        values.update(read_scenario_assumptions(scenario))
    for item in sets or []:
        m = re.fullmatch(r"\s*([\w.]+)\s*=\s*([-+0-9.eE]+)\s*(?:@\s*(\d{4}))?\s*", item)
        if not m:
            raise HandlingsromError(f"--set: expected PATH=NUMBER[@YEAR], found {item!r}")
        path = m.group(1) if "." in m.group(1) else f"{asm.NS}.{m.group(1)}"
        year = int(m.group(3)) if m.group(3) else base
        try:
            values.setdefault(path, {})[year] = float(m.group(2))
        except ValueError:
            raise HandlingsromError(f"--set: expected a number, found {m.group(2)!r}") from None
    for name, value in named.items():
        if value is not None:
            values.setdefault(f"{asm.NS}.{name}", {})[base] = value
    return asm.override_parameters(ds, base, values, "command line")


def _quantiles(text: str) -> list[float]:
    try:
        qs = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise HandlingsromError(
            f"--quantiles: expected numbers in [0, 1] such as 0.1,0.5,0.9, found {text!r}"
        ) from None
    if not qs or any(not 0.0 <= q <= 1.0 for q in qs):
        raise HandlingsromError(f"--quantiles: expected numbers in [0, 1], found {text!r}")
    return qs


_QUERY = re.compile(r"\s*(\d+)\s*(?:-\s*(\d+)|(\+))\s*>\s*([0-9.]+)\s*@\s*(\d{4})\s*")


def _query(text: str) -> stochastic.Query:
    m = _QUERY.fullmatch(text)
    if not m:
        raise HandlingsromError(
            f"--prob: expected AGES>NUMBER@YEAR such as 6-15>18000@2030 or 80+>9000@2040, "
            f"found {text!r}"
        )
    lo = int(m.group(1))
    hi = None if m.group(3) else int(m.group(2))
    if hi is not None and hi < lo:
        raise HandlingsromError(f"--prob: expected ages lo-hi with lo <= hi, found {text!r}")
    return stochastic.Query(lo, hi, int(m.group(5)), float(m.group(4)))


def _write(frame: pd.DataFrame, out: Path | None) -> None:
    text = frame.to_csv(index=False, lineterminator="\n", float_format="%.6g")
    if out is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(out, text)


def project(
    dataset: str | None = DatasetOption,
    data: Path | None = DataOption,
    base_year: int | None = typer.Option(
        None,
        "--base-year",
        help="Base year (default: the dataset's). An earlier year uses only data up to it.",
    ),
    end_year: int | None = EndYearOption("base year + 40"),
    to: int | None = ToAlias,
    out: Path | None = typer.Option(None, "--out", help="CSV file (default: standard output)."),
    paths: int = typer.Option(
        0,
        "--paths",
        min=0,
        max=MAX_PATHS,
        help="Number of stochastic paths (0 = deterministic projection).",
    ),
    seed: int = typer.Option(1, "--seed", help="Seed of the stochastic paths."),
    quantiles: str = typer.Option(
        "0.1,0.5,0.9", "--quantiles", help="Quantiles of the stochastic paths, comma-separated."
    ),
    groups_out: Path | None = typer.Option(
        None,
        "--groups-out",
        help="With --paths: also write quantiles per age group (year,group,quantile,population).",
    ),
    prob: list[str] | None = typer.Option(
        None,
        "--prob",
        help="With --paths: probability that a group exceeds a number, e.g. 6-15>18000@2030 "
        "(repeatable; printed on standard error).",
    ),
    net_migration: float | None = typer.Option(
        None, "--net-migration", help="Net migration level, persons per year, from the base year."
    ),
    tfr: float | None = typer.Option(
        None, "--tfr", help="Local total fertility rate from the base year."
    ),
    mortality_improvement: float | None = typer.Option(
        None,
        "--mortality-improvement",
        help="Scale of the mortality improvement trend (1 = trend, 0 = none).",
    ),
    scenario: Path | None = typer.Option(
        None,
        "--scenario",
        help="Scenario TOML; its [assumptions] demography.* entries ({year = value}) apply.",
    ),
    sets: list[str] | None = SetOption,
) -> None:
    """Project the population by single year of age and sex.

    Deterministic: writes `year,age,sex,population` for every year from the base year
    (observed) to the end year. With --paths N: writes `year,age,sex,quantile,population`.
    """
    check_output_file(out)
    check_output_file(groups_out, "--groups-out")
    ds = load_dataset(dataset, data)
    base = ds.base_year if base_year is None else base_year
    to = Calendar.of(base, end_year_of(base, end_year, to)).end_year  # refuses a horizon too far
    params = _overrides(
        ds,
        base,
        scenario,
        sets,
        {
            "net_migration": net_migration,
            "tfr": tfr,
            "mortality_improvement": mortality_improvement,
        },
    )
    if paths <= 0:
        if groups_out is not None or prob:
            raise HandlingsromError("--groups-out and --prob need --paths N (N > 0)")
        proj = project_dataset(ds, base, to, params)
        _write(proj.to_frame(), out)
        for line in proj.diagnostics:
            typer.echo(f"note: {line}", err=True)
        return
    qs = _quantiles(quantiles)
    queries = [_query(p) for p in prob or []]
    summary = stochastic.summarize(
        ds, paths, seed, qs, base_year=base, end_year=to, params=params, queries=queries
    )
    _write(quantile_frame(summary), out)
    if groups_out is not None:
        _write(group_frame(summary), groups_out)
    for query, p in summary.probabilities.items():
        typer.echo(f"{query.label()} = {p:.3f} ({summary.n_paths} paths)", err=True)
    if summary.clipped_paths:
        typer.echo(
            f"note: in {summary.clipped_paths} of {summary.n_paths} paths some net emigration "
            "exceeded the people in a cell and was cut so that no cell is negative "
            f"({summary.clipped_mean:.2f} persons per path over all years on average)",
            err=True,
        )


def quantile_frame(s: stochastic.StochasticSummary) -> pd.DataFrame:
    """Long table ``year, age, sex, quantile, population``."""
    y, q, sx, a = np.meshgrid(
        s.years, np.arange(len(s.quantiles)), np.arange(2), np.arange(N_AGES), indexing="ij"
    )
    return pd.DataFrame(
        {
            "year": y.ravel(),
            "age": a.ravel(),
            "sex": np.asarray(SEXES)[sx.ravel()],
            "quantile": s.quantiles[q.ravel()],
            "population": s.population.ravel(),
        }
    )


def group_frame(s: stochastic.StochasticSummary) -> pd.DataFrame:
    """Long table ``year, group, quantile, population``."""
    y, q, g = np.meshgrid(
        s.years, np.arange(len(s.quantiles)), np.arange(len(s.groups)), indexing="ij"
    )
    return pd.DataFrame(
        {
            "year": y.ravel(),
            "group": np.asarray(s.groups)[g.ravel()],
            "quantile": s.quantiles[q.ravel()],
            "population": s.group_population.ravel(),
        }
    )


def _f82(v: float) -> str:
    """A back-test table cell: eight wide, two decimals."""
    return f"{v:8.2f}"


def backtest(
    dataset: str | None = DatasetOption,
    data: Path | None = DataOption,
    base_year: int = typer.Option(..., "--base-year", help="Year to project from."),
    end_year: int | None = EndYearOption("the last observed year"),
    to: int | None = ToAlias,
    out: Path | None = typer.Option(
        None,
        "--out",
        help="Also write every error as CSV: year,group,method,observed,projected,error_pct.",
    ),
    paths: int = typer.Option(
        0,
        "--paths",
        min=0,
        max=MAX_PATHS,
        help="Also run N stochastic paths and report how often the 10–90 % interval held "
        "the observed population.",
    ),
    seed: int = typer.Option(1, "--seed", help="Seed of the stochastic paths."),
    sets: list[str] | None = SetOption,
) -> None:
    """Project from an earlier year with only the data known then and compare with what was
    observed, side by side with constant growth and Hamilton–Perry.
    """
    check_output_file(out)
    ds = load_dataset(dataset, data)
    params = _overrides(ds, base_year, None, sets, {})
    last = end_year_of(base_year, end_year, to)
    result = run_backtest(ds, base_year, last, params, n_paths=paths, seed=seed)
    if out is not None:
        write_text_atomic(
            out, result.errors.to_csv(index=False, lineterminator="\n", float_format="%.6g")
        )
    typer.echo(
        f"Back-test of {ds.meta.municipality_name}: base {result.base_year}, "
        f"observed to {result.to_year}"
    )
    typer.echo(f"\nPercentage error in {result.to_year} (projected vs observed), by age group:")
    typer.echo(result.error_table().to_string(float_format=_f82))
    typer.echo("\nMAPE over the age groups (not the total), by year:")
    typer.echo(result.mape_by_year().to_string(float_format=_f82))
    typer.echo(f"\nMAPE over the years {result.base_year + 1}–{result.to_year}, by age group:")
    typer.echo(result.mape_by_group().to_string(float_format=_f82))
    coverage = result.coverage()
    if coverage is not None:
        typer.echo(
            f"\nShare of years {result.base_year + 1}–{result.to_year} in which the observed "
            f"group lay inside the 10–90 % interval of {paths} paths:"
        )
        typer.echo(coverage.to_frame("inside").to_string(float_format=_f82))
    for line in result.diagnostics:
        typer.echo(f"note: {line}", err=True)

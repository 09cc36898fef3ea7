"""Options and helpers shared by every command."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from handlingsrom.dataset import io as dataset_io
from handlingsrom.dataset.model import Dataset
from handlingsrom.errors import HandlingsromError, Problem
from handlingsrom.scenarios import (
    Scenario,
    ScenarioFileError,
    combine,
    named_scenario,
    parse_scenario,
)

if TYPE_CHECKING:
    import pandas as pd

    from handlingsrom.plan import PlanOptions, PlanResult

DatasetOption = typer.Option(
    None, "--dataset", help="Name of an embedded dataset (default: see `handlingsrom datasets`)."
)
DataOption = typer.Option(
    None, "--data", help="Path to a dataset folder (instead of an embedded dataset)."
)


# The horizon of every command is its last year, --end-year. The older spellings stay as
# hidden aliases so that scripts keep working: --to YEAR (the same), --years N (the base
# year and N - 1 more).
def EndYearOption(default: str) -> Any:
    return typer.Option(None, "--end-year", help=f"Last year (default: {default}).")


ToAlias = typer.Option(None, "--to", hidden=True, help="Deprecated alias of --end-year.")
YearsAlias = typer.Option(
    None, "--years", hidden=True, help="Deprecated: the horizon in years (use --end-year)."
)


def end_year_of(
    base_year: int,
    end_year: int | None,
    to: int | None = None,
    years: int | None = None,
    default: int | None = None,
) -> int | None:
    """The last year asked for by --end-year or one of its deprecated aliases (``default``
    when none is given)."""
    named = (("--end-year", end_year), ("--to", to), ("--years", years))
    given = [n for n, v in named if v is not None]
    if len(given) > 1:
        raise HandlingsromError(f"give the horizon once: found {' and '.join(given)}")
    if years is not None:
        if years < 2:
            raise HandlingsromError(f"--years: expected at least 2, found {years}")
        return base_year + years - 1
    year = end_year if end_year is not None else to
    return default if year is None else year


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    sys.exit(code)


def check_output_file(path: Path | None, option: str = "--out") -> None:
    """Fail before any work when the output file ``path`` cannot be written."""
    if path is None:
        return
    if path.is_dir():
        raise HandlingsromError(f"{option} {path}: expected a file name, found a folder")
    try:
        dataset_io.check_writable(path.absolute().parent)
    except HandlingsromError as e:
        raise HandlingsromError(f"{option} {e}") from None


def check_output_folder(path: Path, option: str = "--out") -> None:
    """Fail before any work when files cannot be written into the folder ``path``."""
    if path.exists() and not path.is_dir():
        raise HandlingsromError(f"{option} {path}: expected a folder, found a file")
    try:
        dataset_io.check_writable(path)
    except HandlingsromError as e:
        raise HandlingsromError(f"{option} {e}") from None


def load_dataset(dataset: str | None, data: Path | None) -> Dataset:
    """Load and validate the dataset chosen on the command line."""
    return dataset_io.load(dataset, data)


def plan_within_budget(
    ds: Dataset,
    scenario: Scenario | None,
    options: PlanOptions,
    *,
    validate: bool = True,
    stress_tests: int | None = None,
) -> PlanResult:
    """:func:`~handlingsrom.plan.run_plan` with every stage held to its time budget
    (:mod:`handlingsrom.plan.budget`)."""
    from handlingsrom.calendar import DEFAULT_HORIZON
    from handlingsrom.plan import run_plan
    from handlingsrom.plan.budget import stage_budgets, stage_timer

    base = options.base_year or ds.base_year
    years = (options.end_year or base + DEFAULT_HORIZON) - base + 1
    tests = len(ds.scenarios) if stress_tests is None else stress_tests
    budgets = stage_budgets(
        years,
        options.population_paths,
        options.risk_paths,
        len(options.savings.delays),
        tests,
        options.workers,
    )
    with stage_timer(budgets) as arm:
        return run_plan(ds, scenario, options, on_stage=arm, validate=validate)


def load_scenario(path: Path) -> Scenario:
    """Read and parse one scenario file (TOML); errors name the file, line and field."""
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ScenarioFileError(
            file, [Problem(file, None, None, "a readable scenario file", e.strerror or str(e))]
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ScenarioFileError(
            file, [Problem(file, line, None, "UTF-8 text", f"byte 0x{data[e.start]:02x}")]
        ) from None
    return parse_scenario(text, file, default_name=path.stem)


def load_scenarios(ds: Dataset, specs: Sequence[str]) -> tuple[Scenario | None, list[Path]]:
    """The scenarios named on the command line, combined in order (later wins), and the
    files they came from. Each spec is a scenario file, the name of one of the dataset's own
    scenarios (``high-interest`` for ``scenarios/high-interest.toml``), or several joined by
    ``+``."""
    parts: list[Scenario] = []
    files: list[Path] = []
    for spec in specs:
        for part in (p.strip() for p in spec.split("+") if p.strip()):
            path = Path(part)
            if path.suffix == ".toml" or path.exists():
                if not path.is_file():
                    raise HandlingsromError(f"{path}: no such scenario file")
                parts.append(load_scenario(path))
                files.append(path)
            else:
                parts.append(named_scenario(ds, part))
    return (combine(*parts) if parts else None), files


def records(frame: pd.DataFrame) -> Iterable[Any]:
    """The rows of a frame as named tuples (``frame.itertuples()``). The columns' types are
    only known at run time, so each field is ``Any`` (pandas-stubs types it as every possible
    scalar, None included)."""
    return frame.itertuples()


def write_text_atomic(path: Path, text: str) -> None:
    """Write a file so that a reader never sees it half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

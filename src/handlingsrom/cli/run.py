"""`handlingsrom run`: the main job — the whole chain into a report, a workbook and tables."""

from __future__ import annotations

import contextlib
import sys
import time
import webbrowser
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from handlingsrom.calendar import DEFAULT_HORIZON
from handlingsrom.cli.common import (
    DataOption,
    DatasetOption,
    EndYearOption,
    ToAlias,
    YearsAlias,
    end_year_of,
    load_dataset,
    load_scenarios,
)
from handlingsrom.errors import HandlingsromError

# The progress display in the report's language (run.json keeps the English stage names).
STAGE_NAMES_NB: dict[str, str] = {
    "validate": "Kontrollerer datasettet",
    "population": "Befolkningsframskriving",
    "uncertainty": "Stokastiske befolkningsbaner",
    "services": "Tjenester: behov, kapasitet og årsverk",
    "economy": "Budsjett, nøkkeltall og handlingsregler",
    "savings": "Nødvendig omstilling",
    "waiting": "Kostnaden ved å vente",
    "stress": "Stresstester",
    "risk": "Sannsynlighet for regelbrudd",
    "model": "Rapportmodell",
    "charts": "Figurer",
    "write": "Skriver index.html, plan.xlsx, tabeller, run.json",
}


def register(app: typer.Typer) -> None:
    app.command("run")(run)


def run(
    dataset: str | None = DatasetOption,
    data: Path | None = DataOption,
    scenario: list[str] = typer.Option(
        [],
        "--scenario",
        help="Scenario file (TOML) or the name of one of the dataset's scenarios; repeat to "
        "apply several in order.",
    ),
    out: Path = typer.Option(Path("handlingsrom-output"), "--out", help="Output folder."),
    lang: str = typer.Option("nb", "--lang", help="Report language: nb (bokmål) or en."),
    paths: int = typer.Option(
        200, "--paths", min=0, help="Stochastic population paths for the uncertainty bands."
    ),
    risk_paths: int = typer.Option(
        1000,
        "--risk-paths",
        min=0,
        help="Stochastic paths (population, interest, tax) for the rule-breaking risk.",
    ),
    seed: int = typer.Option(2017, "--seed", help="Seed of the stochastic paths."),
    end_year: int | None = EndYearOption("base year + 40"),
    to: int | None = ToAlias,
    years: int | None = YearsAlias,
    jobs: int = typer.Option(
        2, "--jobs", min=1, help="Processes: 2 runs the stress tests and risk beside the rest."
    ),
    pdf: bool = typer.Option(
        False, "--pdf", help="Also print the report to report.pdf (needs Chromium)."
    ),
    open_: bool = typer.Option(False, "--open", help="Open the report in a web browser."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Run the whole chain and write index.html, plan.xlsx, tables/*.csv and run.json."""
    from handlingsrom.plan import PlanOptions, run_plan
    from handlingsrom.plan.budget import stage_budgets, stage_timer
    from handlingsrom.report import produce
    from handlingsrom.report.format import Lang, number
    from handlingsrom.report.produce import ALL_STAGES
    from handlingsrom.report.writer import check_target

    if lang not in ("nb", "en"):
        raise HandlingsromError(f"--lang: expected nb or en, found {lang!r}")
    lg: Lang = "nb" if lang == "nb" else "en"
    check_target(out.absolute())  # an output that cannot be written fails before the work
    started = time.perf_counter()
    console = Console(stderr=True, quiet=quiet)
    names = dict(ALL_STAGES) if lang == "en" else STAGE_NAMES_NB
    with (
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress,
        contextlib.ExitStack() as stack,
    ):
        loading = "Loading the dataset" if lang == "en" else "Leser datasettet"
        task = progress.add_task(loading, total=len(ALL_STAGES) + 1)
        ds = load_dataset(dataset, data)
        end = end_year_of(ds.base_year, end_year, to, years)
        combined, files = load_scenarios(ds, scenario)
        options = PlanOptions(
            end_year=end,
            population_paths=paths,
            risk_paths=risk_paths,
            seed=seed,
            workers=jobs,
        )
        n_years = (end or ds.base_year + DEFAULT_HORIZON) - ds.base_year + 1
        budgets = stage_budgets(
            n_years, paths, risk_paths, len(options.savings.delays), len(ds.scenarios), jobs
        )
        arm = stack.enter_context(stage_timer(budgets))

        def on_stage(stage: str) -> None:
            arm(stage)
            progress.update(task, description=names.get(stage, stage), advance=1)

        result = run_plan(ds, combined, options, on_stage=on_stage)
        info = produce(
            result,
            out,
            scenario_files=files,
            lang=lg,
            pdf=pdf,
            on_stage=on_stage,
            command=["handlingsrom", *sys.argv[1:]],
            started=started,
        )
    typer.echo(info.model["meta"]["title"])
    for h in info.model["headline"]:
        typer.echo(f"  {h['label']}: {h['text']}")
    for stage, what in info.model["meta"]["missing"].items():
        missing = "ikke beregnet" if lg == "nb" else "not computed"
        typer.echo(f"  ({missing}: {names.get(stage, stage)} — {what})")
    total = info.timings.get("total", 0.0)
    secs, n_files = number(total, 1, lg), len(info.files)
    if lg == "nb":
        typer.echo(f"Ferdig på {secs} s: {n_files} filer i {info.out}/")
        typer.echo(f"Åpne {info.index.absolute()}")
    else:
        typer.echo(f"Done in {secs} s: {n_files} files in {info.out}/")
        typer.echo(f"Open {info.index.absolute()}")
    if open_:
        webbrowser.open(info.index.absolute().as_uri())

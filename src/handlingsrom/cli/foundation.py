"""Dataset commands: list, validate, template, import from Excel."""

from __future__ import annotations

from pathlib import Path

import typer

from handlingsrom.cli.common import DataOption, DatasetOption, fail
from handlingsrom.dataset import io as dataset_io
from handlingsrom.dataset import template
from handlingsrom.errors import DatasetError, HandlingsromError


def register(app: typer.Typer) -> None:
    app.command("datasets")(datasets)
    app.command("validate")(validate)
    app.command("new-dataset")(new_dataset)
    app.command("import-xlsx")(import_xlsx)


def datasets() -> None:
    """List the datasets embedded in the package."""
    for name, folder in dataset_io.embedded_datasets().items():
        meta = dataset_io.load_folder(folder).meta
        default = " (default)" if name == dataset_io.default_dataset() else ""
        typer.echo(f"{name}{default}\t{meta.title}\tbase year {meta.base_year}")


def validate(
    path: Path = typer.Argument(None, help="Dataset folder (default: the default dataset)."),
    dataset: str | None = DatasetOption,
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as problems."),
) -> None:
    """Check a dataset and print every problem as file:row:column: expected …, found ….

    Runs every check a plan run runs before computing: each file against its schema, the
    files against each other, every layer's checks, the parameters against the registry
    (declared, unit, bounds) and the dataset's own scenario files. Implausible values are
    warnings (problems with --strict).
    """
    from handlingsrom.plan import check_dataset

    if path is not None and dataset is not None:
        fail("give either PATH or --dataset, not both")
    folder = dataset_io.resolve(dataset, path)
    try:
        found = check_dataset(dataset_io.load_folder(folder))
    except DatasetError as e:
        for problem in e.problems:
            typer.echo(str(problem), err=True)
        fail(f"{folder}: {e.total} problem{'s' if e.total != 1 else ''}")
    for warning in found.warnings:
        typer.echo(f"warning: {warning}", err=True)
    problems = list(found.problems) + (list(found.warnings) if strict else [])
    if problems:
        for problem in found.problems:
            typer.echo(str(problem), err=True)
        n = len(problems)
        fail(f"{folder}: {n} problem{'s' if n != 1 else ''}")
    n = len(found.warnings)
    note = f" ({n} warning{'s' if n != 1 else ''})" if n else ""
    typer.echo(f"{folder}: valid{note}")


def new_dataset(
    path: Path = typer.Argument(..., help="Folder to create (must be new or empty)."),
    municipality: str | None = typer.Option(
        None,
        "--municipality",
        help="Pre-fill population.csv (1 January 2005–2017), the number and the name from the "
        "embedded national files: a 4-digit 2024 municipality number or a name.",
    ),
    dataset: str | None = DatasetOption,
    data: Path | None = DataOption,
) -> None:
    """Write a fillable dataset template: CSV files, dataset.toml and template.xlsx.

    The national tables (mortality, fertility, births and population of Norway) and the
    parameters that are the same for every municipality are copied from the reference
    dataset (default: the default dataset); the municipality's own parameters are not
    copied from it: the required ones are left to fill in, the others take the registry's
    default (validate names each). With --municipality the population is filled in.
    """
    from handlingsrom.scenarios.parameters import REGISTRY

    template.check_destination(path)
    dataset_io.check_writable(path.absolute().parent)
    folder = dataset_io.resolve(dataset, data)
    reference = dataset_io.load_folder(folder)
    own = _municipality(municipality) if municipality else None
    template.new_dataset(path, reference, folder, REGISTRY.values(), own)
    what = f" for {own.name} ({own.number})" if own else ""
    typer.echo(f"Wrote a dataset template{what} to {path}/ (see {path}/README.txt)")


def _municipality(query: str) -> template.Municipality:
    """A municipality's population from the embedded national files, by number or name."""
    import numpy as np
    import pandas as pd

    from handlingsrom.national import data as national

    nd = national.load()
    q = query.strip()
    number = q.zfill(4) if q.isdigit() else None
    if number is None:
        hits = [n for n, name in nd.names.items() if name.lower() == q.lower()]
        hits = hits or [n for n, name in nd.names.items() if q.lower() in name.lower()]
        if len(hits) != 1:
            near = ", ".join(f"{nd.names[n]} ({n})" for n in hits[:5])
            found = f"{len(hits)} matches: {near}" if hits else "none"
            raise HandlingsromError(
                f"--municipality {query!r}: expected one municipality's name or 4-digit "
                f"number, found {found}"
            )
        number = hits[0]
    pop = nd.pop[nd.index(number)]  # (years, 2, ages); NaN for a year without data
    rows = []
    for yi, year in enumerate(nd.years):
        if np.isnan(pop[yi, 0, 0]):
            continue
        for si, sex in enumerate(("female", "male")):
            for age, n in enumerate(pop[yi, si]):
                rows.append((int(year), age, sex, round(float(n)), "S1"))
    frame = pd.DataFrame(rows, columns=["year", "age", "sex", "population", "source"])
    return template.Municipality(number, nd.names[number], frame)


def import_xlsx(
    file: Path = typer.Argument(..., help="A filled workbook (from new-dataset's template.xlsx)."),
    path: Path = typer.Argument(..., help="Dataset folder to create (must be new or empty)."),
) -> None:
    """Turn a filled workbook into a dataset folder and validate it.

    Problems are reported by sheet and Excel row; nothing is written unless the result is valid.
    """
    template.check_destination(path)
    template.import_xlsx(file, path)
    typer.echo(f"{path}: valid dataset written from {file}")

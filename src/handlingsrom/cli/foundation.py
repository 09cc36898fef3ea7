"""Dataset commands: list, validate, template, import from Excel."""

from __future__ import annotations

from pathlib import Path

import typer

from handlingsrom.cli.common import fail
from handlingsrom.dataset import io as dataset_io


def register(app: typer.Typer) -> None:
    app.command("datasets")(datasets)
    app.command("validate")(validate)


def datasets() -> None:
    """List the datasets embedded in the package."""
    for name, folder in dataset_io.embedded_datasets().items():
        meta = dataset_io.load_folder(folder).meta
        default = " (default)" if name == dataset_io.DEFAULT_DATASET else ""
        typer.echo(f"{name}{default}\t{meta.title}\tbase year {meta.base_year}")


def validate(
    path: Path = typer.Argument(None, help="Dataset folder (default: the embedded baerum-2017)."),
) -> None:
    """Check a dataset and print every problem as file:row:column: expected …, found …."""
    folder = dataset_io.resolve(None, path) if path is not None else dataset_io.resolve()
    problems = dataset_io.validate_folder(folder)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        n = len(problems)
        fail(f"{folder}: {n} problem{'s' if n != 1 else ''}")
    typer.echo(f"{folder}: valid")

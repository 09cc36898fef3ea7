"""Dataset commands: list, validate, template, import from Excel."""

from __future__ import annotations

from pathlib import Path

import typer

from handlingsrom.cli.common import DataOption, DatasetOption, fail
from handlingsrom.dataset import io as dataset_io
from handlingsrom.dataset import template
from handlingsrom.errors import DatasetError


def register(app: typer.Typer) -> None:
    app.command("datasets")(datasets)
    app.command("validate")(validate)
    app.command("new-dataset")(new_dataset)
    app.command("import-xlsx")(import_xlsx)


def datasets() -> None:
    """List the datasets embedded in the package."""
    for name, folder in dataset_io.embedded_datasets().items():
        meta = dataset_io.load_folder(folder).meta
        default = " (default)" if name == dataset_io.DEFAULT_DATASET else ""
        typer.echo(f"{name}{default}\t{meta.title}\tbase year {meta.base_year}")


def validate(
    path: Path = typer.Argument(None, help="Dataset folder (default: the embedded baerum-2017)."),
    dataset: str | None = DatasetOption,
) -> None:
    """Check a dataset and print every problem as file:row:column: expected …, found …."""
    if path is not None and dataset is not None:
        fail("give either PATH or --dataset, not both")
    folder = dataset_io.resolve(dataset, path)
    try:
        dataset_io.load_folder(folder)
    except DatasetError as e:
        for problem in e.problems:
            typer.echo(str(problem), err=True)
        fail(f"{folder}: {e.total} problem{'s' if e.total != 1 else ''}")
    typer.echo(f"{folder}: valid")


def new_dataset(
    path: Path = typer.Argument(..., help="Folder to create (must be new or empty)."),
    dataset: str | None = DatasetOption,
    data: Path | None = DataOption,
) -> None:
    """Write a fillable dataset template: CSV files, dataset.toml and template.xlsx.

    The national tables (mortality, fertility, births and population of Norway) and the
    parameters are copied from the reference dataset (default: baerum-2017).
    """
    template.check_destination(path)
    folder = dataset_io.resolve(dataset, data)
    reference = dataset_io.load_folder(folder)
    template.new_dataset(path, reference, folder)
    typer.echo(f"Wrote a dataset template to {path}/ (see {path}/README.txt)")


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

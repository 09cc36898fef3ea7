"""Options and helpers shared by every command."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from handlingsrom.dataset import io as dataset_io
from handlingsrom.dataset.model import Dataset

if TYPE_CHECKING:
    import pandas as pd

DatasetOption = typer.Option(
    None, "--dataset", help="Name of an embedded dataset (default: baerum-2017)."
)
DataOption = typer.Option(
    None, "--data", help="Path to a dataset folder (instead of an embedded dataset)."
)


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    sys.exit(code)


def load_dataset(dataset: str | None, data: Path | None) -> Dataset:
    """Load and validate the dataset chosen on the command line."""
    return dataset_io.load(dataset, data)


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

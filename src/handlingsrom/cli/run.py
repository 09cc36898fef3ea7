"""`handlingsrom run`: the main job."""

from __future__ import annotations

from pathlib import Path

import typer

from handlingsrom.cli.common import DataOption, DatasetOption, load_dataset, write_text_atomic


def register(app: typer.Typer) -> None:
    app.command("run")(run)


def run(
    dataset: str | None = DatasetOption,
    data: Path | None = DataOption,
    out: Path = typer.Option(Path("handlingsrom-output"), "--out", help="Output folder."),
) -> None:
    """Run the main job on a dataset (default: Bærum 2017)."""
    ds = load_dataset(dataset, data)
    pop = ds.table("population")
    totals = pop.groupby("year").population.sum()
    write_text_atomic(out / "population_totals.csv", totals.to_csv(lineterminator="\n"))
    typer.echo(ds.meta.title)
    total = int(totals.loc[ds.base_year])
    typer.echo(f"Population 1 January {ds.base_year}: {total:,}".replace(",", " "))
    typer.echo(f"Wrote {out}/")

"""CLI commands of the services layer: `handlingsrom services`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import typer

from handlingsrom.cli.common import (
    DataOption,
    DatasetOption,
    EndYearOption,
    ToAlias,
    check_output_file,
    end_year_of,
    load_dataset,
    load_scenarios,
    plan_within_budget,
    write_text_atomic,
)
from handlingsrom.errors import HandlingsromError
from handlingsrom.plan import PlanOptions, Stage
from handlingsrom.services import band_frame, catalogue_frame

# Output precision: whole NOK, tenths of a user or place, hundredths of an FTE, ratios 4.
DECIMALS = {
    "users": 1,
    "capacity": 1,
    "gap": 1,
    "cost_nok": 0,
    "pressure_nok": 0,
    "fte": 2,
    "working_age": 1,
    "residents_80_plus": 1,
    "working_age_per_fte": 4,
    "working_age_per_80_plus": 4,
    "fte_share_of_working_age": 4,
    "net_cost_per_user_nok": 0,
    "fte_per_user": 5,
    "net_cost_nok": 0,
    "gross_cost_nok": 0,
}


def register(app: typer.Typer) -> None:
    app.command("services")(services)


def services(
    dataset: str | None = DatasetOption,
    data: Path | None = DataOption,
    base_year: int | None = typer.Option(
        None, "--base-year", help="First year (default: the dataset's base year)."
    ),
    end_year: int | None = EndYearOption("base year + 40"),
    to: int | None = ToAlias,
    out: Path = typer.Option(
        Path("services.csv"), "--out", help="CSV file to write (default: services.csv)."
    ),
    pressure: bool = typer.Option(
        False,
        "--pressure",
        help="Write the demographic cost pressure (year,service,sector,pressure_nok) instead.",
    ),
    scenario: str | None = typer.Option(
        None,
        "--scenario",
        help="A scenario file (TOML) or the name of one of the dataset's scenarios, e.g. with "
        "the services levers services.<id>.coverage_change, .efficiency, .standard_change.",
    ),
    investments: bool = typer.Option(
        False,
        "--investments",
        help="Add the capacity of the dataset's investment projects (as the economy layer "
        "does) to the facilities' capacity.",
    ),
    bands: bool = typer.Option(
        False,
        "--bands",
        help="Write users, cost and pressure per coverage (age) band: "
        "year,service,band,users,cost_nok,pressure_nok.",
    ),
    catalogue: bool = typer.Option(
        False,
        "--catalogue",
        help="Write the calibrated catalogue (cost, users, cost per user, FTEs in 2016) instead.",
    ),
    staff: bool = typer.Option(
        False,
        "--staff",
        help="Write FTEs needed and working-age residents (20–66) per FTE and per 80+ instead.",
    ),
) -> None:
    """Service demand, net cost and FTEs per service and year from the population projection.

    Writes year,service,users,cost_nok,fte,capacity,gap: net cost in fixed calibration-year
    prices (2016 for the default data).
    """
    if pressure + staff + catalogue + bands > 1:
        raise HandlingsromError("give at most one of --pressure, --staff, --bands, --catalogue")
    check_output_file(out)
    ds = load_dataset(dataset, data)
    if catalogue:
        table = catalogue_frame(ds).round(DECIMALS)
        write_text_atomic(out, table.to_csv(index=False, lineterminator="\n"))
        typer.echo(f"wrote {out} ({len(table)} services)")
        return
    base = ds.base_year if base_year is None else base_year
    end = end_year_of(base, end_year, to, default=base + 40)
    assert end is not None
    if end <= base:
        option = "--to" if to is not None else "--end-year"
        raise HandlingsromError(
            f"{option}: expected a year after the base year {base}, found {end}"
        )
    sc, _ = load_scenarios(ds, [scenario] if scenario else [])
    stage: Stage = "economy" if investments else "services"
    options = PlanOptions(base_year=base, end_year=end, stages=frozenset({stage}))
    plan = plan_within_budget(ds, sc, options)
    ds = plan.dataset
    assert plan.services is not None
    result = plan.services
    if plan.inputs is not None:  # the economy's services: completed and planned capacity
        pressure_nok = result.pressure_nok.copy()
        pressure_nok[..., 0] = 0.0  # as without --investments: no pressure in the first year
        result = replace(result, pressure_nok=pressure_nok)
        population, years = plan.inputs.population, plan.inputs.services.years
        extra = plan.inputs.static.extra_capacity or None
    else:
        population, years, extra = plan.population.population, plan.population.years, None
    if pressure:
        frame = result.pressure_frame()
    elif bands:
        frame = band_frame(ds, population, years, extra_capacity=extra)
        frame = frame[frame.year >= base].reset_index(drop=True)
        frame.loc[frame.year == base, "pressure_nok"] = 0.0
    elif staff:
        frame = result.staff_frame()
    else:
        frame = result.to_frame()
    frame = frame.round(DECIMALS)
    for col in ("cost_nok", "pressure_nok"):
        if col in frame:
            frame[col] = frame[col].astype("int64")
    write_text_atomic(out, frame.to_csv(index=False, lineterminator="\n"))
    years = result.years
    pick = [i for i, y in enumerate(years) if y - base in (0, 4, 20, 40) or y == end]
    cost = result.total_cost()
    fte = result.total_fte()
    push = result.total_pressure()
    typer.echo(
        f"{ds.meta.title}: services {base}–{end} "
        f"(NOK million, fixed {result.calibration_year} prices)"
    )
    typer.echo("year   net cost   pressure     FTEs")
    for i in sorted(set(pick)):
        typer.echo(f"{years[i]}  {cost[i] / 1e6:9.0f}  {push[i] / 1e6:9.1f}  {fte[i]:7.0f}")
    opens = {s: y for s, y in result.gap_opens().items() if y is not None}
    persists = result.gap_persists()
    if opens:
        typer.echo(
            "capacity gap (demand > capacity) first opens: "
            + ", ".join(f"{s} {y}" for s, y in opens.items())
        )
        typer.echo(
            "and stays open from: "
            + ", ".join(f"{s} {persists[s] or 'closed by ' + str(end)}" for s in opens)
        )
    typer.echo(f"wrote {out} ({len(frame)} rows)")

"""CLI commands of the economy layer: `handlingsrom economy`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import typer

from handlingsrom.cli.common import (
    DataOption,
    DatasetOption,
    EndYearOption,
    ToAlias,
    check_output_folder,
    end_year_of,
    load_dataset,
    load_scenarios,
    plan_within_budget,
    write_text_atomic,
)
from handlingsrom.dataset.model import Dataset
from handlingsrom.economy import EconomyResult
from handlingsrom.errors import HandlingsromError
from handlingsrom.plan import PlanOptions
from handlingsrom.plan.result import Prices


def register(app: typer.Typer) -> None:
    app.command("economy")(economy)


def economy(
    base_year: int | None = typer.Option(
        None, "--base-year", help="First plan year (default: the dataset's base year)."
    ),
    end_year: int | None = EndYearOption("base year + 40"),
    to: int | None = ToAlias,
    scenario: str | None = typer.Option(
        None,
        "--scenario",
        help="Scenario file (TOML) or the name of one of the dataset's scenarios, applied "
        "before the run.",
    ),
    out: Path = typer.Option(Path("handlingsrom-output/economy"), "--out", help="Output folder."),
    prices: str = typer.Option(
        "fixed",
        "--prices",
        help="Amounts in fixed prices of the base year (default) or current prices.",
    ),
    dataset: str | None = DatasetOption,
    data: Path | None = DataOption,
) -> None:
    """Operating budget, key figures and financial rules, year by year.

    Writes budget.csv (year,sector,item,amount_nok), key_figures.csv
    (year,indicator,value,unit) and rules.csv (year,rule,value,threshold,kept) to --out.
    """
    if prices not in ("fixed", "current"):
        raise HandlingsromError(f"--prices: expected fixed or current, found {prices!r}")
    check_output_folder(out)
    ds = load_dataset(dataset, data)
    end = end_year_of(base_year or ds.base_year, end_year, to)
    sc, _ = load_scenarios(ds, [scenario] if scenario else [])
    options = PlanOptions(base_year=base_year, end_year=end, stages=frozenset({"economy"}))
    plan = plan_within_budget(ds, sc, options)
    if plan.economy is None:
        raise HandlingsromError(f"dataset {ds.meta.name} has no economy tables (budget.csv …)")
    result = plan.economy
    write_outputs(result, out, "current" if prices == "current" else "fixed")
    write_text_atomic(out / "reconciliation.csv", _csv(reconciliation(result, plan.dataset)))
    typer.echo(summary(result))
    typer.echo(
        f"wrote {out}/budget.csv, key_figures.csv, rules.csv, reconciliation.csv ({prices} prices)"
    )


def write_outputs(result: EconomyResult, out: Path, prices: Prices = "fixed") -> None:
    budget = result.budget_frame(prices)
    key = result.key_figures_frame(prices)
    rules = result.rules_frame()
    write_text_atomic(out / "budget.csv", _csv(budget))
    write_text_atomic(out / "key_figures.csv", _csv(key))
    write_text_atomic(out / "rules.csv", _csv(rules))


def reconciliation(result: EconomyResult, ds: Dataset) -> pd.DataFrame:
    """The modelled accounts year beside the accounts in budget.csv (same prices)."""
    model = result.accounts_frame().set_index("indicator")["value"]
    year = int(result.years[0]) - 1
    budget = ds.table("budget")
    acc = budget[(budget.year == year) & (budget.sector == ds.sectors.central)]
    rows = []
    alias = {"gross_operating_expenditure": "operating_expenditure"}
    for item, amount, source in zip(acc["item"], acc["amount_nok"], acc["source"], strict=True):
        name = alias.get(item, item)
        if name not in model.index:
            continue
        rows.append(
            {
                "year": year,
                "indicator": name,
                "model_nok": float(model[name]),
                "accounts_nok": float(amount),
                "difference_nok": float(model[name]) - float(amount),
                "source": source,
            }
        )
    return pd.DataFrame(rows)


def _csv(df: pd.DataFrame) -> str:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f":
            out[col] = out[col].round(4) + 0.0  # no "-0.0000"
    return str(out.to_csv(index=False, lineterminator="\n", float_format="%.4f"))


def summary(result: EconomyResult) -> str:
    """The four-year programme year by year, then +20 and +40 years (fixed prices, MNOK)."""
    years = result.years
    first = int(years[0])
    picks = [y for y in (*range(first, first + 4), first + 20, first + 40) if y <= years[-1]]
    kf = result.key_figures
    lines = [
        f"amounts in MNOK, fixed {first} prices",
        "year  frame MNOK  restructuring  investment  NDR %  debt %  buffer MNOK  rules broken",
    ]
    for y in picks:
        i = int(np.searchsorted(years, y))
        broken = [r.id for r in result.rules if not result.kept[r.id][i]]
        lines.append(
            f"{y}  {kf['operating_frame'][i] / 1e6:10.0f}  {kf['restructuring'][i] / 1e6:13.0f}  "
            f"{kf['investment_expenditure'][i] / 1e6:10.0f}  "
            f"{kf['net_operating_result_pct'][i]:5.1f}  {kf['loan_debt_pct'][i]:6.1f}  "
            f"{kf['buffer_fund'][i] / 1e6:11.0f}  {', '.join(broken) or '-'}"
        )
    return "\n".join(lines)

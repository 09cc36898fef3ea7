"""CLI commands of the scenarios layer: `savings`, `stress`, `risk` and `compare`.

Each runs the plan (:func:`handlingsrom.plan.run_plan`) with the stages it needs; scenario
files are read here (the shell) and parsed by the scenarios layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeGuard, get_args

import numpy as np
import pandas as pd
import typer

from handlingsrom.cli.common import (
    DataOption,
    DatasetOption,
    EndYearOption,
    ToAlias,
    YearsAlias,
    check_output_folder,
    end_year_of,
    load_dataset,
    load_scenarios,
    plan_within_budget,
    records,
    write_text_atomic,
)
from handlingsrom.dataset.model import Dataset
from handlingsrom.errors import HandlingsromError
from handlingsrom.plan import PlanOptions, PlanResult, SavingsOptions
from handlingsrom.scenarios import RiskResult, Scenario, stack
from handlingsrom.scenarios.savings import (
    DEFAULT_MAX_GROWTH,
    Allocation,
    SavingsPath,
    WaitingCost,
)
from handlingsrom.scenarios.solve import DEFAULT_HORIZON_YEARS


def register(app: typer.Typer) -> None:
    app.command("savings")(savings)
    app.command("stress")(stress)
    app.command("risk")(risk)
    app.command("compare")(compare_cmd)


def _scenario(ds: Dataset, spec: str | None) -> Scenario | None:
    return load_scenarios(ds, [spec] if spec else [])[0]


def _write(out: Path, name: str, df: pd.DataFrame) -> Path:
    path = out / name
    write_text_atomic(path, df.to_csv(index=False, lineterminator="\n"))
    return path


DEFAULT_END = f"base year + {DEFAULT_HORIZON_YEARS - 1}, {DEFAULT_HORIZON_YEARS} years"


def _end_year(ds: Dataset, end_year: int | None, to: int | None, years: int | None) -> int:
    """The last year of the run: --end-year (or its deprecated aliases --to, --years),
    default the base year and 19 more."""
    default = ds.base_year + DEFAULT_HORIZON_YEARS - 1
    end = end_year_of(ds.base_year, end_year, to, years, default=default)
    assert end is not None
    if end <= ds.base_year:
        raise HandlingsromError(
            f"--end-year: expected a year after the base year {ds.base_year}, found {end}"
        )
    return end


def _is_allocation(value: str) -> TypeGuard[Allocation]:
    return value in get_args(Allocation)


def _mnok(x: float) -> str:
    return f"{x / 1e6:,.0f}".replace(",", " ")


# --------------------------------------------------------------------------- savings
def savings(
    out: Path = typer.Option(..., "--out", help="Folder to write the CSV files to."),
    start_year: int = typer.Option(
        None, "--start-year", help="First year savings may start (default: the base year)."
    ),
    max_growth: float = typer.Option(
        100 * DEFAULT_MAX_GROWTH,
        "--max-growth",
        help="Largest growth of the savings in one year, in percent of the operating frame.",
    ),
    end_year: int | None = EndYearOption(DEFAULT_END),
    to: int | None = ToAlias,
    years: int | None = YearsAlias,
    allocation: str = typer.Option(
        "pro_rata", "--allocation", help="Spread over sectors: pro_rata, protected or shares."
    ),
    protect: list[str] = typer.Option(
        None, "--protect", help="A sector protected from savings (with --allocation protected)."
    ),
    shares: str = typer.Option(
        None,
        "--shares",
        help="Sector shares with --allocation shares, in the order of sectors.csv.",
    ),
    max_delay: int = typer.Option(10, "--max-delay", help="Largest delay of the waiting curve."),
    discount_rate: float = typer.Option(
        0.0,
        "--discount-rate",
        help="Yearly rate (percent) the total is discounted at when the smallest is sought.",
    ),
    rule: list[str] = typer.Option(
        None, "--rule", help="Keep only this rule (repeatable; default: every rule)."
    ),
    scenario: str = typer.Option(
        None,
        "--scenario",
        help="A scenario file or dataset scenario name (a+b combines them) to solve for.",
    ),
    dataset: str = DatasetOption,
    data: Path = DataOption,
) -> None:
    """Required savings to keep every financial rule, and the cost of waiting.

    The lasting savings path with the smallest (discounted) total within the pace limit. When
    no path keeps the rules it says which rule, from which year and by how much. Writes
    savings.csv (year, sector, savings_nok), savings_path.csv (level, increment, cap, binding
    rule, rules not kept and shortfall per year) and cost_of_waiting.csv (delay_years,
    total_nok, peak_nok, …, status).
    """
    check_output_folder(out)
    ds = load_dataset(dataset, data)
    if not _is_allocation(allocation):
        raise HandlingsromError(
            f"--allocation: expected pro_rata, protected or shares, found {allocation!r}"
        )
    if not 0 < max_growth <= 50:
        raise HandlingsromError(f"--max-growth: expected a percent in (0, 50], found {max_growth}")
    if not 0 <= max_delay <= 30:
        raise HandlingsromError(f"--max-delay: expected 0 to 30 years, found {max_delay}")
    n_sectors = len(ds.sectors)
    share_values = None
    if shares is not None:
        try:
            share_values = tuple(float(x) for x in shares.split(","))
        except ValueError:
            raise HandlingsromError(
                f"--shares: expected {n_sectors} numbers separated by commas, found {shares!r}"
            ) from None
    end = _end_year(ds, end_year, to, years)
    start = ds.base_year if start_year is None else start_year
    if not ds.base_year <= start <= end:
        raise HandlingsromError(
            f"--start-year: expected a year from {ds.base_year} to {end}, found {start}"
        )
    known = list(ds.table("rules")["id"]) if ds.has("rules") else []
    for r in rule or []:
        if r not in known:
            raise HandlingsromError(f"--rule: expected one of {', '.join(known)}, found {r!r}")
    options = PlanOptions(
        end_year=end,
        stages=frozenset({"waiting"}),
        savings=SavingsOptions(
            start_year=start,
            max_growth=max_growth / 100,
            allocation=allocation,
            protected=tuple(protect or ()),
            shares=share_values,
            rules=tuple(rule) if rule else None,
            delays=tuple(d for d in range(max_delay + 1) if start + d <= end),
            discount_rate=discount_rate / 100,
        ),
    )
    plan = plan_within_budget(ds, _scenario(ds, scenario), options)
    path, wait = plan.savings, plan.waiting
    assert path is not None and wait is not None
    out.mkdir(parents=True, exist_ok=True)
    _write(out, "savings.csv", path.frame())
    _write(out, "savings_path.csv", path.path_frame())
    _write(out, "cost_of_waiting.csv", wait.frame())
    _print_savings(path, wait, out)


def _print_savings(path: SavingsPath, wait: WaitingCost, out: Path) -> None:
    years = path.years
    t0 = int(np.searchsorted(years, path.start_year))
    typer.echo(
        f"Required savings {int(years[0])}–{int(years[-1])} from {path.start_year} "
        f"(cap {_mnok(float(path.cap_nok[t0]))} MNOK in {path.start_year}): "
        f"total {_mnok(path.total_nok)} MNOK, "
        f"final level {_mnok(float(path.level_nok[-1]))} MNOK/yr, "
        f"peak new cut {_mnok(path.peak_nok)} MNOK; " + path.message()
    )
    cuts = [
        f"{int(y)} {_mnok(float(c))}"
        for y, c in zip(years, path.increment_nok, strict=True)
        if c >= 0.5e6
    ]
    if cuts:
        typer.echo("  new cuts by year (MNOK): " + ", ".join(cuts))
    for y, rules in sorted(path.unreachable.items()):
        typer.echo(f"  {y}: no savings within reach keep {', '.join(rules)}")
    for y, rules in sorted(path.short_of_cap.items()):
        t = int(np.searchsorted(years, y))
        typer.echo(
            f"  {y}: the growth cap leaves {', '.join(rules)} broken "
            f"(short by {_mnok(float(path.shortfall_nok[t]))} MNOK)"
        )
    f = wait.frame()
    typer.echo("Cost of waiting (delay: total MNOK / peak yearly cut MNOK):")
    typer.echo(
        "  "
        + "; ".join(
            f"{int(r.delay_years)}: {_mnok(r.total_nok)} / {_mnok(r.peak_nok)}" for r in records(f)
        )
    )
    typer.echo("  " + wait.message())
    typer.echo(f"wrote {out}/savings.csv, savings_path.csv, cost_of_waiting.csv")


# --------------------------------------------------------------------------- stress
def stress(
    out: Path = typer.Option(..., "--out", help="Folder to write the CSV files to."),
    scenario: list[str] = typer.Option(
        None,
        "--scenario",
        help="A stress-test file or the name of one of the dataset's scenarios (repeatable; "
        "default: the dataset's scenarios of kind stress).",
    ),
    end_year: int | None = EndYearOption(DEFAULT_END),
    to: int | None = ToAlias,
    years: int | None = YearsAlias,
    no_savings: bool = typer.Option(
        False, "--no-savings", help="Skip the required-savings solve of each test."
    ),
    max_growth: float = typer.Option(
        100 * DEFAULT_MAX_GROWTH, "--max-growth", help="Savings growth cap, percent of frame."
    ),
    dataset: str = DatasetOption,
    data: Path = DataOption,
) -> None:
    """The stress tests side by side with the baseline: key figures, rules, savings.

    Writes stress_key_figures.csv and stress_rules.csv (with a scenario column) and
    stress_summary.csv (one row per scenario).
    """
    check_output_folder(out)
    ds = load_dataset(dataset, data)
    tests = None
    if scenario:
        found = [load_scenarios(ds, [spec])[0] for spec in scenario]
        tests = tuple(t for t in found if t is not None)
    options = PlanOptions(
        end_year=_end_year(ds, end_year, to, years),
        stages=frozenset({"stress", "savings"} if not no_savings else {"stress"}),
        stress_tests=tests,
        stress_savings=not no_savings,
        savings=SavingsOptions(max_growth=max_growth / 100),
    )
    plan = plan_within_budget(ds, None, options)
    if plan.stress is None:
        raise HandlingsromError(
            f"dataset {ds.meta.name} defines no stress tests (scenario files with "
            'kind = "stress"): name some with --scenario'
        )
    result = plan.stress
    out.mkdir(parents=True, exist_ok=True)
    _write(out, "stress_key_figures.csv", result.key_figures_frame())
    _write(out, "stress_rules.csv", result.rules_frame())
    summary = result.summary_frame()
    _write(out, "stress_summary.csv", summary)
    for r in records(summary):
        extra = ""
        if "savings_total_nok" in summary.columns:
            extra = (
                f", required savings total {_mnok(r.savings_total_nok)} MNOK "
                f"(final level {_mnok(r.savings_final_level_nok)} MNOK/yr)"
            )
        typer.echo(f"{r.scenario}: {r.rule_years_broken} rule-years broken{extra}")
    typer.echo(f"wrote {out}/stress_key_figures.csv, stress_rules.csv, stress_summary.csv")


# --------------------------------------------------------------------------- risk
def risk(
    out: Path = typer.Option(..., "--out", help="Folder to write the CSV files to."),
    paths: int = typer.Option(200, "--paths", help="Number of stochastic paths."),
    seed: int = typer.Option(2017, "--seed", help="Random seed (same seed, same result)."),
    end_year: int | None = EndYearOption(DEFAULT_END),
    to: int | None = ToAlias,
    years: int | None = YearsAlias,
    scenario: str = typer.Option(
        None, "--scenario", help="A scenario file or dataset scenario name (a+b combines them)."
    ),
    charts: bool = typer.Option(
        False, "--charts", help="Also draw fan charts of the net operating result and debt ratio."
    ),
    with_savings: bool = typer.Option(
        False,
        "--with-savings",
        help="Apply the required-savings path (default settings) on every path: how the "
        "plan holds up under bad luck.",
    ),
    dataset: str = DatasetOption,
    data: Path = DataOption,
) -> None:
    """Probability of breaking each financial rule per year, and key-figure quantiles.

    Runs the economy over stochastic paths of population, interest and the tax level.

    Writes rule_risk.csv (year, rule, probability), rule_risk_any.csv and
    key_figure_quantiles.csv (year, indicator, quantile, value).
    """
    check_output_folder(out)
    ds = load_dataset(dataset, data)
    if not 1 <= paths <= 100_000:
        raise HandlingsromError(f"--paths: expected 1 to 100000, found {paths}")
    options = PlanOptions(
        end_year=_end_year(ds, end_year, to, years),
        stages=frozenset({"risk"}),
        risk_paths=paths,
        seed=seed,
        risk_with_savings=with_savings,
        workers=1,
    )
    plan = plan_within_budget(ds, _scenario(ds, scenario), options)
    result = plan.risk
    assert result is not None
    out.mkdir(parents=True, exist_ok=True)
    _write(out, "rule_risk.csv", result.frame())
    _write(out, "rule_risk_any.csv", result.any_rule_frame())
    _write(out, "key_figure_quantiles.csv", result.quantile_frame())
    if charts:
        for indicator in ("net_operating_result_pct", "loan_debt_pct"):
            _fan_chart(result, indicator, out / f"fan_{indicator}.png")
    frame = result.frame()
    worst = frame.groupby("rule")["probability"].max()
    typer.echo(
        f"{result.n_paths} paths, seed {seed}: highest yearly probability of breaking — "
        + ", ".join(f"{k} {v:.0%}" for k, v in worst.items())
    )
    typer.echo(f"wrote {out}/rule_risk.csv, rule_risk_any.csv, key_figure_quantiles.csv")


_FAN_TITLES = {
    "net_operating_result_pct": "Net operating result, % of revenue (netto driftsresultat)",
    "loan_debt_pct": "Loan debt, % of revenue (lånegjeld)",
}


def _fan_chart(result: RiskResult, indicator: str, path: Path) -> None:
    """A fan chart (quantile bands and median) of one key figure, as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    q = result.fan[indicator]
    years = result.years
    n = len(result.quantiles)
    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=120)
    for i in range(n // 2):
        lo, hi = result.quantiles[i], result.quantiles[n - 1 - i]
        ax.fill_between(
            years,
            q[i],
            q[n - 1 - i],
            color="tab:blue",
            alpha=0.18 + 0.12 * i,
            lw=0,
            label=f"{lo:.0%}–{hi:.0%}",
        )
    if n % 2:
        ax.plot(years, q[n // 2], color="tab:blue", lw=1.6, label="median")
    rule = next((r for r in result.rules if r.indicator == indicator), None)
    if rule is not None:
        ax.axhline(rule.threshold, color="tab:red", lw=1, ls="--", label=f"rule {rule.id}")
    ax.set_title(f"{_FAN_TITLES.get(indicator, indicator)} — {result.n_paths} paths", fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


# --------------------------------------------------------------------------- compare
def compare_cmd(
    scenarios: list[str] = typer.Argument(
        None, help="Scenario files or dataset scenario names; a+b combines them (later wins)."
    ),
    out: Path = typer.Option(..., "--out", help="Folder to write the CSV files to."),
    end_year: int | None = EndYearOption(DEFAULT_END),
    to: int | None = ToAlias,
    years: int | None = YearsAlias,
    dataset: str = DatasetOption,
    data: Path = DataOption,
) -> None:
    """Run the baseline and each scenario through the whole chain and stack the results.

    Writes key_figures.csv, rules.csv, budget.csv, services.csv and population.csv, each
    with a leading scenario column.
    """
    check_output_folder(out)
    ds = load_dataset(dataset, data)
    options = PlanOptions(
        end_year=_end_year(ds, end_year, to, years), stages=frozenset({"economy"})
    )
    plans = [plan_within_budget(ds, None, options)]
    plans += [
        plan_within_budget(ds, _scenario(ds, s), options, validate=False) for s in scenarios or []
    ]
    out.mkdir(parents=True, exist_ok=True)
    for table in COMPARED:
        _write(out, f"{table}.csv", stack([(p.name, _table(p, table)) for p in plans]))
    typer.echo(f"{len(plans)} runs; wrote {out}/" + ", ".join(f"{t}.csv" for t in COMPARED))


COMPARED = ("key_figures", "rules", "budget", "services", "population")


def _table(plan: PlanResult, table: str) -> pd.DataFrame:
    frames = {
        "key_figures": plan.key_figures_frame,
        "rules": plan.rules_frame,
        "budget": plan.budget_frame,
        "services": plan.services_frame,
        "population": plan.population_frame,
    }
    return frames[table]()

"""The result tables of `docs/scenarios.md` (between `<!-- results:start/end -->`).

Each table is built from the CSV files of the `handlingsrom` command shown above it in the
doc, so a reader can rerun that one command and compare. The prose that reads the tables
stays in the doc: rerun, then re-read it against the new figures.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tools.doc_figures.common import DOCS, block, mnok, num, run_cli, table, update

DOC = DOCS / "scenarios.md"
SCENARIO_DIR = "src/handlingsrom/datasets/baerum-2017/scenarios"
COMBINED = "+".join(
    f"{SCENARIO_DIR}/ldip-{name}.toml" for name in ("inntektssvikt", "rente", "investeringstakt")
)
RISK = ["risk", "--paths", "1000", "--seed", "2017"]

# Output folder name -> the command's arguments (without --out).
RUNS: dict[str, list[str]] = {
    "s20": ["savings"],
    "s40": ["savings", "--years", "40"],
    "c20": ["savings", "--scenario", COMBINED],
    "c40": ["savings", "--years", "40", "--scenario", COMBINED],
    "c40long": ["savings", "--years", "40", "--max-delay", "25", "--scenario", COMBINED],
    "stress": ["stress"],
    "stress40": ["stress", "--years", "40"],
    "risk": RISK,
    "risk40": [*RISK, "--years", "40"],
    "riskplan": [*RISK, "--years", "40", "--with-savings"],
}
SAVINGS_RUNS = {
    "s20": "default",
    "s40": "default",
    "c20": "three LDIP stresses combined",
    "c40": "three LDIP stresses combined",
}
STRESS_YEARS = (2020, 2026, 2036)
STRESS_INDICATORS = {
    "net_operating_result_pct": "NDR %",
    "loan_debt_pct": "debt %",
    "buffer_fund": "buffer fund MNOK",
}
RISK_YEARS = (2020, 2026, 2031, 2036)
RISK_YEARS_40 = (*RISK_YEARS, 2046, 2056)
FAN_INDICATORS = ("net_operating_result_pct", "loan_debt_pct")
# Delay rows shown before the waiting curve leaves the delay-0 row, for context.
CONTEXT_DELAYS = 2


def run_all(out: Path) -> None:
    """Run every command of the results section into `out/<name>`."""
    for name, args in RUNS.items():
        run_cli([*args, "--out", str(out / name)])


def shown(name: str) -> str:
    """The command as the doc prints it (`out/` stands for any folder)."""
    return " ".join([*RUNS[name], "--out", f"out/{name}"])


def read(out: Path, name: str, file: str) -> pd.DataFrame:
    return pd.read_csv(out / name / file)


# --- required savings and the cost of waiting -------------------------------------------


def path_table(path: pd.DataFrame, savings: pd.DataFrame) -> str:
    """The years with savings: level, new cut, cap, binding rule and the level per sector."""
    by_sector = savings.pivot_table(
        index="year", columns="sector", values="savings_nok", sort=False
    )
    header = ["year", "level (MNOK/yr)", "new cut", "cap", "binding rule", *by_sector.columns]
    rows = [
        [
            str(r.year),
            mnok(r.level_nok),
            mnok(r.increment_nok),
            mnok(r.cap_nok),
            r.binding_rule if isinstance(r.binding_rule, str) else "",
            *(mnok(v) for v in by_sector.loc[r.year]),
        ]
        for r in path[path.level_nok > 0].itertuples()
    ]
    return table(header, rows)


WAITING_HEADER = [
    "delay (years)",
    "start",
    "total (MNOK)",
    "of which savings",
    "of which gap while waiting",
    "peak yearly cut (MNOK)",
    "final level (MNOK/yr)",
    "all rules kept",
    "status",
]


def waiting_rows(waiting: pd.DataFrame) -> list[list[str]]:
    """One row per delay, amounts rounded to MNOK as the doc shows them."""
    return [
        [
            str(r.delay_years),
            str(r.start_year),
            mnok(r.total_nok),
            mnok(r.savings_total_nok),
            mnok(r.gap_while_waiting_nok),
            mnok(r.peak_nok),
            mnok(r.final_level_nok),
            "yes" if r.feasible else "no",
            str(r.status).replace("_", " "),
        ]
        for r in waiting.itertuples()
    ]


def savings_section(out: Path, name: str) -> list[str]:
    """Required savings over one horizon, then its cost-of-waiting table."""
    path = read(out, name, "savings_path.csv")
    first, last = path.year.min(), path.year.max()
    title = f"{SAVINGS_RUNS[name]}, {last - first + 1} years ({first}–{last})"
    lines = [f"#### Required savings — {title}", "", f"`{shown(name)}`", ""]
    if (path.level_nok > 0).any():
        total = mnok(path.level_nok.sum())
        lines += [f"Total over the horizon: **{total} MNOK**; the years with savings:", ""]
        lines += [path_table(path, read(out, name, "savings.csv")), ""]
    else:
        lines += ["No savings needed: every rule is kept in every year without new restructuring."]
        lines += [""]
    waiting = read(out, name, "cost_of_waiting.csv")
    return [*lines, table(WAITING_HEADER, waiting_rows(waiting)), ""]


def long_waiting_section(out: Path) -> list[str]:
    """The waiting curve from just before it leaves the delay-0 row (the rows before it equal
    delay 0, so they are left out)."""
    rows = waiting_rows(read(out, "c40long", "cost_of_waiting.csv"))
    differs = [i for i, row in enumerate(rows) if row[2:] != rows[0][2:]]
    start = max((differs[0] if differs else len(rows)) - CONTEXT_DELAYS, 0)
    note = ""
    if start > 0:
        note = f" (delays {start}–{len(rows) - 1} shown; 0–{start - 1} equal delay 0)"
    return [
        "#### The waiting curve past the first binding year — three LDIP stresses, 40 years",
        "",
        f"`{shown('c40long')}`{note}",
        "",
        table(WAITING_HEADER, rows[start:]),
        "",
    ]


# --- stress tests -------------------------------------------------------------------------


def stress_cells(key_figures: pd.DataFrame, scenario: str) -> list[str]:
    """The scenario's key figures in the shown years, indicator by indicator."""
    kf = key_figures[key_figures.scenario == scenario].set_index(["indicator", "year"]).value
    return [
        mnok(kf[ind, y]) if ind == "buffer_fund" else f"{kf[ind, y]:.1f}"
        for ind in STRESS_INDICATORS
        for y in STRESS_YEARS
    ]


def stress_section(out: Path) -> list[str]:
    """The five runs side by side over 20 years, with what 40 years add."""
    key_figures = read(out, "stress", "stress_key_figures.csv")
    summary = read(out, "stress", "stress_summary.csv")
    summary40 = read(out, "stress40", "stress_summary.csv").set_index("scenario")
    header = [
        "scenario",
        *(f"{label} {y}" for label in STRESS_INDICATORS.values() for y in STRESS_YEARS),
        "rule-years broken (20 y)",
        "required savings 20 y (MNOK)",
        "rules broken within 40 y (rule-years)",
        "first year broken (40 y)",
        "required savings 40 y (MNOK)",
    ]
    rows = []
    for r in summary.itertuples():
        r40 = summary40.loc[r.scenario]
        broken = r40.rules_broken if isinstance(r40.rules_broken, str) else "none"
        first = "" if pd.isna(r40.first_year_broken) else str(int(r40.first_year_broken))
        rows.append(
            [
                r.scenario,
                *stress_cells(key_figures, r.scenario),
                str(r.rule_years_broken),
                mnok(r.savings_total_nok),
                f"{broken} ({r40.rule_years_broken})",
                first or "–",
                mnok(r40.savings_total_nok),
            ]
        )
    level = summary.set_index("scenario").investment_per_inhabitant_first_10_years["baseline"]
    return [
        "#### Stress tests side by side",
        "",
        f"`{shown('stress')}` and `{shown('stress40')}`",
        "",
        table(header, rows),
        "",
        "The baseline's average gross investment per inhabitant in the first ten years "
        f"(`investment_per_inhabitant_first_10_years`): NOK {num(level)}, the level that "
        "`ldip-investeringstakt.toml` sets from 2027 (rounded).",
        "",
    ]


# --- rule risk ----------------------------------------------------------------------------


def risk_table(out: Path, name: str, years: tuple[int, ...]) -> str:
    """Probability of breaking each rule (and any rule) in the shown years, and the maximum."""
    risk = read(out, name, "rule_risk.csv")
    by_rule = risk.pivot_table(index="rule", columns="year", values="probability")
    rows = [
        [rule, *(f"{row[y]:.1%}" for y in years), f"{row.max():.1%}"]
        for rule, row in by_rule.iterrows()
    ]
    any_rule = read(out, name, "rule_risk_any.csv").set_index("year").probability
    rows.append(["any rule", *(f"{any_rule[y]:.1%}" for y in years), f"{any_rule.max():.1%}"])
    return table(["rule", *map(str, years), "max over years"], rows)


def fan_table(out: Path, name: str, years: tuple[int, ...]) -> str:
    """The quantiles of the net operating result and the debt ratio in the shown years."""
    q = read(out, name, "key_figure_quantiles.csv")
    rows = []
    for ind in FAN_INDICATORS:
        for y in years:
            values = q[(q.indicator == ind) & (q.year == y)].sort_values("quantile").value
            rows.append([ind, str(y), *(f"{v:.1f}" for v in values)])
    return table(["key figure", "year", "5 %", "25 %", "50 %", "75 %", "95 %"], rows)


def risk_section(out: Path, name: str) -> list[str]:
    years = RISK_YEARS if name == "risk" else RISK_YEARS_40
    return [
        f"#### Rule risk — `{shown(name)}`",
        "",
        risk_table(out, name, years),
        "",
        "Fan (quantiles 5 / 25 / 50 / 75 / 95 %):",
        "",
        fan_table(out, name, years),
        "",
    ]


# --- the page -----------------------------------------------------------------------------


def results(out: Path) -> str:
    """The Markdown between the results markers, from the CSV files in `out`."""
    lines: list[str] = []
    for name in SAVINGS_RUNS:
        lines += savings_section(out, name)
    lines += long_waiting_section(out)
    lines += stress_section(out)
    for name in ("risk", "risk40", "riskplan"):
        lines += risk_section(out, name)
    return block("\n".join(lines))


def regenerate(out: Path, run: bool = True) -> bool:
    """Run the commands (unless `run` is False: reuse `out`) and rewrite the results section;
    True when the doc changed."""
    if run:
        run_all(out)
    return update(DOC, {"results": results(out)})

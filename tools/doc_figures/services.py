"""The figures of `docs/services.md`: catalogue, results and checks.

The result tables come from the CSV files of the `handlingsrom services` commands the doc
lists; the coverage table and the 2016 reconciliation come from the dataset and
`run_services` directly, as the doc describes them. The checks against other figures need
the shared data (`services_checks.py`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from handlingsrom.dataset import io
from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import base_population
from handlingsrom.services import run_services
from tools.doc_figures import services_checks
from tools.doc_figures.common import DOCS, and_list, block, num, run_cli, table, update

DOC = DOCS / "services.md"
YEARS = (2017, 2021, 2037, 2057)
PRESSURE_YEARS = (2018, 2019, 2020, 2021, 2027, 2037, 2047, 2057)
BAND_YEARS = (2017, 2037, 2057)
BUILDINGS = ("barnehage", "grunnskole", "institusjon")  # the services with capacity
BAND_SERVICES = ("hjemmetjenester", "institusjon")

# The scenario of the doc's unit-size example (the same text as its code block).
NO_SIZE = """name = "no-unit-size-effect"
[assumptions]
"services.barnehage.unit_size_elasticity" = 0.0
"services.grunnskole.unit_size_elasticity" = 0.0
"services.institusjon.unit_size_elasticity" = 0.0
"""

# Output file -> the command's arguments (without --out), as the doc lists them.
RUNS: dict[str, list[str]] = {
    "services.csv": ["services", "--base-year", "2017", "--to", "2057"],
    "pressure.csv": ["services", "--to", "2057", "--pressure"],
    "staff.csv": ["services", "--to", "2057", "--staff"],
    "catalogue.csv": ["services", "--catalogue"],
    "bands.csv": ["services", "--to", "2057", "--bands"],
    "with-investments.csv": ["services", "--investments"],
    "no-size.csv": ["services", "--investments", "--scenario", "no-size.toml"],
}


def run_all(out: Path) -> None:
    """Run every command into `out` (the scenario file is written there first)."""
    (out / "no-size.toml").write_text(NO_SIZE, encoding="utf-8")
    for file, args in RUNS.items():
        args = [str(out / a) if a.endswith(".toml") else a for a in args]
        run_cli([*args, "--out", str(out / file)])


def cell(x: float, decimals: int = 0) -> str:
    """A table number; "–" where the catalogue has none (e.g. no capacity)."""
    return "–" if pd.isna(x) else num(x, decimals)


def bold(text: str) -> str:
    return f"**{text}**"


# --- the catalogue ------------------------------------------------------------------------


def catalogue_table(cat: pd.DataFrame) -> str:
    header = [
        "service",
        "sector",
        "KOSTRA",
        "user",
        "net cost 2016 (NOK m)",
        "users 2016",
        "net NOK per user",
        "variable share",
        "wage share",
        "FTEs 2016",
        "FTEs per user",
        "capacity 2017",
    ]
    rows = [
        [
            f"`{r.service}`",
            r.sector,
            r.kostra,
            r.unit,
            cell(r.net_cost_nok / 1e6, 1),
            cell(r.users),
            cell(r.net_cost_per_user_nok),
            f"{r.variable_share:g}",
            f"{r.wage_share:g}",
            cell(r.fte),
            f"{r.fte_per_user:.4f}",
            cell(r.capacity),
        ]
        for r in cat.itertuples()
    ]
    cost, fte = bold(num(cat.net_cost_nok.sum() / 1e6, 1)), bold(num(cat.fte.sum()))
    rows.append([bold("total"), "", "", "", cost, "", "", "", "", fte, "", ""])
    return table(header, rows, "llll" + "r" * 8)


def coverage_table(ds: Dataset) -> str:
    rows = [
        [
            f"`{r['service']}`",
            f"{r['age_from']}–{r['age_to']}",
            r["sex"],
            f"{r['coverage']:g}",
            f"{r['cost_weight']:g}",
        ]
        for r in ds.table("service_coverage").to_dict("records")
    ]
    return table(["service", "ages", "sex", "coverage", "cost weight"], rows, "lllrr")


def reconciliation_table(ds: Dataset, cat: pd.DataFrame) -> str:
    """Model 2016 cost on the observed population against the accounts it was built from.
    Differences are rounded to whole NOK: below that they are floating-point noise."""
    pop = np.stack([base_population(ds, 2016), base_population(ds, 2017)])
    model = run_services(ds, pop, np.array([2016, 2017])).cost_nok[:, 0]
    accounts = cat.net_cost_nok.to_numpy()
    rows = [
        [f"`{sid}`", num(a), num(m), num(m - a)]
        for sid, a, m in zip(cat.service, accounts, model, strict=True)
    ]
    total = [bold("total"), bold(num(accounts.sum())), bold(num(model.sum()))]
    rows.append([*total, num(model.sum() - accounts.sum())])
    header = ["service", "KOSTRA 2016 net (NOK)", "model 2016 (NOK)", "difference (NOK)"]
    return table(header, rows, "lrrr")


# --- results ------------------------------------------------------------------------------


def by_year_table(svc: pd.DataFrame, column: str, scale: float, decimals: int) -> str:
    """One service per row, the shown years as columns; a total row except for users."""
    wide = svc.pivot(index="service", columns="year", values=column)
    wide = wide.loc[svc.service.unique(), list(YEARS)] / scale
    rows = [[f"`{sid}`", *(num(v, decimals) for v in row)] for sid, row in wide.iterrows()]
    if column != "users":
        rows.append([bold("total"), *(bold(num(v, decimals)) for v in wide.sum())])
    return table(["service", *map(str, YEARS)], rows, "l" + "r" * len(YEARS))


def capacity_table(svc: pd.DataFrame) -> str:
    """Demand / capacity / gap of the services with buildings."""
    rows = []
    for sid in BUILDINGS:
        q = svc[svc.service == sid].set_index("year")
        cells = [" / ".join(num(q.loc[y, c]) for c in ("users", "capacity", "gap")) for y in YEARS]
        rows.append([f"`{sid}`", *cells])
    return table(["service", *map(str, YEARS)], rows, "l" + "r" * len(YEARS))


def first_gaps(svc: pd.DataFrame) -> str:
    """The first year demand exceeds capacity, and whether the gap is open in the last year."""
    parts = []
    for sid in BUILDINGS:
        gap = svc[svc.service == sid].set_index("year").gap
        end = int(gap.index.max())
        if not (gap > 0).any():
            parts.append(f"`{sid}` never (to {end})")
            continue
        state = "open" if gap.loc[end] > 0 else "closed"
        parts.append(f"`{sid}` {gap.index[gap > 0][0]} ({state} in {end})")
    return "; ".join(parts)


def unit_size_effect(with_size: pd.DataFrame, no_size: pd.DataFrame, year: int) -> str:
    """How much lower the net cost is with the unit-size effect, NOK million per service."""
    a = with_size.set_index(["year", "service"]).cost_nok
    b = no_size.set_index(["year", "service"]).cost_nok
    return and_list([f"{(b[year, s] - a[year, s]) / 1e6:.1f}" for s in BUILDINGS])


def bands_table(bands: pd.DataFrame) -> str:
    rows = []
    for sid in BAND_SERVICES:
        q = bands[bands.service == sid]
        for band in q.band.unique():
            r = q[q.band == band].set_index("year")
            users = [num(r.loc[y, "users"]) for y in BAND_YEARS]
            cost = [num(r.loc[y, "cost_nok"] / 1e6, 1) for y in BAND_YEARS]
            rows.append([f"`{sid}`", band, *users, *cost])
    header = ["service", "band", *(f"{k} {y}" for k in ("users", "cost") for y in BAND_YEARS)]
    return table(header, rows, "ll" + "r" * 6)


def pressure_by_sector(pressure: pd.DataFrame) -> pd.DataFrame:
    """NOK million per year (rows) and sector (columns)."""
    by = pressure.groupby(["year", "sector"]).pressure_nok.sum().unstack()
    return by / 1e6


def pressure_table(by_sector: pd.DataFrame) -> str:
    rows = [
        [str(y), *(num(v, 1) for v in by_sector.loc[y]), num(by_sector.loc[y].sum(), 1)]
        for y in PRESSURE_YEARS
    ]
    names = list(by_sector.columns)
    return table(["year", *names, "total"], rows, "l" + "r" * (len(names) + 1))


def staff_table(staff: pd.DataFrame) -> str:
    header = [
        "year",
        "residents 20–66",
        "residents 80+",
        "FTEs needed",
        "20–66 per FTE",
        "20–66 per 80+",
        "FTEs as share of 20–66",
    ]
    rows = [
        [
            str(y),
            num(r.working_age),
            num(r.residents_80_plus),
            num(r.fte),
            f"{r.working_age_per_fte:.2f}",
            f"{r.working_age_per_80_plus:.2f}",
            f"{100 * r.fte_share_of_working_age:.1f} %",
        ]
        for y, r in staff.loc[list(YEARS)].iterrows()
    ]
    return table(header, rows, "l" + "r" * 6)


def need_analyses(ds: Dataset, cat: pd.DataFrame, svc: pd.DataFrame) -> dict[str, str]:
    """The model's figures next to HP1's need analyses (users as the doc quotes them)."""
    users = svc.pivot(index="year", columns="service", values="users")
    kids_2016 = cat.set_index("service").users["barnehage"]
    cov = ds.table("service_coverage")
    school = float(cov[cov.service == "grunnskole"].coverage.iloc[0])
    nursing, home = users.institusjon, users.hjemmetjenester
    return {
        "kindergarten-growth-2035": num(users.barnehage[2035] - kids_2016),
        "kindergarten-2035": num(users.barnehage[2035]),
        "kindergarten-2016": num(kids_2016),
        "children-6-15-2025": num(users.grunnskole[2025] / school),
        "children-6-15-2035": num(users.grunnskole[2035] / school),
        "nursing-growth-2036": num(nursing[2036] - nursing[2017]),
        "nursing-2017": num(nursing[2017]),
        "nursing-2036": num(nursing[2036]),
        "home-care-2017": num(home[2017]),
        "home-care-2036": num(home[2036]),
    }


def staff_figures(staff: pd.DataFrame) -> dict[str, str]:
    return {
        "over-80-2017": num(staff.residents_80_plus[2017]),
        "over-80-2037": num(staff.residents_80_plus[2037]),
        "working-age-per-fte-2017": f"{staff.working_age_per_fte[2017]:.1f}",
        "working-age-per-fte-2057": f"{staff.working_age_per_fte[2057]:.1f}",
        "working-age-per-80-2017": f"{staff.working_age_per_80_plus[2017]:.1f}",
        "working-age-per-80-2057": f"{staff.working_age_per_80_plus[2057]:.1f}",
    }


def figures(out: Path) -> dict[str, str]:
    """Every marked figure of the doc, by marker name, from the CSV files in `out`."""
    ds = io.load()
    read = {file: pd.read_csv(out / file) for file in RUNS}
    cat, svc = read["catalogue.csv"], read["services.csv"]
    inv, no_size = read["with-investments.csv"], read["no-size.csv"]
    staff = read["staff.csv"].set_index("year")
    pressure = pressure_by_sector(read["pressure.csv"])
    total_pressure = pressure.sum(axis=1)
    return {
        "catalogue": block(catalogue_table(cat)),
        "coverage": block(coverage_table(ds)),
        "reconciliation": block(reconciliation_table(ds, cat)),
        "unit-size-2021": unit_size_effect(inv, no_size, 2021),
        "unit-size-2037": unit_size_effect(inv, no_size, 2037),
        "users": block(by_year_table(svc, "users", 1, 0)),
        "cost": block(by_year_table(svc, "cost_nok", 1e6, 1)),
        "fte": block(by_year_table(svc, "fte", 1, 0)),
        "capacity": block(capacity_table(svc)),
        "first-gap": first_gaps(svc),
        "capacity-investments": block(capacity_table(inv)),
        "first-gap-investments": first_gaps(inv),
        "bands": block(bands_table(read["bands.csv"])),
        "pressure": block(pressure_table(pressure)),
        "pressure-2018-2021": num(total_pressure.loc[2018:2021].sum()),
        "pressure-2018-2037": num(total_pressure.loc[2018:2037].sum()),
        "staff": block(staff_table(staff)),
        **staff_figures(staff),
        **need_analyses(ds, cat, svc),
    }


def regenerate(out: Path, shared: Path, run: bool = True) -> bool:
    """Run the commands (unless `run` is False: reuse `out`) and rewrite the figures; the
    checks are left as they are when the shared data are missing. True when the doc changed."""
    if run:
        run_all(out)
    return update(DOC, figures(out) | services_checks.figures(io.load(), shared))

"""Checks across tables and metadata of a dataset (pure)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from handlingsrom.dataset.kinds import KINDS_BY_NAME
from handlingsrom.dataset.kinds.economy import CENTRAL_ITEMS, SECTOR_ITEMS
from handlingsrom.dataset.kinds.services import check_services
from handlingsrom.dataset.model import Dataset, DatasetMeta
from handlingsrom.dataset.validate import table_warnings
from handlingsrom.errors import Problem

DatasetCheck = Callable[[DatasetMeta, Mapping[str, pd.DataFrame]], list[Problem]]


def base_year_in_data(meta: DatasetMeta, tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Population must be known on 1 January of the base year, rates for the year before."""
    problems: list[Problem] = []
    by = meta.base_year
    pop = tables.get("population")
    if pop is not None and not pop.empty and by not in set(pop["year"]):
        years = f"{pop['year'].min()}–{pop['year'].max()}"
        problems.append(
            Problem(
                "dataset.toml",
                None,
                "base_year",
                f"a base year whose 1 January population is in population.csv ({years})",
                str(by),
            )
        )
    for kind in ("mortality", "fertility"):
        t = tables.get(kind)
        if t is not None and not t.empty and (by - 1) not in set(t["year"]):
            problems.append(
                Problem(
                    f"{kind}.csv",
                    None,
                    "year",
                    f"rates for the year before the base year ({by - 1})",
                    _years(t["year"]),
                )
            )
    return problems


def _years(years: pd.Series) -> str:
    lo, hi = int(years.min()), int(years.max())
    return f"year {lo}" if lo == hi else f"years {lo}–{hi}"


def source_ids_known(meta: DatasetMeta, tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Every ``source`` id used in a table or in dataset.toml is listed in sources.csv."""
    sources = tables.get("sources")
    if sources is None:
        return []
    known = set(sources["id"])
    problems: list[Problem] = []
    for sid in meta.sources:
        if sid not in known:
            problems.append(
                Problem("dataset.toml", None, "sources", "ids listed in sources.csv", repr(sid))
            )
    for name, t in tables.items():
        if name == "sources" or "source" not in t.columns:
            continue
        used = t["source"][t["source"] != ""]
        for part_ids, row in zip(used, t.loc[used.index, "_row"], strict=True):
            for sid in str(part_ids).split("+"):
                if sid.strip() not in known:
                    problems.append(
                        Problem(
                            f"{name}.csv",
                            int(row),
                            "source",
                            "an id listed in sources.csv",
                            repr(sid),
                        )
                    )
                    break
            if len(problems) > 20:
                return problems
    return problems


def open_age_consistent(meta: DatasetMeta, tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """The open (highest) age is the same in every year and sex of a table by age and sex,
    and the population's open age has a death rate (it is not above mortality's)."""
    problems: list[Problem] = []
    open_ages: dict[str, int] = {}
    for name in ("population", "national_population", "mortality"):
        t = tables.get(name)
        if t is None or t.empty or not {"age", "sex", "year"} <= set(t.columns):
            continue
        top = t.groupby(["year", "sex"], sort=True)["age"].max()
        usual = int(top.mode().max())
        open_ages[name] = usual
        for keys, age in top.items():
            year, sex = (str(k) for k in keys)  # type: ignore[attr-defined]
            if int(age) != usual:
                g = t[(t["year"].astype(str) == year) & (t["sex"] == sex) & (t["age"] == age)]
                problems.append(
                    Problem(
                        f"{name}.csv",
                        int(g["_row"].iloc[0]),
                        "age",
                        f"the same open (highest) age {usual} in every year and sex",
                        f"highest age {int(age)} for year={year}, sex={sex}",
                    )
                )
                if len(problems) >= 20:
                    return problems
    if "population" in open_ages and "mortality" in open_ages:
        pop_top, mx_top = open_ages["population"], open_ages["mortality"]
        if pop_top > mx_top:
            pop = tables["population"]
            problems.append(
                Problem(
                    "population.csv",
                    int(pop.loc[pop["age"] > mx_top, "_row"].iloc[0]),
                    "age",
                    f"ages up to the open age of mortality.csv ({mx_top})",
                    f"ages up to {pop_top}",
                )
            )
    return problems


# Tables whose rows name a sector, and whether the central items may stand there.
SECTOR_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("services", False),
    ("budget", True),
    ("measures", False),
    ("investments", False),
)


def sectors_known(meta: DatasetMeta, tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Every sector a row names is listed in sectors.csv (the central items only in the
    accounts, with central items; sector rows of the accounts with sector items); a
    measure's initiative is listed in initiatives.csv when the dataset has that file."""
    users = [(k, central) for k, central in SECTOR_COLUMNS if k in tables]
    sectors = tables.get("sectors")
    if sectors is None:
        if not users:
            return []
        return [
            Problem(
                "sectors.csv",
                None,
                None,
                "a file sectors.csv listing the sectors (id, name_nb, name_en, kind) that "
                + ", ".join(f"{k}.csv" for k, _ in users)
                + " refer to",
                "no such file",
            )
        ]
    ids = set(sectors.loc[sectors["kind"] == "sector", "id"])
    central = set(sectors.loc[sectors["kind"] == "central", "id"])
    problems: list[Problem] = []
    for kind, central_ok in users:
        t = tables[kind]
        allowed = ids | central if central_ok else ids
        listed = ", ".join(sorted(allowed))
        for value, row in zip(t["sector"], t["_row"], strict=True):
            if value not in allowed:
                problems.append(
                    Problem(
                        f"{kind}.csv",
                        int(row),
                        "sector",
                        f"a sector of sectors.csv ({listed})",
                        repr(value),
                    )
                )
                if len(problems) >= 20:
                    return problems
    if "budget" in tables:
        problems.extend(_budget_items(tables["budget"], central))
    if "initiatives" in tables and "measures" in tables:
        known = set(tables["initiatives"]["id"]) | {"", "none"}
        m = tables["measures"]
        for value, row in zip(m["initiative"].fillna(""), m["_row"], strict=True):
            if value not in known:
                problems.append(
                    Problem(
                        "measures.csv",
                        int(row),
                        "initiative",
                        "an id of initiatives.csv or none ("
                        + ", ".join(sorted(known - {""}))
                        + ")",
                        repr(value),
                    )
                )
    return problems


def _budget_items(budget: pd.DataFrame, central: set[str]) -> list[Problem]:
    """Sector rows of the accounts carry sector items, central rows central items."""
    problems: list[Problem] = []
    for sector, item, row in zip(budget["sector"], budget["item"], budget["_row"], strict=True):
        allowed = CENTRAL_ITEMS if sector in central else SECTOR_ITEMS
        if item not in allowed:
            problems.append(
                Problem(
                    "budget.csv",
                    int(row),
                    "item",
                    f"for sector {sector!r} one of " + ", ".join(allowed),
                    repr(item),
                )
            )
    return problems


DATASET_CHECKS: tuple[DatasetCheck, ...] = (
    sectors_known,
    base_year_in_data,
    source_ids_known,
    open_age_consistent,
    check_services,
)


# --------------------------------------------------------------------------- warnings
# What a Norwegian municipality's accounts look like per inhabitant (NOK, current prices of
# the accounts year), with a wide margin: outside these ranges the amounts, the population
# or their units are most likely wrong (NOK 1000 for NOK, a population of another place).
PER_INHABITANT: dict[str, tuple[float, float, str]] = {
    "net_operating_expenditure": (20_000.0, 500_000.0, "Norway 2016: about 40 000–250 000"),
    "operating_revenue": (25_000.0, 600_000.0, "Norway 2016: about 50 000–300 000"),
    "loan_debt": (0.0, 600_000.0, "Norway 2016: up to about 250 000"),
}


def population_within_nation(
    meta: DatasetMeta, tables: Mapping[str, pd.DataFrame]
) -> list[Problem]:
    """Warning: the municipality has more residents than the nation in a year of both files."""
    pop, nat = tables.get("population"), tables.get("national_population")
    if pop is None or nat is None:
        return []
    mine = pop.groupby("year")["population"].sum()
    nation = nat.groupby("year")["population"].sum()
    out = []
    for year in sorted(set(mine.index) & set(nation.index)):
        if mine[year] > nation[year] > 0:
            row = int(pop.loc[pop["year"] == year, "_row"].iloc[0])
            out.append(
                Problem(
                    "population.csv",
                    row,
                    "population",
                    f"at most the national population of {year} ({int(nation[year])})",
                    f"{int(mine[year])} residents",
                )
            )
    return out[:20]


def accounts_per_inhabitant(meta: DatasetMeta, tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Warning: the accounts per inhabitant (net operating expenditure, operating revenue,
    loan debt) far outside what Norwegian municipalities have."""
    budget, pop, sectors = tables.get("budget"), tables.get("population"), tables.get("sectors")
    if budget is None or pop is None or sectors is None:
        return []
    year = meta.base_year - 1
    residents = float(pop.loc[pop["year"] == meta.base_year, "population"].sum())
    if residents <= 0:
        return []
    central = set(sectors.loc[sectors["kind"] == "central", "id"])
    rows = budget[(budget["year"] == year) & budget["sector"].isin(central)]
    out = []
    for item, (lo, hi, note) in PER_INHABITANT.items():
        hit = rows[rows["item"] == item]
        if hit.empty:
            continue
        per = float(hit["amount_nok"].iloc[0]) / residents
        if lo <= per <= hi:
            continue
        out.append(
            Problem(
                "budget.csv",
                int(hit["_row"].iloc[0]),
                "amount_nok",
                f"a plausible {item} per inhabitant ({lo:,.0f}–{hi:,.0f} NOK; {note}) with "
                f"{int(residents)} residents on 1 January {meta.base_year}".replace(",", " "),
                f"{per:,.0f} NOK per inhabitant".replace(",", " "),
            )
        )
    return out


DATASET_WARNINGS: tuple[DatasetCheck, ...] = (population_within_nation, accounts_per_inhabitant)


def dataset_warnings(ds: Dataset) -> list[Problem]:
    """Every implausible value of a valid dataset: each table's (its columns' plausible
    ranges and its kind's plausibility checks) and across tables. Warnings, not problems:
    ``validate`` prints them, a run records them, ``validate --strict`` fails on them."""
    out: list[Problem] = []
    for name, table in ds.tables.items():
        kind = KINDS_BY_NAME.get(name)
        if kind is not None:
            out.extend(table_warnings(kind, table, kind.filename))
    for check in DATASET_WARNINGS:
        out.extend(check(ds.meta, ds.tables))
    return out

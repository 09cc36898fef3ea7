"""Checks across tables and metadata of a dataset (pure)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from handlingsrom.dataset.kinds.services import check_services
from handlingsrom.dataset.model import DatasetMeta
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


DATASET_CHECKS: tuple[DatasetCheck, ...] = (
    base_year_in_data,
    source_ids_known,
    open_age_consistent,
    check_services,
)

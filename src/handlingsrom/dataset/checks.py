"""Checks across tables and metadata of a dataset (pure)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

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
                    f"years {t['year'].min()}–{t['year'].max()}",
                )
            )
    return problems


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


DATASET_CHECKS: tuple[DatasetCheck, ...] = (base_year_in_data, source_ids_known)

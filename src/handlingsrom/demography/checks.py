"""The population engine's checks of a dataset, run by ``handlingsrom validate`` and before
every plan run (pure)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import assumptions as asm
from handlingsrom.demography.projection import base_population
from handlingsrom.errors import HandlingsromError, Problem


def base_population_known(ds: Dataset) -> list[Problem]:
    """The population on 1 January of the base year is known and not empty."""
    try:
        pop = base_population(ds, ds.base_year)
    except HandlingsromError as e:
        return [Problem("population.csv", None, "year", f"the base year {ds.base_year}", str(e))]
    if pop.sum() <= 0:
        return [
            Problem(
                "population.csv",
                None,
                "population",
                f"residents on 1 January {ds.base_year} (the base year)",
                "0 in every age and sex",
            )
        ]
    return []


def assumptions_estimable(ds: Dataset) -> list[Problem]:
    """The data supports the assumptions of a projection from the base year (an earlier
    year of population for migration, rates of the year before, …)."""
    pop = ds.table("population")
    if pop.loc[pop["year"] == ds.base_year, "population"].sum() <= 0:
        return []  # reported by base_population_known
    try:
        base = ds.base_year
        with np.errstate(all="ignore"):
            asm.estimate(asm.data_from_dataset(ds), base, asm.effective_parameters(ds, base))
    except HandlingsromError as e:
        return [Problem("population.csv", None, "year", "data to estimate the assumptions", str(e))]
    return []


CHECKS: tuple[Callable[[Dataset], list[Problem]], ...] = (
    base_population_known,
    assumptions_estimable,
)

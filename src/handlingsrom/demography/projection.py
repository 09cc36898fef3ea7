"""The projection result type and the dataset-level entry point used by the other layers.

PLACEHOLDER: `project_dataset` is a naive projection (national mortality and fertility of the
year before the base year, no migration) so that the services and economy layers can be
built against the stable interface below; the population engine replaces its internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.params import ParameterSet

SEXES: tuple[str, str] = ("female", "male")  # index 0 = female, 1 = male
OPEN_AGE = 105  # the last age group is 105 and older
N_AGES = OPEN_AGE + 1


@dataclass(frozen=True)
class PopulationProjection:
    """Population on 1 January of each year; ``years[0]`` is the observed base year.

    ``population`` has shape (years, 2, N_AGES): [year index, sex index, age].
    Flows have one row fewer: the flows of calendar year ``years[i]`` lead from
    ``population[i]`` to ``population[i + 1]``.
    """

    years: np.ndarray
    population: np.ndarray
    births: np.ndarray  # (Y-1, 2) births by sex during each year
    deaths: np.ndarray  # (Y-1, 2, N_AGES) deaths by sex and age at the start of the year
    net_migration: np.ndarray  # (Y-1, 2, N_AGES) net migrants by sex and age
    diagnostics: tuple[str, ...] = field(default=())

    def total(self) -> np.ndarray:
        """Total population per year, shape (Y,)."""
        return self.population.sum(axis=(1, 2))

    def age_group(self, lo: int, hi: int | None = None) -> np.ndarray:
        """Persons aged ``lo``..``hi`` inclusive (``hi`` None = open end) per year, shape (Y,)."""
        top = N_AGES if hi is None else hi + 1
        return self.population[:, :, lo:top].sum(axis=(1, 2))

    def to_frame(self) -> pd.DataFrame:
        """Long table ``year, age, sex, population``."""
        y, s, a = np.meshgrid(self.years, np.arange(2), np.arange(N_AGES), indexing="ij")
        return pd.DataFrame(
            {
                "year": y.ravel(),
                "age": a.ravel(),
                "sex": np.asarray(SEXES)[s.ravel()],
                "population": self.population.ravel(),
            }
        )


def base_population(ds: Dataset, year: int) -> np.ndarray:
    """The observed population on 1 January ``year`` as an array (2, N_AGES)."""
    pop = ds.table("population")
    rows = pop[pop.year == year]
    if rows.empty:
        raise ValueError(f"no population for 1 January {year} in dataset {ds.meta.name}")
    out = np.zeros((2, N_AGES))
    for s, sex in enumerate(SEXES):
        r = rows[rows.sex == sex]
        ages = np.minimum(r.age.to_numpy(), OPEN_AGE)
        np.add.at(out[s], ages, r.population.to_numpy(dtype=float))
    return out


def project_dataset(
    ds: Dataset,
    base_year: int | None = None,
    end_year: int | None = None,
    params: ParameterSet | None = None,
) -> PopulationProjection:
    """Project the dataset's population from ``base_year`` (default: the dataset's) to
    ``end_year`` (default: base + 40) with the dataset's assumptions and ``params`` overrides.
    """
    base = ds.base_year if base_year is None else base_year
    end = base + 40 if end_year is None else end_year
    years = np.arange(base, end + 1)
    mort = ds.table("mortality")
    m = mort[mort.year == base - 1]
    mx = np.zeros((2, N_AGES))
    for s, sex in enumerate(SEXES):
        r = m[m.sex == sex]
        mx[s, np.minimum(r.age.to_numpy(), OPEN_AGE)] = r.mx.to_numpy()
    q = mx / (1 + 0.5 * mx)
    fert = ds.table("fertility")
    f = fert[fert.year == base - 1]
    asfr = np.zeros(N_AGES)
    asfr[f.age.to_numpy()] = f.asfr.to_numpy()
    pop = np.zeros((len(years), 2, N_AGES))
    pop[0] = base_population(ds, base)
    births = np.zeros((len(years) - 1, 2))
    deaths = np.zeros((len(years) - 1, 2, N_AGES))
    for i in range(len(years) - 1):
        cur = pop[i]
        deaths[i] = cur * q
        surv = cur - deaths[i]
        nxt = np.zeros_like(cur)
        nxt[:, 1:] = surv[:, :-1]
        nxt[:, OPEN_AGE] += surv[:, OPEN_AGE]
        b = float((cur[0] * asfr).sum())
        births[i] = b * np.array([1 / 2.05, 1.05 / 2.05])
        nxt[:, 0] = births[i] * (1 - q[:, 0] / 2)
        pop[i + 1] = nxt
    return PopulationProjection(
        years=years,
        population=pop,
        births=births,
        deaths=deaths,
        net_migration=np.zeros_like(deaths),
        diagnostics=("placeholder projection: no migration",),
    )

"""The projection result type and the dataset-level entry point used by the other layers.

``project_dataset`` estimates the assumptions for the base year from the dataset (data up
to that year only, see :mod:`handlingsrom.demography.assumptions`), applies parameter
overrides and runs the cohort-component engine (:mod:`handlingsrom.demography.engine`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import assumptions as asm
from handlingsrom.demography.engine import N_AGES, OPEN_AGE, ProjectionInputs, project
from handlingsrom.params import ParameterSet

SEXES: tuple[str, str] = ("female", "male")  # index 0 = female, 1 = male
__all__ = ["N_AGES", "OPEN_AGE", "SEXES", "PopulationProjection", "base_population"]


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
    newborn_deaths: np.ndarray | None = None  # (Y-1, 2) deaths among the year's births
    inputs: ProjectionInputs | None = field(default=None, repr=False, compare=False)

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
    try:
        return asm.data_from_dataset(ds).population(year).copy()
    except asm.DemographyError as e:
        raise asm.DemographyError(f"dataset {ds.meta.name}: {e}") from None


def prepare(
    ds: Dataset,
    base_year: int | None = None,
    end_year: int | None = None,
    params: ParameterSet | None = None,
) -> tuple[ProjectionInputs, asm.Estimates, ParameterSet]:
    """Estimate the assumptions and build the yearly rates of a projection."""
    base = ds.base_year if base_year is None else int(base_year)
    end = base + 40 if end_year is None else int(end_year)
    if end <= base:
        raise asm.DemographyError(f"end year {end} must be after the base year {base}")
    if base > ds.base_year:
        raise asm.DemographyError(
            f"base year {base} is after the dataset's base year {ds.base_year}"
        )
    data = asm.data_from_dataset(ds)
    eff = asm.effective_parameters(ds, base, params)
    inputs, est = prepare_data(data, base, end, eff)
    return inputs, est, eff


def prepare_data(
    data: asm.DemographicData, base_year: int, end_year: int, params: ParameterSet
) -> tuple[ProjectionInputs, asm.Estimates]:
    """Estimate and build the yearly rates from dense arrays (any municipality's data).

    ``params`` are taken as they are (no dataset levels to drop): method settings not in
    it have their defaults and levels not in it are estimated.
    """
    if end_year <= base_year:
        raise asm.DemographyError(f"end year {end_year} must be after the base year {base_year}")
    est = asm.estimate(data, base_year, params)
    years = np.arange(base_year, end_year + 1)
    inputs = asm.projection_inputs(est, data.population(base_year).copy(), years, params)
    return inputs, est


def project_data(
    data: asm.DemographicData, base_year: int, end_year: int, params: ParameterSet
) -> PopulationProjection:
    """:func:`project_dataset` for dense arrays (see :func:`prepare_data`)."""
    inputs, est = prepare_data(data, base_year, end_year, params)
    return run(inputs, est.notes)


def project_dataset(
    ds: Dataset,
    base_year: int | None = None,
    end_year: int | None = None,
    params: ParameterSet | None = None,
) -> PopulationProjection:
    """Project the dataset's population from ``base_year`` (default: the dataset's) to
    ``end_year`` (default: base + 40) with the dataset's assumptions and ``params`` overrides.

    A base year earlier than the dataset's uses only data up to it (population to 1 January
    of it, rates to the year before).
    """
    inputs, est, _ = prepare(ds, base_year, end_year, params)
    return run(inputs, est.notes)


def run(inputs: ProjectionInputs, notes: tuple[str, ...] = ()) -> PopulationProjection:
    """Run the engine over prepared inputs and wrap the result."""
    raw = project(inputs)
    diagnostics = list(notes)
    cut = raw.clipped > 0
    if cut.any():
        years = inputs.years[:-1][cut]
        diagnostics.append(
            f"net emigration exceeded the people in some age-sex cells in {int(cut.sum())} "
            f"year(s) ({years[0]}–{years[-1]}); {raw.clipped.sum():.2f} emigrants in all were "
            "not applied so that no cell is negative (net_migration holds the migrants applied)"
        )
    return PopulationProjection(
        years=inputs.years,
        population=raw.population,
        births=raw.births,
        deaths=raw.deaths,
        net_migration=raw.migration,
        diagnostics=tuple(diagnostics),
        newborn_deaths=raw.newborn_deaths,
        inputs=inputs,
    )

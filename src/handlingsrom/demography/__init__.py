"""Population engine: cohort-component projection by single year of age and sex."""

from handlingsrom.demography.assumptions import DemographyError
from handlingsrom.demography.projection import (
    N_AGES,
    OPEN_AGE,
    SEXES,
    PopulationProjection,
    base_population,
    project_dataset,
)
from handlingsrom.demography.stochastic import simulate_paths

__all__ = [
    "N_AGES",
    "OPEN_AGE",
    "SEXES",
    "DemographyError",
    "PopulationProjection",
    "base_population",
    "project_dataset",
    "simulate_paths",
]

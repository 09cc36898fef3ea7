"""Every parameter the population engine reads, declared once for the registry
(see :mod:`handlingsrom.params.registry`).

The method settings and their defaults are the demography package's own table
(``assumptions.METHOD_DEFAULTS``); the levels (net migration, fertility, …) are estimated
from the data when the dataset does not give them; life-expectancy targets are optional.
This module adds what the registry needs beyond that: units of the levels and the bounds.
"""

from __future__ import annotations

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import assumptions as asm
from handlingsrom.params import ParamSpec, Registry

LAYER = "demography"

# Estimated levels: name -> (unit, description, hard bounds, plausible range).
_LEVELS: dict[str, tuple[str, str, tuple[float, float], tuple[float, float] | None]] = {
    "net_migration": (
        "persons per year",
        "Net migration (in − out) per year; estimated from the population series when absent",
        (-1e6, 1e6),
        None,
    ),
    "tfr": (
        "children per woman",
        "Total fertility rate of the municipality; estimated when absent",
        (0.0, 8.0),
        (0.8, 3.0),
    ),
    "sex_ratio_at_birth": (
        "boys per girl",
        "Boys born per girl born; estimated from national births when absent",
        (0.5, 2.0),
        (1.0, 1.1),
    ),
    "stoch_migration_sd": (
        "persons",
        "Standard deviation of yearly net migration around its level (stochastic paths)",
        (0.0, 1e6),
        None,
    ),
    "stoch_tfr_sd": (
        "log",
        "Standard deviation of the yearly log TFR deviation (stochastic paths)",
        (0.0, 2.0),
        (0.0, 0.2),
    ),
}

# Bounds of the method settings: name -> (minimum, maximum, whole numbers).
_BOUNDS: dict[str, tuple[float, float, bool]] = {
    "mortality_window_years": (2, 200, True),
    "mortality_improvement": (-5.0, 5.0, False),
    "mortality_level": (0.01, 10.0, False),
    "fertility_window_years": (1, 50, True),
    "migration_window_years": (1, 50, True),
    "migration_smoothing_years": (0.0, 20.0, False),
    "infant_migration_exposure": (0.0, 1.0, False),
    "newborn_death_share": (0.0, 1.0, False),
    "stoch_migration_sd_scale": (0.0, 100.0, False),
    "stoch_migration_ar": (-0.999, 0.999, False),
    "stoch_tfr_ar": (-0.999, 0.999, False),
    "stoch_mortality_sd_scale": (0.0, 100.0, False),
}
_DEFAULT_BOUNDS = (-1e9, 1e9, False)


def _specs() -> tuple[ParamSpec, ...]:
    out: list[ParamSpec] = []
    for name, (unit, text, (lo, hi), soft) in _LEVELS.items():
        out.append(
            ParamSpec(
                f"demography.{name}",
                unit,
                LAYER,
                text,
                estimated=True,
                minimum=lo,
                maximum=hi,
                soft_minimum=None if soft is None else soft[0],
                soft_maximum=None if soft is None else soft[1],
            )
        )
    for name, (default, unit, text) in asm.METHOD_DEFAULTS.items():
        lo, hi, whole = _BOUNDS.get(name, _DEFAULT_BOUNDS)
        out.append(
            ParamSpec(
                f"demography.{name}",
                unit,
                LAYER,
                text,
                default=float(default),
                minimum=lo,
                maximum=hi,
                integer=whole,
            )
        )
    for name, sex in zip(asm.E0_TARGETS, ("women", "men"), strict=True):
        out.append(
            ParamSpec(
                f"demography.{name}",
                "years",
                LAYER,
                f"Target life expectancy at birth of {sex} by year (absent: the Lee–Carter trend)",
                optional=True,
                minimum=20.0,
                maximum=120.0,
            )
        )
    return tuple(out)


SPECS: tuple[ParamSpec, ...] = _specs()
REGISTRY = Registry(SPECS)

# Estimated level -> the field of `assumptions.Estimates` that holds the estimate.
_ESTIMATE_FIELDS: dict[str, str] = {
    "net_migration": "migration_level",
    "tfr": "tfr",
    "sex_ratio_at_birth": "sex_ratio",
    "stoch_migration_sd": "migration_sd",
    "stoch_tfr_sd": "tfr_sd",
}


def estimate(ds: Dataset, path: str) -> float | None:
    """The engine's estimate of an estimated level for the dataset's base year (what it uses
    when the dataset does not set the parameter), or None for another path."""
    name = path.split(".", 1)[-1]
    attr = _ESTIMATE_FIELDS.get(name)
    if attr is None:
        return None
    base = ds.base_year
    est = asm.estimate(asm.data_from_dataset(ds), base, asm.effective_parameters(ds, base))
    return float(getattr(est, attr))

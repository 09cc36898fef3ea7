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
from handlingsrom.demography.projection import project_dataset
from handlingsrom.params import ParamSpec, Registry

LAYER = "demography"

# Bounds and plausible ranges of the estimated levels (their units and meanings are the
# engine's own table, ``assumptions.ESTIMATED``): name -> (hard bounds, plausible range).
_LEVEL_BOUNDS: dict[str, tuple[tuple[float, float], tuple[float, float] | None]] = {
    "net_migration": ((-1e6, 1e6), None),
    "tfr": ((0.0, 8.0), (0.8, 3.0)),
    "sex_ratio_at_birth": ((0.5, 2.0), (1.0, 1.1)),
    "stoch_migration_sd": ((0.0, 1e6), None),
    "stoch_tfr_sd": ((0.0, 2.0), (0.0, 0.2)),
}


def _specs() -> tuple[ParamSpec, ...]:
    out: list[ParamSpec] = []
    for name, (unit, text) in asm.ESTIMATED.items():
        (lo, hi), soft = _LEVEL_BOUNDS.get(name, ((-1e9, 1e9), None))
        out.append(
            ParamSpec(
                f"demography.{name}",
                unit,
                LAYER,
                f"{text[:1].upper()}{text[1:]}; estimated from the data when the dataset does "
                "not set it",
                estimated=True,
                minimum=lo,
                maximum=hi,
                soft_minimum=None if soft is None else soft[0],
                soft_maximum=None if soft is None else soft[1],
            )
        )
    for name, setting in asm.METHOD_DEFAULTS.items():
        out.append(
            ParamSpec(
                f"demography.{name}",
                setting.unit,
                LAYER,
                setting.description,
                default=float(setting.default),
                minimum=float(setting.lo),
                maximum=float(setting.hi),
                integer=setting.unit == "years" and name.endswith("_years"),
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


def estimate(ds: Dataset, path: str) -> dict[int, float] | None:
    """The engine's baseline of an estimated level for the dataset's base year (what it uses
    when the dataset does not set the parameter), by year; None for another path.

    Net migration is the projection's yearly total (under the net-rate model it grows with
    the population, and a given path is read as the yearly total); the other levels are one
    value from the base year on."""
    name = path.split(".", 1)[-1]
    attr = _ESTIMATE_FIELDS.get(name)
    if attr is None:
        return None
    base = ds.base_year
    if name == "net_migration":
        proj = project_dataset(ds, base_year=base, end_year=base + 40)
        totals = proj.net_migration.sum(axis=(1, 2))
        return {int(y): float(v) for y, v in zip(proj.years[:-1], totals, strict=True)}
    est = asm.estimate(asm.data_from_dataset(ds), base, asm.effective_parameters(ds, base))
    return {base: float(getattr(est, attr))}

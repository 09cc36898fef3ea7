"""The registry of every parameter of the chain, and the scenarios layer's own (``risk.*``).

:data:`REGISTRY` combines the declarations of every layer (demography, services, economy,
risk). It answers, for a dataset: which parameter paths exist (``{service}`` expanded to the
dataset's service ids), what each one's baseline history is when the dataset does not set it
(the declared default, or the layer's estimate), and what is wrong with the dataset's
parameter files.
"""

from __future__ import annotations

from collections.abc import Sequence

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import parameters as demography_parameters
from handlingsrom.economy import parameters as economy_parameters
from handlingsrom.params import Finding, Parameter, ParamSpec, Registry, ValuePoint
from handlingsrom.services import catalogue
from handlingsrom.services import parameters as services_parameters

LAYER = "scenarios"

RISK_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec(
        "risk.interest_sd",
        "fraction",
        LAYER,
        "Standard deviation of the yearly innovation of the loan-rate deviation",
        default=0.005,
        minimum=0.0,
        maximum=0.1,
        soft_maximum=0.02,
    ),
    ParamSpec(
        "risk.interest_ar",
        "coefficient",
        LAYER,
        "Lag-1 autocorrelation of the loan-rate deviation",
        default=0.9,
        minimum=-0.999,
        maximum=0.999,
    ),
    ParamSpec(
        "risk.tax_level_sd",
        "fraction",
        LAYER,
        "Standard deviation of the yearly innovation of the tax-level deviation (share of "
        "the level)",
        default=0.01,
        minimum=0.0,
        maximum=0.5,
        soft_maximum=0.05,
    ),
    ParamSpec(
        "risk.tax_level_ar",
        "coefficient",
        LAYER,
        "Lag-1 autocorrelation of the tax-level deviation",
        default=0.8,
        minimum=-0.999,
        maximum=0.999,
    ),
)
RISK = Registry(RISK_SPECS)

REGISTRY: Registry = (
    demography_parameters.REGISTRY
    + services_parameters.REGISTRY
    + economy_parameters.REGISTRY
    + RISK
)


def placeholder_ids(ds: Dataset) -> dict[str, Sequence[str]]:
    """The ids each placeholder of the registry stands for in ``ds``."""
    return {"service": catalogue(ds).ids if ds.has("services") else ()}


def declared_paths(ds: Dataset) -> list[str]:
    """Every parameter path of the chain for ``ds``."""
    return REGISTRY.paths(placeholder_ids(ds))


def baseline_parameter(ds: Dataset, path: str) -> Parameter | None:
    """The baseline history of a declared parameter that ``ds`` does not set: its default,
    or its layer's estimate from the data; None for an undeclared path (or an optional
    parameter without a value, which has no baseline)."""
    if path in ds.parameters:
        return ds.parameters[path]
    if not REGISTRY.declares(path, placeholder_ids(ds)):
        return None
    spec = REGISTRY.spec(path)
    assert spec is not None
    if spec.default is not None:
        return REGISTRY.default_parameter(path, ds.base_year)
    if spec.estimated and spec.layer == demography_parameters.LAYER:
        values = demography_parameters.estimate(ds, path)
        if values:
            how = "estimate of the demography layer"
            return Parameter(
                path=path,
                points=tuple(ValuePoint(y, v, how) for y, v in sorted(values.items())),
                unit=spec.unit,
                description=f"{spec.description} (estimated: the dataset does not set it)",
            )
    return None


def check_parameters(ds: Dataset) -> list[Finding]:
    """Every problem of the dataset's parameter files (see :meth:`Registry.check`); the
    required parameters of a layer are checked only when the dataset has that layer's
    tables."""
    namespaces = ["demography", "risk"]
    if ds.has("services"):
        namespaces.append("services")
    if ds.has("budget"):
        namespaces.append("economy")
    return REGISTRY.check(ds.parameters, placeholder_ids(ds), namespaces)


def suggest(ds: Dataset, path: str) -> str | None:
    """The declared path closest to a mistyped one ("did you mean")."""
    return REGISTRY.suggest(path, placeholder_ids(ds))

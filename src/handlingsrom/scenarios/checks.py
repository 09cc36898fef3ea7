"""The scenarios layer's checks of a dataset, run by ``handlingsrom validate`` and before
every plan run (pure): its parameter files against the registry, and its own scenario files
(they parse, and apply to the dataset)."""

from __future__ import annotations

from collections.abc import Callable

from handlingsrom.dataset.model import Dataset
from handlingsrom.params import Finding
from handlingsrom.scenarios.apply import apply
from handlingsrom.scenarios.embedded import dataset_scenarios
from handlingsrom.scenarios.model import ScenarioFileError
from handlingsrom.scenarios.parameters import check_parameters


def parameters_declared(ds: Dataset) -> list[Finding]:
    """Every parameter is declared, in its declared unit and within its bounds; every
    required parameter of the dataset's layers is there."""
    return check_parameters(ds)


def scenario_files_apply(ds: Dataset) -> list[Finding]:
    """Every scenario file of the dataset parses and applies (known parameters, tables,
    columns and rows; values within bounds)."""
    try:
        found = dataset_scenarios(ds)
    except ScenarioFileError as e:
        return [Finding(p) for p in e.problems]
    out: list[Finding] = []
    for sc in found.values():
        try:
            apply(ds, sc)
        except ScenarioFileError as e:
            out.extend(Finding(p) for p in e.problems)
    return out


CHECKS: tuple[Callable[[Dataset], list[Finding]], ...] = (
    parameters_declared,
    scenario_files_apply,
)

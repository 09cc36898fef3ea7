"""Validation that sees everything before computing (pure).

Loading a dataset checks each file against its schema and the files against each other
(:mod:`handlingsrom.dataset`). :func:`check_dataset` adds every layer's own checks — the
population engine's, the service catalogue's, the economy's (rules on key figures with
matching units, complete accounts), the parameter registry's (declared, in unit, within
bounds) and the dataset's scenario files — so that whatever ``validate`` accepts, a plan
run computes, and whatever a run would reject, ``validate`` rejects first.

Warnings are what is possible but implausible, and what the run assumes for the user: the
tables' plausible ranges (:func:`handlingsrom.dataset.checks.dataset_warnings`), parameters
outside their plausible range, and the registry defaults a dataset falls back on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from handlingsrom.dataset.checks import dataset_warnings
from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import checks as demography_checks
from handlingsrom.economy import checks as economy_checks
from handlingsrom.errors import DatasetError, HandlingsromError, Problem
from handlingsrom.params import Finding
from handlingsrom.scenarios import checks as scenario_checks
from handlingsrom.services import checks as services_checks

# Each layer's checks, in the order of the chain.
LAYER_CHECKS: tuple[Callable[[Dataset], list[Problem]], ...] = (
    *demography_checks.CHECKS,
    *services_checks.CHECKS,
    *economy_checks.CHECKS,
)
FINDING_CHECKS: tuple[Callable[[Dataset], list[Finding]], ...] = scenario_checks.CHECKS


@dataclass(frozen=True)
class Validation:
    """What the checks found: problems (errors) and warnings (implausible values)."""

    dataset: str
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def raise_for_problems(self) -> None:
        if self.problems:
            raise DatasetError(self.dataset, list(self.problems))


def check_dataset(ds: Dataset) -> Validation:
    """Every layer's checks of ``ds``."""
    problems: list[Problem] = []
    for check in LAYER_CHECKS:
        problems.extend(_run(check, ds))
    warnings: list[Problem] = dataset_warnings(ds)
    for fcheck in FINDING_CHECKS:
        try:
            findings = fcheck(ds)
        except HandlingsromError as e:
            problems.extend(_problems_of(e, ds))
            continue
        for f in findings:
            (warnings if f.warning else problems).append(f.problem)
    return Validation(ds.origin or ds.meta.name, _unique(problems), _unique(warnings))


def _run(check: Callable[[Dataset], list[Problem]], ds: Dataset) -> list[Problem]:
    """A layer's check; one that stops on a problem another layer found (a catalogue that
    does not build) gives that problem instead of ending the validation."""
    try:
        return check(ds)
    except HandlingsromError as e:
        return _problems_of(e, ds)


def _problems_of(e: HandlingsromError, ds: Dataset) -> list[Problem]:
    if isinstance(e, DatasetError):
        return list(e.problems)
    return [Problem(ds.origin or ds.meta.name, None, None, "a consistent dataset", str(e))]


def _unique(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(dict.fromkeys(problems))

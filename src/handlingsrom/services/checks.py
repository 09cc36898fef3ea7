"""The services layer's checks of a dataset, run by ``handlingsrom validate`` and before
every plan run (pure): the catalogue must build (see :mod:`handlingsrom.services.catalogue`)."""

from __future__ import annotations

from collections.abc import Callable

from handlingsrom.dataset.model import Dataset
from handlingsrom.errors import DatasetError, HandlingsromError, Problem
from handlingsrom.services.catalogue import catalogue


def catalogue_builds(ds: Dataset) -> list[Problem]:
    """The service catalogue of a dataset with services is consistent (one calibration year
    with population around it, coverage of known services, users where costs vary)."""
    if not ds.has("services"):
        return []
    try:
        catalogue(ds)
    except DatasetError as e:
        return list(e.problems)
    except HandlingsromError as e:
        return [Problem("services.csv", None, None, "a consistent service catalogue", str(e))]
    return []


CHECKS: tuple[Callable[[Dataset], list[Problem]], ...] = (catalogue_builds,)

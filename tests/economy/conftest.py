"""Fixtures of the economy tests: one default run from 2017 to 2057, shared by the module."""

from __future__ import annotations

import pytest

from handlingsrom.dataset.model import Dataset
from handlingsrom.economy import EconomyInputs, EconomyResult, prepare, simulate


@pytest.fixture(scope="session")
def default_inputs(default_dataset: Dataset) -> EconomyInputs:
    return prepare(default_dataset, 2017, 2057)


@pytest.fixture(scope="session")
def default_result(default_inputs: EconomyInputs) -> EconomyResult:
    return simulate(default_inputs)

"""Shared fixtures: the embedded default dataset, loaded once per session."""

from __future__ import annotations

import pytest

from handlingsrom.dataset import io as dataset_io
from handlingsrom.dataset.model import Dataset


@pytest.fixture(scope="session")
def default_dataset() -> Dataset:
    return dataset_io.load()

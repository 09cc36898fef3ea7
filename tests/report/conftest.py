"""One report of the default data, produced once for the whole report test module set."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlingsrom.dataset.model import Dataset
from handlingsrom.plan import PlanOptions, run_plan
from handlingsrom.report import RunInfo, produce


@pytest.fixture(scope="session")
def default_run(default_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> RunInfo:
    out: Path = tmp_path_factory.mktemp("report") / "out"
    options = PlanOptions(population_paths=40, risk_paths=20, seed=7)
    return produce(run_plan(default_dataset, options=options), out)


@pytest.fixture(scope="session")
def default_run_en(
    default_dataset: Dataset, default_run: RunInfo, tmp_path_factory: pytest.TempPathFactory
) -> RunInfo:
    """The same results reported in English (the chain is not run again)."""
    out: Path = tmp_path_factory.mktemp("report_en") / "out"
    return produce(default_run.result, out, lang="en")

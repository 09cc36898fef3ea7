"""A very small municipality is first-class: its projection and its stochastic paths stay
non-negative, and a figure of an empty group (nobody aged 80+) is undefined, not an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bench.bench_small import scale_dataset
from handlingsrom.dataset import io as dataset_io
from handlingsrom.plan import PlanOptions, run_plan
from tests.foundation.mini import make_mini_dataset


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mini = make_mini_dataset(tmp_path_factory.mktemp("mini") / "mini")
    folder = scale_dataset(mini, tmp_path_factory.mktemp("tiny") / "tiny", 0.0005)
    for name in (
        "budget",
        "measures",
        "investments",
        "loans",
        "rules",
        "services",
        "service_coverage",
        "facilities",
        "sectors",
        "initiatives",
    ):
        (folder / f"{name}.csv").unlink(missing_ok=True)
    shutil.rmtree(folder / "scenarios", ignore_errors=True)
    for namespace in ("economy", "services"):  # parameters of the layers left out
        (folder / "parameters" / f"{namespace}.yaml").unlink()
    return folder


def test_a_municipality_of_60_projects_without_negative_numbers(tiny: Path) -> None:
    ds = dataset_io.load_folder(tiny)
    base = ds.table("population")
    assert 40 <= base.loc[base["year"] == 2017, "population"].sum() <= 80
    options = PlanOptions(stages=frozenset({"uncertainty"}), population_paths=50, seed=3)
    result = run_plan(ds, None, options)  # pytest turns any RuntimeWarning into an error
    assert (result.population.population >= 0).all()
    bands = result.bands
    assert bands is not None
    for values in bands.groups.values():
        assert (values >= 0).all()
    assert np.isnan(bands.support).any() or (bands.support >= 0).all()

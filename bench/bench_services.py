"""Timings of the services layer: `.venv/bin/python -m bench bench_services`.

Prints the time to build the catalogue of the default dataset (once per dataset), one
deterministic run over 41 years, a run over 1 000 stacked paths, and `to_frame()`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from handlingsrom.dataset import io as dataset_io
from handlingsrom.demography import project_dataset
from handlingsrom.services import run_services
from handlingsrom.services.catalogue import build_catalogue


def _best(fn: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` calls, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def main() -> None:
    ds = dataset_io.load()
    projection = project_dataset(ds, end_year=ds.base_year + 40)
    pop, years = projection.population, projection.years
    run_services(ds, pop, years)  # warm the catalogue cache
    rng = np.random.default_rng(1)
    paths = pop[None] * rng.uniform(0.9, 1.1, size=(1000, 1, 1, 1))
    result = run_services(ds, pop, years)
    figures = {
        "build catalogue (once per dataset)": _best(lambda: build_catalogue(ds), 5),
        "run_services, 41 years (deterministic)": _best(lambda: run_services(ds, pop, years), 50),
        "run_services, 1000 paths x 41 years": _best(lambda: run_services(ds, paths, years), 3),
        "ServiceResult.to_frame (41 years)": _best(result.to_frame, 20),
    }
    for name, ms in figures.items():
        print(f"{name:45s} {ms:9.2f} ms")

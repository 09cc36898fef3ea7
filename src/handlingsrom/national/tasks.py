"""The units of work of a national run, as plain functions a Dask worker can import.

Each task takes a chunk of municipality numbers and plain, picklable arguments, loads the
embedded national files in the worker (once per process) and calls the pure code; nothing
large travels to the workers. Chunks are fixed (:data:`CHUNK_SIZE` municipalities in
number order), never sized by the number of workers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from handlingsrom.demography.engine import N_AGES
from handlingsrom.national import backtest as bt
from handlingsrom.national import data as national_data
from handlingsrom.national.methods import by_name
from handlingsrom.national.project import project_chunk, quantiles_chunk
from handlingsrom.params import Parameter, ParameterSet, ValuePoint

CHUNK_SIZE = 12
SEXES = ("female", "male")
Overrides = Mapping[str, Mapping[int, float]]


def chunks(numbers: Sequence[str], size: int = CHUNK_SIZE) -> list[tuple[str, ...]]:
    return [tuple(numbers[i : i + size]) for i in range(0, len(numbers), size)]


def parameters(overrides: Overrides | None) -> ParameterSet:
    """``{path: {year: value}}`` as a parameter set (source "command line")."""
    return ParameterSet(
        Parameter(
            path,
            tuple(ValuePoint(int(y), float(v), "command line") for y, v in sorted(values.items())),
        )
        for path, values in (overrides or {}).items()
        if values
    )


def _items(numbers: Sequence[str]):
    nd = national_data.load()
    return [(n, nd.municipality(n)) for n in numbers]


def project_task(
    numbers: Sequence[str], base_year: int, end_year: int, overrides: Overrides | None
) -> np.ndarray:
    return project_chunk(_items(numbers), base_year, end_year, parameters(overrides))


def quantiles_task(
    numbers: Sequence[str],
    base_year: int,
    end_year: int,
    overrides: Overrides | None,
    n_paths: int,
    seed: int,
    quantiles: Sequence[float],
) -> np.ndarray:
    return quantiles_chunk(
        _items(numbers), base_year, end_year, parameters(overrides), n_paths, seed, quantiles
    )


def backtest_task(
    numbers: Sequence[str],
    bases: Sequence[int],
    methods: Sequence[str] | None,
    overrides: Overrides | None,
) -> bt.BacktestArrays:
    return bt.backtest_chunk(
        _items(numbers), bases, by_name(list(methods or [])), parameters(overrides)
    )


def pit_task(
    numbers: Sequence[str],
    bases: Sequence[int],
    method: str,
    overrides: Overrides | None,
    n_paths: int,
    seed: int,
) -> np.ndarray:
    (m,) = by_name([method])
    prm = m.params(parameters(overrides))
    return np.stack(
        [bt.pit_municipality(d, n, bases, prm, n_paths, seed) for n, d in _items(numbers)]
    )


# --------------------------------------------------------------------------- CSV text


def _prefixes(number: str, years: Sequence[int], quantiles: Sequence[float] | None) -> list[str]:
    if quantiles is None:
        return [f"{number},{y},{a},{s}," for y in years for s in SEXES for a in range(N_AGES)]
    return [
        f"{number},{y},{a},{s},{q:g},"
        for y in years
        for q in quantiles
        for s in SEXES
        for a in range(N_AGES)
    ]


def csv_text(
    numbers: Sequence[str],
    years: Sequence[int],
    values: np.ndarray,
    quantiles: Sequence[float] | None = None,
) -> bytes:
    """CSV rows (no header) of ``values`` (M, Y, [Q,] 2, N), population with 6 significant
    digits, in the order municipality, year, [quantile,] sex, age."""
    lines = []
    for i, number in enumerate(numbers):
        pre = _prefixes(number, years, quantiles)
        lines.append(
            "".join([f"{p}{v:.6g}\n" for p, v in zip(pre, values[i].ravel().tolist(), strict=True)])
        )
    return "".join(lines).encode("utf-8")


def project_csv_task(
    numbers: Sequence[str], base_year: int, end_year: int, overrides: Overrides | None
) -> bytes:
    values = project_task(numbers, base_year, end_year, overrides)
    return csv_text(numbers, range(base_year, end_year + 1), values)


def quantiles_csv_task(
    numbers: Sequence[str],
    base_year: int,
    end_year: int,
    overrides: Overrides | None,
    n_paths: int,
    seed: int,
    quantiles: Sequence[float],
) -> bytes:
    values = quantiles_task(numbers, base_year, end_year, overrides, n_paths, seed, quantiles)
    return csv_text(numbers, range(base_year, end_year + 1), values, quantiles)

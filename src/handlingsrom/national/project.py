"""Projections of many municipalities (pure): deterministic and stochastic quantiles.

Each municipality is projected on its own, with the national rates and its own local
estimates, so the result of a municipality never depends on which others are computed
with it: this is what makes a national run give the same numbers whatever the number of
workers. The stochastic paths of municipality ``m`` are seeded with ``(seed, m)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from handlingsrom.demography import assumptions as asm
from handlingsrom.demography import stochastic
from handlingsrom.demography.engine import N_AGES, project_many
from handlingsrom.demography.projection import prepare_data
from handlingsrom.params import ParameterSet


def project_chunk(
    items: Sequence[tuple[str, asm.DemographicData]],
    base_year: int,
    end_year: int,
    params: ParameterSet,
) -> np.ndarray:
    """(M, Y, 2, N) deterministic populations on 1 January ``base_year`` … ``end_year``:
    each municipality's inputs estimated on its own, the engine stepping all at once."""
    prepared = []
    for number, data in items:
        try:
            inputs, _ = prepare_data(data, base_year, end_year, params)
        except asm.DemographyError as e:
            raise asm.DemographyError(f"municipality {number}: {e}") from None
        prepared.append(inputs)
    if not prepared:
        return np.empty((0, end_year - base_year + 1, 2, N_AGES))
    return project_many(prepared)


def quantiles_chunk(
    items: Sequence[tuple[str, asm.DemographicData]],
    base_year: int,
    end_year: int,
    params: ParameterSet,
    n_paths: int,
    seed: int,
    quantiles: Sequence[float],
) -> np.ndarray:
    """(M, Y, Q, 2, N) quantiles of ``n_paths`` stochastic paths per municipality."""
    out = np.empty((len(items), end_year - base_year + 1, len(quantiles), 2, N_AGES))
    for i, (number, data) in enumerate(items):
        try:
            inputs, est = prepare_data(data, base_year, end_year, params)
        except asm.DemographyError as e:
            raise asm.DemographyError(f"municipality {number}: {e}") from None
        sp = stochastic.spread(est, params, inputs.years[:-1])
        s = stochastic.summarize_inputs(
            inputs, sp, n_paths, (seed, int(number)), quantiles, groups=stochastic.AGE_GROUPS[-1:]
        )
        out[i] = s.population
    return out

"""Demographic noise of the stochastic paths: the chance variation of small counts.

Every age-sex cell's yearly flows (deaths, moves in and out, births) are counts of people,
and their chance variation is large where the counts are small. It is modelled per band of
ages (:data:`BANDS`, which nest the planning age groups 0, 1–5, 6–15, 16–19, 20–66, 67–79,
80–89 and 90+) and sex: after each year's step the persons of a band are multiplied by a
mean-one log-normal factor whose variance makes the band's variance

    Var = scale² × RESIDUAL_VARIANCE(band, sex) × persons (+ the surviving births in band 0)

where RESIDUAL_VARIANCE is the year-to-year variance of the cohort residual of one cell per
person at risk (net migrants plus the chance part of deaths), pooled over the band's ages
and over the municipalities below 50 000 residents 2005–2016
(:func:`handlingsrom.national.backtest.residual_variance_schedule`; a test checks the table
against the embedded data), and the surviving births of the year are Poisson (variance =
their number). A log-normal factor never makes a cell negative, keeps the mean, leaves an
empty band empty and needs one random number per band instead of one per cell. (The
persons after the year stand in for the persons at risk.)
"""

from __future__ import annotations

import numpy as np

from handlingsrom.demography.engine import N_AGES

# Bands of ages (first, last): one noise factor per band and sex.
BANDS: tuple[tuple[int, int], ...] = (
    (0, 0),
    (1, 5),
    (6, 10),
    (11, 15),
    (16, 19),
    *((a, a + 4) for a in range(20, 65, 5)),
    (65, 66),
    (67, 69),
    (70, 74),
    (75, 79),
    (80, 84),
    (85, 89),
    (90, 94),
    (95, N_AGES - 1),
)
N_BANDS = len(BANDS)
BAND_STARTS = np.array([lo for lo, _ in BANDS])
BAND_WIDTHS = np.array([hi - lo + 1 for lo, hi in BANDS])
BAND_ENDS = np.array([hi for _, hi in BANDS])

# Variance of a cell's yearly cohort residual per person at risk, by sex (female, male) and
# band of ages (see the module docstring).
# fmt: off
RESIDUAL_VARIANCE = np.array((
    (  # female: bands 0, 1–5, 6–10, …, 95+
        0.0433, 0.1217, 0.0654, 0.0497, 0.1171, 0.2923, 0.3001, 0.1618,
        0.0896, 0.0630, 0.0538, 0.0473, 0.0377, 0.0346, 0.0337, 0.0323,
        0.0312, 0.0378, 0.0552, 0.0973, 0.1698, 0.2739,
    ),
    (  # male: bands 0, 1–5, 6–10, …, 95+
        0.0441, 0.1247, 0.0631, 0.0506, 0.1041, 0.2332, 0.3024, 0.2138,
        0.1326, 0.0893, 0.0666, 0.0553, 0.0425, 0.0386, 0.0389, 0.0393,
        0.0410, 0.0531, 0.0832, 0.1305, 0.2041, 0.3114,
    ),
))
# fmt: on
# The same per person after the year, with the Poisson variance of the surviving births (one
# per birth) in band 0.
CELL_VARIANCE = RESIDUAL_VARIANCE + np.eye(1, N_BANDS, 0)


def band_sums(x: np.ndarray) -> np.ndarray:
    """(..., N_BANDS) sums of ``x`` (..., N_AGES) over each band."""
    return np.add.reduceat(x, BAND_STARTS, axis=-1)


def band_factors(persons: np.ndarray, variance: np.ndarray, z: np.ndarray) -> np.ndarray:
    """(..., N_BANDS) mean-one log-normal factors with variance ``variance / persons²``
    (1 where a band is empty: below a millionth of a person); ``z`` standard normal, of
    the same shape. Computed in single precision (a factor needs no more, and it halves the
    time of the logarithms and exponentials)."""
    some = persons > 1e-6
    # variance / persons² where ``some``, else 0 (the divisor is 1 + persons² there), with
    # plain arithmetic: a masked divide is several times slower.
    square = persons * persons
    square += ~some
    ratio = np.divide(variance, square, out=square)
    ratio *= some
    ratio = ratio.astype(np.float32)
    s2 = np.log1p(ratio)
    out = np.sqrt(s2) * z
    out -= 0.5 * s2
    return np.exp(out, out=out)


def expand(factors: np.ndarray) -> np.ndarray:
    """(..., N_AGES) each band's factor repeated over its ages."""
    return np.repeat(factors, BAND_WIDTHS, axis=-1)


def apply(pop: np.ndarray, scale: float, z: np.ndarray) -> None:
    """Multiply the persons of each band and sex of ``pop`` (..., 2, N_AGES) in place by a
    mean-one log-normal factor whose variance makes the band's variance
    ``scale² × CELL_VARIANCE × persons``; ``z`` (..., 2, N_BANDS) standard normal."""
    persons = band_sums(pop)
    factors = band_factors(persons, persons * CELL_VARIANCE * (scale * scale), z)
    pop *= expand(factors)


def apply_cells(pop: np.ndarray, scale: float, z: np.ndarray) -> np.ndarray:
    """:func:`apply` for a cells-major ``pop`` (2, N_AGES, paths), in place; ``z`` (2,
    N_BANDS, paths) standard normal. Each band's ages are contiguous rows: its persons are
    summed and its factor applied row by row in compiled loops (:mod:`.kernels`); the factors
    themselves are :func:`band_factors`. Returns the total persons per path after the noise
    (the bands' persons × their factors)."""
    from handlingsrom.demography import kernels  # Numba on first use (see stochastic.py)

    persons = np.empty((2, N_BANDS, pop.shape[-1]))
    kernels.band_sums(pop, BAND_STARTS, BAND_ENDS, persons)
    factors = band_factors(persons, persons * CELL_VARIANCE[..., None] * (scale * scale), z)
    total = np.empty(pop.shape[-1])
    kernels.scale_bands(pop, BAND_STARTS, BAND_ENDS, factors, persons, total)
    return total

"""Demographic noise of the stochastic paths: the chance variation of small counts.

Every age-sex cell's yearly flows (deaths, moves in and out, births) are counts of people,
and their chance variation is large where the counts are small. It is modelled per band of
ages (:data:`BANDS`, which nest the planning age groups 0, 1–5, 6–15, 16–19, 20–66, 67–79,
80–89 and 90+) and sex: after each year's step the persons of a band are multiplied by a
mean-one log-normal factor whose variance makes the band's variance

    Var = scale² × (Σ_x RESIDUAL_VARIANCE(x) × persons at risk(x) [+ surviving births])

where RESIDUAL_VARIANCE is the year-to-year variance of the cohort residual of one cell per
person at risk (net migrants plus the chance part of deaths), measured over the
municipalities below 50 000 residents 2005–2016
(:func:`handlingsrom.national.backtest.residual_variance_schedule`; a test checks the table
against the embedded data), and the surviving births of the year are Poisson (variance =
their number). A log-normal factor never makes a cell negative, keeps the mean, leaves an
empty band empty and needs one random number per band instead of one per cell.
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

# Variance of a cell's yearly cohort residual per person at risk, by sex (female, male) and
# age 0..100 (100 = 100 and older); see the module docstring.
# fmt: off
_TABLE = (
    (
        0.043, 0.159, 0.142, 0.123, 0.102, 0.087, 0.092, 0.065, 0.059, 0.057,
        0.055, 0.050, 0.051, 0.050, 0.050, 0.048, 0.079, 0.075, 0.115, 0.202,
        0.268, 0.274, 0.274, 0.311, 0.340, 0.329, 0.333, 0.315, 0.275, 0.245,
        0.212, 0.174, 0.159, 0.150, 0.121, 0.113, 0.097, 0.089, 0.080, 0.071,
        0.069, 0.065, 0.064, 0.058, 0.058, 0.056, 0.054, 0.055, 0.053, 0.051,
        0.049, 0.047, 0.050, 0.047, 0.045, 0.041, 0.041, 0.040, 0.034, 0.033,
        0.032, 0.032, 0.038, 0.035, 0.035, 0.033, 0.034, 0.032, 0.033, 0.033,
        0.032, 0.030, 0.030, 0.032, 0.032, 0.033, 0.037, 0.037, 0.040, 0.043,
        0.048, 0.050, 0.055, 0.059, 0.065, 0.085, 0.088, 0.095, 0.107, 0.121,
        0.144, 0.165, 0.170, 0.197, 0.204, 0.241, 0.252, 0.279, 0.302, 0.313,
        0.370,
    ),
    (
        0.044, 0.167, 0.146, 0.119, 0.101, 0.094, 0.087, 0.062, 0.060, 0.056,
        0.051, 0.049, 0.047, 0.054, 0.052, 0.051, 0.085, 0.095, 0.109, 0.126,
        0.176, 0.221, 0.229, 0.260, 0.288, 0.292, 0.333, 0.308, 0.304, 0.274,
        0.255, 0.234, 0.217, 0.195, 0.174, 0.154, 0.147, 0.137, 0.122, 0.106,
        0.103, 0.091, 0.095, 0.080, 0.077, 0.072, 0.070, 0.065, 0.063, 0.062,
        0.065, 0.056, 0.053, 0.051, 0.051, 0.048, 0.043, 0.041, 0.040, 0.040,
        0.039, 0.037, 0.043, 0.039, 0.035, 0.040, 0.038, 0.038, 0.040, 0.040,
        0.040, 0.037, 0.043, 0.042, 0.045, 0.046, 0.048, 0.052, 0.058, 0.063,
        0.074, 0.076, 0.078, 0.089, 0.106, 0.107, 0.123, 0.131, 0.149, 0.165,
        0.178, 0.191, 0.220, 0.239, 0.246, 0.264, 0.294, 0.348, 0.340, 0.384,
        0.435,
    ),
)
# fmt: on
RESIDUAL_VARIANCE = np.array([[*row, *[row[-1]] * (N_AGES - len(row))] for row in _TABLE])


def band_sums(x: np.ndarray) -> np.ndarray:
    """(..., N_BANDS) sums of ``x`` (..., N_AGES) over each band."""
    return np.add.reduceat(x, BAND_STARTS, axis=-1)


def band_factors(persons: np.ndarray, variance: np.ndarray, z: np.ndarray) -> np.ndarray:
    """(..., N_BANDS) mean-one log-normal factors with variance ``variance / persons²``
    (1 where a band is empty: below a millionth of a person); ``z`` standard normal, of
    the same shape."""
    some = persons > 1e-6
    safe = np.where(some, persons, 1.0)
    s2 = np.log1p(np.where(some, variance / (safe * safe), 0.0))
    return np.exp(np.sqrt(s2) * z - 0.5 * s2)


def expand(factors: np.ndarray) -> np.ndarray:
    """(..., N_AGES) each band's factor repeated over its ages."""
    return np.repeat(factors, BAND_WIDTHS, axis=-1)

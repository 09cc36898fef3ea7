"""Compiled inner loops of the stochastic year step (Numba), cells-major.

:class:`handlingsrom.demography.stochastic.CellPaths` stepped 1 000 paths a year with about
twenty NumPy passes over its (2, 106, paths) arrays (survival, the mortality shock, the
migration rates, the migrants, the cut of negative cells, the growth combination, the
noise): each pass reads and writes 1.7 MB, and that traffic was most of a national
stochastic run. These loops do the same arithmetic in one pass per stage, cell by cell, path
by path. Each cell's value is computed with the same operations in the same order as the
NumPy step (tested against it); a sum over cells (the persons cut, a band's persons) may
add in another order, so results agree with the NumPy step to rounding.

Compiled on first use and cached beside this file (``cache=True``; a read-only install
falls back to Numba's user cache), in IEEE arithmetic (no ``fastmath``: the bits must not
depend on the machine's vector units), single-threaded (a national run scales by processes).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def survive_migrate(
    pop: np.ndarray,
    nxt: np.ndarray,
    one_minus_q: np.ndarray,
    shock_age: int,
    shocked: np.ndarray,
    rate1: np.ndarray,
    spread1: np.ndarray,
    e: np.ndarray,
    fixed: np.ndarray,
    scale_unit: np.ndarray,
    by_total: np.ndarray,
    clipped: np.ndarray,
    survivors: np.ndarray,
) -> None:
    """Ages 1+ of next year's population ``nxt`` (2, N, n) from ``pop`` (2, N, n): the
    survivors one age up (the open age keeps its own), × the net migration rate, + the net
    migrants, negative cells cut to 0 (the persons cut added to ``clipped`` (n,)).

    Survival: ``one_minus_q`` (2, N) below ``shock_age``; from it the paths' shocked
    survival ``shocked`` (2, N − shock_age, n), floored at 0 (size 0: ``one_minus_q``).
    ``rate1`` (2, N) is 1 + the net migration rate (size 0: none). Migrants: ``spread1``
    (2, N − 1) × ``e`` (n,), + ``fixed`` (2, N) (size 0: none), + ``by_total`` (n,) ×
    ``scale_unit`` (2, N) (size 0: none). ``survivors`` (n,), unless of size 0, gets the
    survivors of ages 1+ per path (before migration).
    """
    n_ages = pop.shape[1]
    n = pop.shape[2]
    top = n_ages - 1
    use_shock = shocked.size > 0
    use_rate = rate1.size > 0
    use_fixed = fixed.size > 0
    use_scale = scale_unit.size > 0
    count = survivors.size > 0
    if count:
        survivors[:] = 0.0
    for s in range(2):
        for j in range(1, n_ages):
            src = j - 1
            old = src >= shock_age and use_shock
            for p in range(n):
                sv = max(shocked[s, src - shock_age, p], 0.0) if old else one_minus_q[s, src]
                v = pop[s, src, p] * sv
                if j == top:  # the open age: its own survivors too
                    if use_shock:
                        so = max(shocked[s, top - shock_age, p], 0.0)
                    else:
                        so = one_minus_q[s, top]
                    v = v + pop[s, top, p] * so
                if count:
                    survivors[p] += v
                if use_rate:
                    v = v * rate1[s, j]
                mig = spread1[s, j - 1] * e[p]
                if use_fixed:
                    mig = mig + fixed[s, j]
                if use_scale:
                    mig = mig + by_total[p] * scale_unit[s, j]
                v = v + mig
                if v < 0.0:  # emigration only takes who is there
                    clipped[p] -= v
                    v = 0.0
                nxt[s, j, p] = v


@njit(cache=True, nogil=True)
def add_profile(x: np.ndarray, unit: np.ndarray, gap: np.ndarray, clipped: np.ndarray) -> None:
    """``x[:, 1:] += unit × gap`` (x (2, N, n), unit (2, N − 1), gap (n,)) in place, negative
    cells cut to 0 (the persons cut added to ``clipped``)."""
    n_ages = x.shape[1]
    n = x.shape[2]
    for s in range(2):
        for j in range(1, n_ages):
            u = unit[s, j - 1]
            for p in range(n):
                v = x[s, j, p] + u * gap[p]
                if v < 0.0:
                    clipped[p] -= v
                    v = 0.0
                x[s, j, p] = v


@njit(cache=True, nogil=True)
def band_sums(x: np.ndarray, starts: np.ndarray, ends: np.ndarray, out: np.ndarray) -> None:
    """``out`` (2, B, n) = the persons of ``x`` (2, N, n) in each band of ages
    ``starts[b]..ends[b]`` (inclusive), added age by age."""
    n = x.shape[2]
    for s in range(2):
        for b in range(starts.size):
            for p in range(n):
                out[s, b, p] = x[s, starts[b], p]
            for a in range(starts[b] + 1, ends[b] + 1):
                for p in range(n):
                    out[s, b, p] += x[s, a, p]


@njit(cache=True, nogil=True)
def scale_bands(
    x: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    factors: np.ndarray,
    persons: np.ndarray,
    total: np.ndarray,
) -> None:
    """Multiply each band of ``x`` (2, N, n) in place by its factor (2, B, n) (single
    precision, widened exactly); ``total`` (n,) = the bands' ``persons`` × their factors."""
    n = x.shape[2]
    for p in range(n):
        total[p] = 0.0
    for s in range(2):
        for b in range(starts.size):
            for a in range(starts[b], ends[b] + 1):
                for p in range(n):
                    x[s, a, p] *= np.float64(factors[s, b, p])
            for p in range(n):
                total[p] += persons[s, b, p] * np.float64(factors[s, b, p])

"""Step 1 of a year: prices. The municipal deflator and the price index that turns the
model's fixed prices of the base year into current prices (pure)."""

from __future__ import annotations

import numpy as np


def deflator(series: dict[str, np.ndarray]) -> np.ndarray:
    """(Y,) the municipal deflator of each year: wage share × wage growth + the rest ×
    price growth (``economy.deflator_wage_share``, ``wage_growth``, ``price_growth``)."""
    w = series["deflator_wage_share"]
    return w * series["wage_growth"] + (1 - w) * series["price_growth"]


def price_index(series: dict[str, np.ndarray]) -> np.ndarray:
    """(Y,) price level relative to the base year (index 1): 1 / (1 + deflator) in the
    accounts year (index 0), the cumulated deflator after the base year."""
    rate = deflator(series)
    growth = np.ones(len(rate))
    growth[2:] = 1 + rate[2:]
    index = np.cumprod(growth)
    index[0] = 1 / (1 + rate[1])
    return index


def real_growth_index(rate: np.ndarray) -> np.ndarray:
    """(…, Y) cumulated real growth: 1 in the accounts year, × (1 + rate[t]) each year
    from the base year on (a rate dated t is the growth from t − 1 to t)."""
    growth = 1 + np.asarray(rate, dtype=float)
    growth[..., 0] = 1.0
    return np.cumprod(growth, axis=-1)

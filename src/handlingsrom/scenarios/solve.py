"""Required savings and the cost of waiting on a dataset (the real economy) (pure).

Thin wrappers that run the chain once and hand the solver of
:mod:`handlingsrom.scenarios.savings` an ``evaluate`` function that re-simulates the
economy with extra restructuring savings (``economy.simulate(inputs, savings_nok=…)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from handlingsrom import economy as _economy
from handlingsrom.dataset.model import Dataset
from handlingsrom.params import ParameterSet
from handlingsrom.scenarios.chain import ChainResult, run_chain
from handlingsrom.scenarios.model import Scenario
from handlingsrom.scenarios.savings import (
    DEFAULT_MAX_EVALUATIONS,
    DEFAULT_MAX_GROWTH,
    DEFAULT_TOLERANCE_NOK,
    Allocation,
    SavingsPath,
    WaitingCost,
    sector_shares,
    solve,
    waiting,
)

DEFAULT_HORIZON_YEARS = 20  # the long-term plan's first horizon (the other is 40)


def _end(ds: Dataset, base_year: int | None, end_year: int | None) -> int:
    base = ds.base_year if base_year is None else base_year
    return base + DEFAULT_HORIZON_YEARS - 1 if end_year is None else end_year


def _shares(
    run: ChainResult,
    allocation: Allocation,
    protected: Sequence[str],
    shares: Sequence[float] | None,
) -> np.ndarray:
    sectors = run.sectors
    unknown = [s for s in protected if s not in sectors]
    if unknown:
        from handlingsrom.errors import HandlingsromError

        raise HandlingsromError(
            f"expected protected sectors among {', '.join(sectors)}, found {unknown[0]!r}"
        )
    idx = [sectors.index(s) for s in protected]
    try:
        return sector_shares(run.sector_cost(), allocation, protected=idx, shares=shares)
    except ValueError as e:
        from handlingsrom.errors import HandlingsromError

        raise HandlingsromError(str(e)) from None


def _evaluate(run: ChainResult) -> Any:
    """The economy of ``run`` with extra savings, its savings-independent part done once."""
    return _economy.prepare_run(run.inputs, run.basis).simulate


def required_savings_for(
    run: ChainResult,
    start_year: int | None = None,
    max_growth: float = DEFAULT_MAX_GROWTH,
    allocation: Allocation = "pro_rata",
    protected: Sequence[str] = (),
    shares: Sequence[float] | None = None,
    rules: Sequence[str] | None = None,
    tolerance_nok: float = DEFAULT_TOLERANCE_NOK,
    discount_rate: float = 0.0,
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
) -> SavingsPath:
    """The required-savings path of an existing chain run."""
    return solve(
        _evaluate(run),
        run.years,
        run.frame_nok(),
        _shares(run, allocation, protected, shares),
        start_year=start_year,
        max_growth=max_growth,
        tolerance_nok=tolerance_nok,
        rules=rules,
        sectors=run.sectors,
        discount_rate=discount_rate,
        max_evaluations=max_evaluations,
    )


def required_savings(
    ds: Dataset,
    scenario: Scenario | None = None,
    params: ParameterSet | None = None,
    start_year: int | None = None,
    base_year: int | None = None,
    end_year: int | None = None,
    max_growth: float = DEFAULT_MAX_GROWTH,
    allocation: Allocation = "pro_rata",
    protected: Sequence[str] = (),
    shares: Sequence[float] | None = None,
    rules: Sequence[str] | None = None,
    tolerance_nok: float = DEFAULT_TOLERANCE_NOK,
) -> SavingsPath:
    """The smallest restructuring path from ``start_year`` (default: the base year) that keeps
    every financial rule in every year to ``end_year`` (default: 20 years), with savings
    growing by at most ``max_growth`` of the operating frame a year, spread over sectors by
    ``allocation`` (``pro_rata``, ``protected`` with ``protected`` sector names, or
    ``shares`` in the order of the dataset's sectors)."""
    run = run_chain(
        ds, scenario, base_year=base_year, end_year=_end(ds, base_year, end_year), params=params
    )
    return required_savings_for(
        run, start_year, max_growth, allocation, protected, shares, rules, tolerance_nok
    )


def cost_of_waiting(
    ds: Dataset,
    scenario: Scenario | None = None,
    params: ParameterSet | None = None,
    delays: Sequence[int] = tuple(range(11)),
    start_year: int | None = None,
    base_year: int | None = None,
    end_year: int | None = None,
    max_growth: float = DEFAULT_MAX_GROWTH,
    allocation: Allocation = "pro_rata",
    protected: Sequence[str] = (),
    shares: Sequence[float] | None = None,
    rules: Sequence[str] | None = None,
    tolerance_nok: float = DEFAULT_TOLERANCE_NOK,
) -> WaitingCost:
    """The required-savings solve when savings may start only ``delay`` years after
    ``start_year`` (default: the base year), for each delay: the strategic-vs-crisis curve."""
    run = run_chain(
        ds, scenario, base_year=base_year, end_year=_end(ds, base_year, end_year), params=params
    )
    return cost_of_waiting_for(
        run, delays, start_year, max_growth, allocation, protected, shares, rules, tolerance_nok
    )


def cost_of_waiting_for(
    run: ChainResult,
    delays: Sequence[int] = tuple(range(11)),
    start_year: int | None = None,
    max_growth: float = DEFAULT_MAX_GROWTH,
    allocation: Allocation = "pro_rata",
    protected: Sequence[str] = (),
    shares: Sequence[float] | None = None,
    rules: Sequence[str] | None = None,
    tolerance_nok: float = DEFAULT_TOLERANCE_NOK,
    discount_rate: float = 0.0,
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
) -> WaitingCost:
    """The cost-of-waiting curve of an existing chain run."""
    return waiting(
        _evaluate(run),
        run.years,
        run.frame_nok(),
        _shares(run, allocation, protected, shares),
        delays=delays,
        start_year=start_year,
        max_growth=max_growth,
        tolerance_nok=tolerance_nok,
        rules=rules,
        sectors=run.sectors,
        discount_rate=discount_rate,
        max_evaluations=max_evaluations,
    )

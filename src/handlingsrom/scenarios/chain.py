"""The whole chain for one scenario: population → services → economy → rules (pure).

Also the stacking of result tables of several runs under a ``scenario`` column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from handlingsrom import economy as _economy
from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import PopulationProjection
from handlingsrom.economy import EconomyInputs, EconomyResult
from handlingsrom.params import ParameterSet
from handlingsrom.scenarios.apply import apply
from handlingsrom.scenarios.model import BASELINE, Scenario
from handlingsrom.services import ServiceResult


@dataclass(frozen=True)
class ChainResult:
    """One run of the whole chain for a scenario."""

    scenario: Scenario
    dataset: Dataset  # the dataset with the scenario applied
    params: ParameterSet  # its parameters
    inputs: EconomyInputs
    economy: EconomyResult
    basis: str = "expected"  # the economy's basis: "expected" outcome or "budget"

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def population(self) -> PopulationProjection:
        if self.inputs.projection is None:
            raise ValueError("this run was given its population; it has no projection")
        return self.inputs.projection

    @property
    def services(self) -> ServiceResult:
        return self.inputs.services

    @property
    def years(self) -> np.ndarray:
        return np.asarray(self.economy.years)

    def simulate(self, savings_nok: np.ndarray | None = None) -> EconomyResult:
        """The economy of this run again with extra restructuring savings (S, Y) in NOK."""
        return _economy.simulate(self.inputs, None, savings_nok=savings_nok, basis=self.basis)

    def sector_cost(self) -> np.ndarray:
        """Net operating cost by sector (S, Y) in the order of the dataset's sectors: what
        pro-rata savings are spread by."""
        svc = self.services
        by = svc.cost_by_sector()
        idx = np.searchsorted(np.asarray(svc.years), self.years)
        zero = np.zeros(len(svc.years))
        return np.vstack([np.asarray(by.get(s, zero))[idx] for s in self.sectors])

    @property
    def sectors(self) -> tuple[str, ...]:
        return tuple(self.economy.sectors)

    def frame_nok(self) -> np.ndarray:
        """The operating frame the savings cap refers to (Y,): the economy's
        ``operating_frame`` (driftsramme), else its operating expenditure."""
        kf = self.economy.key_figures
        frame = kf.get("operating_frame", kf["operating_expenditure"])
        return np.abs(np.asarray(frame, dtype=float))


def with_params(ds: Dataset, params: ParameterSet | None) -> Dataset:
    """``ds`` whose parameters have ``params`` on top (``params`` wins)."""
    if params is None or params is ds.parameters:
        return ds
    return replace(ds, parameters=ds.parameters.merged(params))


def run_chain(
    ds: Dataset,
    scenario: Scenario | None = None,
    base_year: int | None = None,
    end_year: int | None = None,
    params: ParameterSet | None = None,
    population: np.ndarray | None = None,
    basis: str = "expected",
) -> ChainResult:
    """Run population → services → economy → rules for ``scenario`` over ``ds``.

    ``params`` are overrides on top of the dataset's parameters (applied before the
    scenario's); ``population`` (Y, 2, N_AGES) replaces the projection (e.g. a stochastic
    path). The projection and the service result are ``.population`` and ``.services``.
    ``basis``: the economy's ``"expected"`` outcome (default) or the ``"budget"`` basis.
    """
    sc = scenario or BASELINE
    new_ds, new_params = apply(with_params(ds, params), sc)
    inputs = _economy.prepare(new_ds, base_year=base_year, end_year=end_year, population=population)
    result = _economy.simulate(inputs, basis=basis)
    return ChainResult(sc, new_ds, new_params, inputs, result, basis)


def stack(frames: Mapping[str, pd.DataFrame] | Sequence[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """The tables of several runs one under the other, with a leading ``scenario`` column."""
    items = list(frames.items()) if isinstance(frames, Mapping) else list(frames)
    parts = []
    for name, df in items:
        part = df.copy()
        if "scenario" in part.columns:
            part = part.drop(columns="scenario")
        part.insert(0, "scenario", name)
        parts.append(part)
    if not parts:
        return pd.DataFrame({"scenario": pd.Series([], dtype=object)})
    return pd.concat(parts, ignore_index=True)


def compare(runs: Sequence[ChainResult], table: str) -> pd.DataFrame:
    """One result table (``key_figures``, ``rules``, ``budget``, ``services``) of every run,
    stacked under a ``scenario`` column."""
    getters = {
        "key_figures": lambda r: r.economy.key_figures_frame(),
        "rules": lambda r: r.economy.rules_frame(),
        "budget": lambda r: r.economy.budget_frame(),
        "services": lambda r: r.services.to_frame(),
        "population": lambda r: r.population.to_frame(),
    }
    if table not in getters:
        raise ValueError(f"expected one of {', '.join(getters)}, found {table!r}")
    return stack([(r.name, getters[table](r)) for r in runs])

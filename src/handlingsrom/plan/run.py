"""One plan run: population → services → economy → rules → savings → stress → risk.

:func:`run_plan` is the one way to run the chain: the CLI, the report and the server call
it. It validates the dataset first (every layer's checks; a problem stops the run with its
``file:row:column`` message), applies the scenario, and computes the stages asked for and
what they need. A stage is left out only when the options or the dataset say so (no
stochastic paths asked for; a dataset without economy tables or without stress tests), and
then ``PlanResult.skipped`` says why — never because something failed.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np

from handlingsrom import economy
from handlingsrom.calendar import Calendar
from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import project_dataset, simulate_paths
from handlingsrom.economy import checks as economy_checks
from handlingsrom.errors import HandlingsromError
from handlingsrom.params import ParameterSet
from handlingsrom.plan.options import PlanOptions, Stage
from handlingsrom.plan.parallel import worker_pool
from handlingsrom.plan.result import (
    AGE_GROUPS,
    BAND_QUANTILES,
    PlanResult,
    PopulationBands,
    group_totals,
    support_ratio,
)
from handlingsrom.plan.validate import check_dataset
from handlingsrom.scenarios import (
    BASELINE,
    ChainResult,
    RiskResult,
    SavingsPath,
    Scenario,
    StressResult,
    apply,
    cost_of_waiting_for,
    required_savings_for,
    rule_risk,
    stress_tests_of,
)
from handlingsrom.scenarios.stress import StressRun, stress_runs
from handlingsrom.services import run_services

OnStage = Callable[[str], None]


@dataclass
class _Clock:
    on_stage: OnStage | None
    timings: dict[str, float]

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self.on_stage is not None:
            self.on_stage(name)
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = time.perf_counter() - t0


def run_plan(
    dataset: Dataset,
    scenario: Scenario | None = None,
    options: PlanOptions | None = None,
    *,
    on_stage: OnStage | None = None,
    validate: bool = True,
) -> PlanResult:
    """Run the plan for ``scenario`` (default: the baseline) over ``dataset``.

    ``on_stage(name)`` is called as each stage starts (for progress displays). With
    ``validate`` (default) every layer's dataset checks run first and a problem raises
    :class:`~handlingsrom.errors.DatasetError`; a caller that has just validated the same
    dataset may skip them.
    """
    opts = options or PlanOptions()
    clock = _Clock(on_stage, {})
    warnings: tuple[str, ...] = ()
    if validate:
        with clock.stage("validate"):
            found = check_dataset(dataset)
            found.raise_for_problems()
            warnings = tuple(str(w) for w in found.warnings)
    sc = scenario or BASELINE
    ds, params = apply(dataset, sc)
    if opts.base_year is not None and opts.base_year > ds.base_year:
        raise HandlingsromError(
            f"base year {opts.base_year}: expected at most the dataset's base year {ds.base_year}"
        )
    cal = Calendar.of(opts.base_year or ds.base_year, opts.end_year)
    wanted = opts.wanted
    skipped: dict[Stage, str] = {}
    if not economy_checks.has_economy(ds):
        for st in ("economy", "savings", "waiting", "stress", "risk"):
            if st in wanted:
                skipped[st] = "no_economy_tables"
        if "services" in wanted and not ds.has("services"):
            skipped["services"] = "no_service_catalogue"

    with clock.stage("population"):
        projection = project_dataset(
            ds, base_year=cal.base_year, end_year=cal.end_year, params=params
        )
    result = PlanResult(
        dataset=ds,
        scenario=sc,
        params=params,
        calendar=cal,
        options=opts,
        population=projection,
        skipped=skipped,
        warnings=(*warnings, *projection.diagnostics),
        timings=clock.timings,
    )
    if "uncertainty" in wanted:
        if opts.population_paths > 0:
            with clock.stage("uncertainty"):
                result = replace(result, bands=_bands(ds, params, cal, opts))
        else:
            skipped["uncertainty"] = "no_population_paths"
    if "services" in wanted and "services" not in skipped:
        result = _services_and_economy(result, clock, wanted)
    if result.economy is None or result.inputs is None:
        return result
    run = ChainResult(sc, ds, params, result.inputs, result.economy)
    stress_tests = _stress_tests(dataset, opts) if "stress" in wanted else ()
    if "stress" in wanted and not stress_tests:
        skipped["stress"] = "no_stress_tests"
    background = ("stress" in wanted and bool(stress_tests)) or (
        "risk" in wanted and opts.risk_paths > 0
    )
    if "risk" in wanted and opts.risk_paths <= 0:
        skipped["risk"] = "no_risk_paths"
    if background and opts.workers >= 2:
        with worker_pool(1) as pool:
            future = pool.submit(_stress_and_risk, ds, params, cal, opts, stress_tests, wanted)
            result = _savings(result, run, clock, wanted)
            with clock.stage("stress"):
                runs, risk, times = future.result()
    else:
        result = _savings(result, run, clock, wanted)
        runs, risk, times = (
            _stress_and_risk(ds, params, cal, opts, stress_tests, wanted)
            if background
            else ((), None, {})
        )
    clock.timings.update(times)
    stress = None
    if runs:
        plan_run = StressRun(sc, result.economy, result.savings)  # type: ignore[arg-type]
        stress = StressResult(runs=(plan_run, *runs))
    return replace(result, stress=stress, risk=risk, timings=dict(clock.timings))


def _stress_tests(dataset: Dataset, opts: PlanOptions) -> tuple[Scenario, ...]:
    return stress_tests_of(dataset) if opts.stress_tests is None else opts.stress_tests


def _bands(ds: Dataset, params: ParameterSet, cal: Calendar, opts: PlanOptions) -> PopulationBands:
    """Quantiles of the age groups and the support ratio over stochastic paths."""
    groups: dict[str, list[np.ndarray]] = {g: [] for g, _, _ in AGE_GROUPS}
    ratios: list[np.ndarray] = []
    for batch in simulate_paths(
        ds, opts.population_paths, opts.seed, end_year=cal.end_year, params=params
    ):
        for g, v in group_totals(batch).items():
            groups[g].append(v)
        ratios.append(support_ratio(batch))
    q = np.asarray(BAND_QUANTILES)
    return PopulationBands(
        years=cal.years,
        quantiles=BAND_QUANTILES,
        groups={g: np.quantile(np.concatenate(v), q, axis=0) for g, v in groups.items()},
        support=_nanquantile(np.concatenate(ratios), q),
        n_paths=opts.population_paths,
        seed=opts.seed,
    )


def _nanquantile(values: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Quantiles over paths, NaN in a year where no path has a value (a small municipality
    where nobody is 80 or older in any path has no support ratio that year)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanquantile(values, q, axis=0)


def _services_and_economy(
    result: PlanResult, clock: _Clock, wanted: frozenset[Stage]
) -> PlanResult:
    """The services (with the capacity the economy builds) and the economy of the plan."""
    ds, cal, projection = result.dataset, result.calendar, result.population
    if "economy" in result.skipped or "economy" not in wanted:
        with clock.stage("services"):
            services = run_services(ds, projection.population, projection.years)
        return replace(result, services=services)
    with clock.stage("services"):
        inputs = economy.prepare(
            ds, base_year=cal.base_year, end_year=cal.end_year, population=projection.population
        )
        inputs = replace(inputs, projection=projection)
        services = inputs.services.window(cal.base_year, cal.end_year)
    with clock.stage("economy"):
        result_economy = economy.simulate(inputs)
    return replace(result, services=services, inputs=inputs, economy=result_economy)


def _savings(
    result: PlanResult, run: ChainResult, clock: _Clock, wanted: frozenset[Stage]
) -> PlanResult:
    """The required savings and, when asked for, the cost-of-waiting curve."""
    so = result.options.savings
    kw = {
        "max_growth": so.max_growth,
        "allocation": so.allocation,
        "protected": so.protected,
        "shares": so.shares,
        "rules": so.rules,
    }
    savings: SavingsPath | None = None
    waiting = None
    if "waiting" in wanted:
        with clock.stage("waiting"):
            delays = tuple(
                d
                for d in so.delays
                if (so.start_year or result.calendar.base_year) + d <= result.calendar.end_year
            )
            waiting = cost_of_waiting_for(run, delays=delays, start_year=so.start_year, **kw)  # type: ignore[arg-type]
            if 0 in delays:
                savings = waiting.paths[delays.index(0)]
    if "savings" in wanted and savings is None:
        with clock.stage("savings"):
            savings = required_savings_for(run, start_year=so.start_year, **kw)  # type: ignore[arg-type]
    return replace(result, savings=savings, waiting=waiting)


def _stress_and_risk(
    ds: Dataset,
    params: ParameterSet,
    cal: Calendar,
    opts: PlanOptions,
    tests: tuple[Scenario, ...],
    wanted: frozenset[Stage],
) -> tuple[tuple[StressRun, ...], RiskResult | None, dict[str, float]]:
    """The stress tests and the rule risk (in a worker process when there are two)."""
    times: dict[str, float] = {}
    runs: tuple[StressRun, ...] = ()
    if "stress" in wanted and tests:
        t0 = time.perf_counter()
        runs = stress_runs(
            ds,
            tests,
            base_year=cal.base_year,
            end_year=cal.end_year,
            with_savings=opts.stress_savings,
            max_growth=opts.savings.max_growth,
        )
        times["stress"] = time.perf_counter() - t0
    risk = None
    if "risk" in wanted and opts.risk_paths > 0:
        t0 = time.perf_counter()
        savings_nok = None
        if opts.risk_with_savings:
            base = ChainResult(BASELINE, ds, params, *_economy_of(ds, cal))
            savings_nok = required_savings_for(base, max_growth=opts.savings.max_growth).savings_nok
        risk = rule_risk(
            ds,
            n_paths=opts.risk_paths,
            seed=opts.seed,
            base_year=cal.base_year,
            end_year=cal.end_year,
            savings_nok=savings_nok,
        )
        times["risk"] = time.perf_counter() - t0
    return runs, risk, times


def _economy_of(ds: Dataset, cal: Calendar) -> tuple[economy.EconomyInputs, economy.EconomyResult]:
    inputs = economy.prepare(ds, base_year=cal.base_year, end_year=cal.end_year)
    return inputs, economy.simulate(inputs)

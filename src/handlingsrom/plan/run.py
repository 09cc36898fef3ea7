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
from typing import Any

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
    Scenario,
    StressResult,
    apply,
    cost_of_waiting_for,
    required_savings_for,
    stress_tests_of,
)
from handlingsrom.scenarios.risk import combine_risk, simulate_risk_paths
from handlingsrom.scenarios.savings import WaitingCost
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
    run = ChainResult(sc, ds, params, result.inputs, result.economy, opts.basis)
    stress_tests = _stress_tests(dataset, opts) if "stress" in wanted else ()
    if "stress" in wanted and not stress_tests:
        skipped["stress"] = "no_stress_tests"
    if "risk" in wanted and opts.risk_paths <= 0:
        skipped["risk"] = "no_risk_paths"
    tasks = _tasks(result, run, stress_tests, wanted)
    t0 = time.perf_counter()
    done = _run_tasks(tasks, opts.workers, on_stage)
    # per stage the seconds its tasks worked (in whichever process), and the wall time of all
    clock.timings.update(done.timings)
    clock.timings["scenarios_wall"] = time.perf_counter() - t0
    result = _savings(result, done.values)
    stress = None
    runs = tuple(done.values[k] for k in sorted(done.values) if k[0] == "stress")
    if runs:
        plan_run = StressRun(sc, result.economy, result.savings)  # type: ignore[arg-type]
        stress = StressResult(runs=(plan_run, *runs))
    chunks = [done.values[k] for k in sorted(done.values) if k[0] == "risk"]
    risk = combine_risk(chunks) if chunks else None
    return replace(result, stress=stress, risk=risk, timings=dict(clock.timings))


# --------------------------------------------------------------------------- parallel work
RISK_CHUNK = 250  # risk paths per task; a seed gives the same paths however they are split
TaskKey = tuple[str, int]


@dataclass(frozen=True)
class _Task:
    key: TaskKey  # (stage, index): results are put together in this order
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass
class _Done:
    values: dict[TaskKey, Any]
    timings: dict[str, float]  # stage -> seconds of work (summed over tasks)


def _tasks(
    result: PlanResult,
    run: ChainResult,
    stress_tests: tuple[Scenario, ...],
    wanted: frozenset[Stage],
) -> list[_Task]:
    """The independent work after the economy, largest first: risk paths in chunks, each
    stress test, and each delay of the cost-of-waiting curve (or the one savings solve)."""
    opts, ds, cal = result.options, result.dataset, result.calendar
    so = opts.savings
    kw = {
        "max_growth": so.max_growth,
        "allocation": so.allocation,
        "protected": so.protected,
        "shares": so.shares,
        "rules": so.rules,
        "discount_rate": so.discount_rate,
        "max_evaluations": so.max_evaluations,
    }
    tasks: list[_Task] = []
    if "risk" in wanted and opts.risk_paths > 0:
        savings_nok = None
        if opts.risk_with_savings:
            base = ChainResult(
                BASELINE, ds, result.params, *_economy_of(ds, cal, opts.basis), opts.basis
            )
            savings_nok = required_savings_for(base, max_growth=so.max_growth).savings_nok
        for k, first in enumerate(range(0, opts.risk_paths, RISK_CHUNK)):
            n = min(RISK_CHUNK, opts.risk_paths - first)
            risk_kw = {
                "base_year": cal.base_year,
                "end_year": cal.end_year,
                "savings_nok": savings_nok,
                "basis": opts.basis,
            }
            tasks.append(
                _Task(("risk", k), simulate_risk_paths, (ds, first, n, opts.seed), risk_kw)
            )
    for k, test in enumerate(stress_tests if "stress" in wanted else ()):
        stress_kw = {
            "base_year": cal.base_year,
            "end_year": cal.end_year,
            "with_savings": opts.stress_savings,
            "max_growth": so.max_growth,
            "basis": opts.basis,
        }
        tasks.append(_Task(("stress", k), _one_stress_run, (ds, test), stress_kw))
    if "waiting" in wanted:
        first_year = so.start_year or cal.base_year
        delays = tuple(d for d in so.delays if first_year + d <= cal.end_year)
        # one task: the delays share their forward solves and the point of no return
        tasks.append(
            _Task(
                ("waiting", 0),
                cost_of_waiting_for,
                (run,),
                {"delays": delays, "start_year": so.start_year, **kw},
            )
        )
    elif "savings" in wanted:
        tasks.append(
            _Task(("savings", 0), required_savings_for, (run,), {"start_year": so.start_year, **kw})
        )
    return tasks


def _one_stress_run(ds: Dataset, test: Scenario, **kw: Any) -> StressRun:
    return stress_runs(ds, (test,), **kw)[0]


def _timed(task: _Task) -> tuple[TaskKey, Any, float]:
    t0 = time.perf_counter()
    value = task.fn(*task.args, **task.kwargs)
    return task.key, value, time.perf_counter() - t0


def _run_tasks(tasks: list[_Task], workers: int, on_stage: OnStage | None) -> _Done:
    """Run the tasks in ``workers`` processes (in this one with 1); the results do not
    depend on how many."""
    done = _Done({}, {})
    stages = list(dict.fromkeys(t.key[0] for t in tasks))
    for stage in stages:
        if on_stage is not None:
            on_stage(stage)
    if workers >= 2 and len(tasks) > 1:
        with worker_pool(min(workers, len(tasks))) as pool:
            outcomes = list(pool.map(_timed, tasks))
    else:
        outcomes = [_timed(t) for t in tasks]
    for key, value, seconds in outcomes:
        done.values[key] = value
        done.timings[key[0]] = done.timings.get(key[0], 0.0) + seconds
    return done


def _savings(result: PlanResult, values: dict[TaskKey, Any]) -> PlanResult:
    """The required savings and the cost-of-waiting curve from the tasks' results."""
    waiting: WaitingCost | None = values.get(("waiting", 0))
    if waiting is not None and waiting.delays and waiting.delays[0] == 0:
        return replace(result, savings=waiting.paths[0], waiting=waiting)
    return replace(result, savings=values.get(("savings", 0)), waiting=waiting)


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
        expected = economy.simulate(inputs, basis=economy.EXPECTED)
        budget = economy.simulate(inputs, basis=economy.BUDGET)
    chosen = budget if result.options.basis == economy.BUDGET else expected
    return replace(
        result,
        services=services,
        inputs=inputs,
        economy=chosen,
        economy_expected=expected,
        economy_budget=budget,
    )


def _economy_of(
    ds: Dataset, cal: Calendar, basis: str
) -> tuple[economy.EconomyInputs, economy.EconomyResult]:
    inputs = economy.prepare(ds, base_year=cal.base_year, end_year=cal.end_year)
    return inputs, economy.simulate(inputs, basis=basis)

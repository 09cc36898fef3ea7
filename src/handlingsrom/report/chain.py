"""Run the whole chain for the report, stage by stage, timing each stage.

population → uncertainty (stochastic paths) → services → economy → required savings →
stress tests → rule risk. Each stage calls the public API of its layer; a layer whose API
is not in this build is recorded in ``missing`` (with the reason) and the report says so —
the report never invents the numbers of a missing layer.
"""

from __future__ import annotations

import dataclasses
import importlib
import multiprocessing
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from handlingsrom.dataset.model import Dataset
from handlingsrom.demography import N_AGES, PopulationProjection, project_dataset
from handlingsrom.errors import HandlingsromError
from handlingsrom.params import ParameterSet

# Age groups of the challenge picture: (id, lowest age, highest age or None = open).
AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("0-5", 0, 5),
    ("6-15", 6, 15),
    ("16-19", 16, 19),
    ("20-66", 20, 66),
    ("67-79", 67, 79),
    ("80-89", 80, 89),
    ("90+", 90, None),
)

# The stages in order, with their English names for the progress display and run.json.
STAGES: tuple[tuple[str, str], ...] = (
    ("population", "Population projection"),
    ("uncertainty", "Stochastic population paths"),
    ("services", "Service demand, capacity and staff"),
    ("economy", "Budget, key figures and financial rules"),
    ("savings", "Required savings and the cost of waiting"),
    ("stress", "Stress tests"),
    ("risk", "Probability of breaking each rule"),
)

NEEDS_ECONOMY = "needs the economy results, which are not available"
DEFAULT_PATHS = 200
DEFAULT_RISK_PATHS = 100
DEFAULT_SEED = 2017


def layer_api(module: str, *names: str) -> tuple[Any, ...] | None:
    """The named functions of a layer, or None when this build does not have them yet."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    found = tuple(getattr(mod, n, None) for n in names)
    return None if any(f is None for f in found) else found


@dataclass
class ChainOutputs:
    ds: Dataset
    params: ParameterSet
    projection: PopulationProjection
    n_paths: int = 0
    seed: int = DEFAULT_SEED
    # group id -> array (3, Y): 5th, 50th and 95th percentile over the stochastic paths
    bands: dict[str, np.ndarray] | None = None
    support_band: np.ndarray | None = None  # (3, Y) of residents 20–66 per resident 80+
    services: Any = None
    economy_inputs: Any = None
    economy_error: str = ""
    economy: Any = None
    savings: Any = None
    waiting: Any = None
    stress: Any = None
    risk: Any = None
    scenario: Any = None  # the scenarios layer's Scenario applied to ds (None: baseline)
    delays: tuple[int, ...] = tuple(range(11))
    risk_paths: int = 0
    missing: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def group_totals(population: np.ndarray) -> dict[str, np.ndarray]:
    """Age-group sums of a population array (..., 2, N_AGES) → {group: (...)}."""
    out = {}
    for gid, lo, hi in AGE_GROUPS:
        top = N_AGES if hi is None else hi + 1
        out[gid] = population[..., :, lo:top].sum(axis=(-2, -1))
    return out


def support_ratio(population: np.ndarray) -> np.ndarray:
    """Residents aged 20–66 per resident aged 80+ for (..., 2, N_AGES) → (...)."""
    working = population[..., :, 20:67].sum(axis=(-2, -1))
    old = population[..., :, 80:].sum(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(old > 0, working / np.where(old > 0, old, 1), np.nan)


def compute(
    ds: Dataset,
    params: ParameterSet | None = None,
    *,
    end_year: int | None = None,
    n_paths: int = DEFAULT_PATHS,
    risk_paths: int = DEFAULT_RISK_PATHS,
    seed: int = DEFAULT_SEED,
    scenario: Any = None,
    workers: int = 2,
    on_stage: Callable[[str], None] | None = None,
) -> ChainOutputs:
    """Run every stage; ``on_stage(stage_id)`` is called as each stage starts.

    With ``workers`` ≥ 2 (and a platform that can fork), the stress tests and the risk paths
    run in a forked worker process while this one solves the required savings: the same
    results, in less wall time on a machine with two cores.
    """
    params = ds.parameters if params is None else params
    timings: dict[str, float] = {}

    def start(stage: str) -> float:
        if on_stage is not None:
            on_stage(stage)
        return time.perf_counter()

    t0 = start("population")
    projection = project_dataset(ds, end_year=end_year, params=params)
    timings["population"] = time.perf_counter() - t0
    out = ChainOutputs(
        ds=ds,
        params=params,
        projection=projection,
        seed=seed,
        timings=timings,
        scenario=scenario,
        risk_paths=risk_paths,
    )

    def run_stage(stage: str, run: Callable[[], None]) -> None:
        t0 = start(stage)
        try:
            run()
        except HandlingsromError as e:
            # A dataset without the inputs of a later layer still gets the report of the
            # layers it has; the reason is shown in the report and run.json.
            out.missing[stage] = f"{type(e).__name__}: {e}"
        timings[stage] = time.perf_counter() - t0

    run_stage("uncertainty", lambda: _uncertainty(out, n_paths, end_year))
    run_stage("services", lambda: _services(out, end_year))
    run_stage("economy", lambda: _economy(out, end_year))
    worker = _fork_worker(out, risk_paths) if workers >= 2 and out.economy is not None else None
    try:
        run_stage("savings", lambda: _savings(out))
    except BaseException:
        if worker is not None:
            worker[0].terminate()
            worker[0].join()
        raise
    if worker is None:
        run_stage("stress", lambda: _stress(out))
        run_stage("risk", lambda: _risk(out, risk_paths))
    else:
        start("stress")
        _join_worker(out, worker)
    return out


def _worker_stages(out: ChainOutputs, risk_paths: int) -> dict[str, Any]:
    """Stress tests and risk (run in the worker); what goes back is plain, picklable data."""
    result: dict[str, Any] = {"missing": {}, "timings": {}}
    for stage, run in (("stress", lambda: _stress(out)), ("risk", lambda: _risk(out, risk_paths))):
        t0 = time.perf_counter()
        try:
            run()
        except HandlingsromError as e:
            result["missing"][stage] = f"{type(e).__name__}: {e}"
        result["timings"][stage] = time.perf_counter() - t0
    result["missing"].update({k: v for k, v in out.missing.items() if k in ("stress", "risk")})
    result["stress"] = out.stress
    result["risk"] = out.risk
    return result


def _fork_worker(out: ChainOutputs, risk_paths: int) -> Any:
    """Start the stress tests and risk in a forked process; None where fork is unavailable."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(("ok", _worker_stages(out, risk_paths)))
        except BaseException:  # report anything unexpected to the parent, never hang it
            send.send(("error", traceback.format_exc()))
        finally:
            send.close()

    process = ctx.Process(target=child, daemon=True)
    with warnings.catch_warnings():
        # Python ≥ 3.12 warns about forking a process with threads (NumPy's BLAS pool); the
        # child only computes and sends its result, which is safe with OpenBLAS's fork hooks.
        warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
        process.start()
    send.close()
    return process, receive


def _join_worker(out: ChainOutputs, worker: Any) -> None:
    process, receive = worker
    try:
        status, payload = receive.recv()
    except EOFError:
        status, payload = "error", f"the worker process ended with code {process.exitcode}"
    finally:
        receive.close()
        process.join()
    if status != "ok":
        raise RuntimeError(f"stress tests and risk failed in the worker process:\n{payload}")
    out.stress = payload["stress"]
    out.risk = payload["risk"]
    out.missing.update(payload["missing"])
    out.timings.update(payload["timings"])


def _uncertainty(out: ChainOutputs, n_paths: int, end_year: int | None) -> None:
    api = layer_api("handlingsrom.demography", "simulate_paths") or layer_api(
        "handlingsrom.demography.stochastic", "simulate_paths"
    )
    if api is None:
        out.missing["uncertainty"] = "handlingsrom.demography.simulate_paths"
        return
    if n_paths <= 0:
        out.missing["uncertainty"] = "--paths 0"
        return
    (simulate_paths,) = api
    groups: dict[str, list[np.ndarray]] = {g: [] for g, _, _ in AGE_GROUPS}
    ratios: list[np.ndarray] = []
    for batch in simulate_paths(
        out.ds,
        n_paths,
        out.seed,
        end_year=end_year or int(out.projection.years[-1]),
        params=out.params,
    ):
        for g, v in group_totals(batch).items():
            groups[g].append(v)
        ratios.append(support_ratio(batch))
    q = (5, 50, 95)
    out.bands = {g: np.percentile(np.concatenate(v), q, axis=0) for g, v in groups.items()}
    out.support_band = np.nanpercentile(np.concatenate(ratios), q, axis=0)
    out.n_paths = n_paths


def _services(out: ChainOutputs, end_year: int | None) -> None:
    """The services layer's result; with the economy layer present, the one the economy
    runs (it adds the capacity of completed investment projects), from the base year on."""
    econ = layer_api("handlingsrom.economy", "prepare", "simulate")
    if econ is not None:
        prepare, _ = econ
        try:
            out.economy_inputs = prepare(
                out.ds,
                end_year=int(out.projection.years[-1]),
                params=out.params,
                population=out.projection.population,
            )
        except HandlingsromError as e:  # e.g. a dataset without economy inputs
            out.economy_error = f"{type(e).__name__}: {e}"
        services = getattr(out.economy_inputs, "services", None)
        if services is not None:
            out.services = from_year(services, int(out.projection.years[0]))
            return
    api = layer_api("handlingsrom.services", "run_services")
    if api is None:
        out.missing["services"] = "handlingsrom.services.run_services"
        return
    (run_services,) = api
    out.services = run_services(
        out.ds, out.projection.population, out.projection.years, params=out.params
    )


def from_year(result: Any, first: int) -> Any:
    """A services result restricted to the years from ``first`` on."""
    years = np.asarray(result.years)
    if years[0] >= first:
        return result
    keep = years >= first
    changes = {"years": years[keep]}
    for name in (
        "users",
        "cost_nok",
        "fte",
        "capacity",
        "gap",
        "pressure_nok",
        "working_age",
        "oldest",
    ):
        if hasattr(result, name):
            changes[name] = np.asarray(getattr(result, name))[..., keep]
    return dataclasses.replace(result, **changes)


def _economy(out: ChainOutputs, end_year: int | None) -> None:
    api = layer_api("handlingsrom.economy", "prepare", "simulate")
    if api is None:
        out.missing["economy"] = "handlingsrom.economy.prepare / simulate"
        return
    if out.economy_inputs is None:
        out.missing["economy"] = out.economy_error or "no economy inputs"
        return
    _, simulate = api
    out.economy = simulate(out.economy_inputs)


def chain_result(out: ChainOutputs) -> Any:
    """The scenarios layer's view of this run (reusing the economy inputs already made)."""
    from handlingsrom.scenarios import BASELINE, ChainResult

    return ChainResult(
        out.scenario if out.scenario is not None else BASELINE,
        out.ds,
        out.params,
        out.economy_inputs,
        out.economy,
    )


def _savings(out: ChainOutputs) -> None:
    api = layer_api("handlingsrom.scenarios", "required_savings_for", "cost_of_waiting_for")
    if api is None or out.economy is None:
        out.missing["savings"] = (
            "handlingsrom.scenarios.required_savings / cost_of_waiting"
            if api is None
            else NEEDS_ECONOMY
        )
        return
    required_savings_for, cost_of_waiting_for = api
    run = chain_result(out)
    out.waiting = cost_of_waiting_for(run, delays=out.delays)
    # With no delay the waiting solve is the required-savings solve: reuse it.
    out.savings = (
        out.waiting.paths[out.delays.index(0)] if 0 in out.delays else required_savings_for(run)
    )


def _stress(out: ChainOutputs) -> None:
    """The LDIP stress tests beside this run (as ``stress_tests`` does, but reusing the
    baseline run and its required savings already made)."""
    api = layer_api(
        "handlingsrom.scenarios",
        "builtin_stress_tests",
        "run_chain",
        "required_savings_for",
        "StressResult",
    )
    if api is None or out.economy is None:
        out.missing["stress"] = (
            "handlingsrom.scenarios.stress_tests" if api is None else NEEDS_ECONOMY
        )
        return
    builtin_stress_tests, run_chain, required_savings_for, stress_result = api
    end = int(out.projection.years[-1])
    base_run = chain_result(out)
    runs = [base_run]
    runs += [run_chain(out.ds, sc, end_year=end) for sc in builtin_stress_tests()]
    savings = {r.name: required_savings_for(r) for r in runs[1:]}
    savings[base_run.name] = (
        out.savings if out.savings is not None else required_savings_for(base_run)
    )
    out.stress = StressSummary.of(stress_result(runs=tuple(runs), savings=savings))


@dataclass(frozen=True)
class StressSummary:
    """What the report needs of the stress tests, as plain data (picklable)."""

    names: tuple[str, ...]  # baseline first
    titles: tuple[str, ...]  # "" where the scenario has none
    years: np.ndarray
    key_figures: tuple[dict[str, np.ndarray], ...]  # per run
    summary: pd.DataFrame  # StressResult.summary_frame()
    key_figures_long: pd.DataFrame  # StressResult.key_figures_frame()

    @classmethod
    def of(cls, result: Any) -> StressSummary:
        runs = result.runs
        return cls(
            names=tuple(str(r.name) for r in runs),
            titles=tuple(str(r.scenario.title or "") for r in runs),
            years=np.asarray(runs[0].economy.years),
            key_figures=tuple(
                {k: np.asarray(v, dtype=float) for k, v in r.economy.key_figures.items()}
                for r in runs
            ),
            summary=result.summary_frame(),
            key_figures_long=result.key_figures_frame(),
        )


def _risk(out: ChainOutputs, n_paths: int) -> None:
    api = layer_api("handlingsrom.scenarios", "rule_risk")
    if api is None or out.economy is None:
        out.missing["risk"] = "handlingsrom.scenarios.rule_risk" if api is None else NEEDS_ECONOMY
        return
    if n_paths <= 0:
        out.missing["risk"] = "--risk-paths 0"
        return
    (rule_risk,) = api
    out.risk = rule_risk(
        out.ds,
        n_paths=n_paths,
        seed=out.seed,
        params=out.params,
        end_year=int(out.projection.years[-1]),
    )

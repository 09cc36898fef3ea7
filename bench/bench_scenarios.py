"""Scenarios benchmark: `.venv/bin/python -m bench bench_scenarios`.

Prints, on the default dataset (Bærum 2017), after import and one warm-up run:
1. one whole-chain run of a scenario (apply → population → services → economy → rules),
   median of repeated runs, for the baseline and for each LDIP stress test (target < 50 ms);
2. the required-savings solve (20 and 40 years; the default economy, a scenario in which
   the rules bind: the resultatgrad target raised to the baseline's lowest result + 0.5
   percentage points, and an infeasible one: loan rates of 25 %), with the number of
   economy runs it took (target < 2 s);
3. the cost-of-waiting curve (delays 0–10, 20 and 40 years);
4. the rule risk with 1 000 stochastic paths (population, interest, tax level) (target < 10 s).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from handlingsrom.dataset import io as dataset_io
from handlingsrom.scenarios import (
    BASELINE,
    cost_of_waiting_for,
    parse_scenario,
    required_savings_for,
    rule_risk,
    run_chain,
)
from handlingsrom.scenarios.apply import clear_cache
from handlingsrom.scenarios.stress import stress_tests_of

RATES_25 = (
    'name = "rates-25"\n[assumptions]\n'
    '"economy.interest_rate_floating" = { set = 0.25, from = 2018 }\n'
    '"economy.interest_rate_fixed" = { set = 0.25, from = 2018 }\n'
)


def tight(ds) -> Any:
    """The resultatgrad target raised to the baseline's lowest result + 0.5 pp (20 years),
    so that the rules bind and the solver has work to do."""
    ndr = run_chain(ds, BASELINE, end_year=ds.base_year + 19).economy.key_figures
    target = float(ndr["net_operating_result_pct"].min()) + 0.5
    return parse_scenario(
        'name = "tight"\n[[decisions.rules.update]]\nwhere = { id = "resultatgrad" }\n'
        f"set = {{ threshold = {target!r} }}\n",
        "tight.toml",
    )


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times)), out


def main() -> None:
    ds = dataset_io.load()
    base = ds.base_year
    run_chain(ds, BASELINE)  # warm-up: imports, caches
    print("1. whole chain (scenario applied, population → services → economy → rules), 40 years")
    for sc in (BASELINE, *stress_tests_of(ds)):
        clear_cache()
        t0 = time.perf_counter()
        run_chain(ds, sc)
        first = time.perf_counter() - t0
        t, _ = _timed(lambda sc=sc: run_chain(ds, sc), 15)
        print(
            f"   {sc.name:24s} {1000 * t:6.1f} ms (median of 15; first run with a cold "
            f"table cache: {1000 * first:.1f} ms)"
        )

    tight_sc = tight(ds)
    impossible = parse_scenario(RATES_25, "rates-25.toml")
    print("2. required savings (smallest total, growth cap 1 % of the frame, pro rata)")
    for name, sc in (("default", BASELINE), ("tight", tight_sc), ("rates-25", impossible)):
        for years in (20, 40):
            run = run_chain(ds, sc, end_year=base + years - 1)
            t, path = _timed(lambda run=run: required_savings_for(run), 3)
            print(
                f"   {name:8s} {years} years: {t:6.3f} s, {path.evaluations} economy runs, "
                f"total {path.total_nok / 1e6:,.0f} MNOK, feasible {path.feasible}"
            )

    print("3. cost of waiting, delays 0–10 (the solves shared between delays + the gaps)")
    for name, sc in (("default", BASELINE), ("tight", tight_sc)):
        for years in (20, 40):
            run = run_chain(ds, sc, end_year=base + years - 1)
            t, _ = _timed(lambda run=run: cost_of_waiting_for(run), 1)
            print(f"   {name:8s} {years} years: {t:6.3f} s")

    print("4. rule risk, 1 000 paths × 20 years (population, interest, tax level)")
    t, risk = _timed(lambda: rule_risk(ds, n_paths=1000, seed=2017, end_year=base + 19), 1)
    print(f"   {t:6.2f} s for {risk.n_paths} paths")


if __name__ == "__main__":
    main()

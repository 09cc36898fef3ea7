"""Speed of the economy layer: `prepare` + `simulate` on the default data, 2017–2057.

    .venv/bin/python -m bench bench_economy

Target: `prepare` + `simulate` under 50 ms together after import (median of repeated runs).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from handlingsrom.dataset import io as dataset_io
from handlingsrom.economy import prepare, simulate, static_inputs


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ds = dataset_io.load()
    base, end = 2017, 2057
    inputs = prepare(ds, base, end)  # warm-up (caches, imports)
    simulate(inputs)
    static = inputs.static
    pop = inputs.population[1:]
    savings = np.zeros((len(ds.sectors), end - base + 1))
    savings[0] = 50e6

    full = _median_ms(lambda: simulate(prepare(ds, base, end)), 20)
    st = _median_ms(lambda: static_inputs(ds, base, end), 20)
    with_pop = _median_ms(
        lambda: simulate(prepare(ds, base, end, population=pop, static=static)), 30
    )
    path = _median_ms(lambda: simulate(inputs.with_population(pop * 1.01)), 30)
    sim = _median_ms(lambda: simulate(inputs, savings_nok=savings), 200)
    print(f"prepare + simulate (projection, services, tables), 2017-2057: {full:7.2f} ms")
    print(f"  of which static_inputs (tables, parameters):                 {st:7.2f} ms")
    print(f"prepare(population=…, static=…) + simulate:                    {with_pop:7.2f} ms")
    print(f"inputs.with_population(path) + simulate:                       {path:7.2f} ms")
    print(f"simulate alone (with savings):                                 {sim:7.2f} ms")
    print(f"target: prepare + simulate < 50 ms -> {'met' if full < 50 else 'NOT met'}")


if __name__ == "__main__":
    main()

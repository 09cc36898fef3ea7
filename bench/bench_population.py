"""Population engine benchmark: `.venv/bin/python -m bench bench_population`.

Prints:
1. a deterministic 40-year projection: the engine alone and `project_dataset` (estimation +
   engine) after import, median of repeated runs;
2. the same projection in plain Python, cell by cell (the ratio shows what NumPy buys);
3. 10 000 stochastic paths × 40 years with quantiles per age and sex: the whole CLI process
   (`handlingsrom project --paths 10000`) against a tight NumPy loop over the same arrays;
4. peak memory of the streamed quantiles for several numbers of paths and years (each in a
   fresh process): it grows with the paths, not with paths × years.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).parent / "handlingsrom"


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times))


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _best_interleaved(fns: dict, repeat: int) -> tuple[dict, dict]:
    """Fastest wall and CPU time of ``repeat`` runs of each function, run in turn.

    Interleaving and taking the minimum is the fairest comparison on a shared machine; CPU
    time is less sensitive than wall time to other processes' load.
    """
    wall = dict.fromkeys(fns, float("inf"))
    cpu = dict.fromkeys(fns, float("inf"))
    for _ in range(repeat):
        for name, fn in fns.items():
            t, c = time.perf_counter(), _cpu()
            fn()
            wall[name] = min(wall[name], time.perf_counter() - t)
            cpu[name] = min(cpu[name], _cpu() - c)
    return wall, cpu


def plain_python_projection(inputs) -> list:
    """The engine's step written cell by cell in plain Python lists (reference only)."""
    n = len(inputs.base_population[0])
    pop = [list(map(float, row)) for row in inputs.base_population]
    out = [pop]
    for t in range(len(inputs.years) - 1):
        q = inputs.q[t].tolist()
        mig = inputs.migration[t].tolist()
        asfr = inputs.asfr[t].tolist()
        ms = float(inputs.male_share[t])
        s0 = inputs.s0[t].tolist()
        nxt = [[0.0] * n for _ in range(2)]
        for s in range(2):
            for a in range(n):
                surv = pop[s][a] * (1.0 - q[s][a])
                to = min(a + 1, n - 1)
                nxt[s][to] += surv
            for a in range(1, n):
                nxt[s][a] = max(nxt[s][a] + mig[s][a], 0.0)
        births = 0.0
        for a in range(n):
            births += asfr[a] * 0.5 * (pop[0][a] + nxt[0][a])
        b = (births * (1.0 - ms), births * ms)
        for s in range(2):
            nxt[s][0] = max(b[s] * s0[s] + mig[s][0], 0.0)
        pop = nxt
        out.append(pop)
    return out


def tight_numpy_loop(inputs, sp, n_paths: int, seed: int, qs: np.ndarray, quantile) -> np.ndarray:
    """The stochastic projection as one plain NumPy loop over all paths at once.

    ``quantile(x (paths, cells), qs) -> (len(qs), cells)``.
    """
    from handlingsrom.demography.engine import OPEN_AGE, q_from_m

    rng = np.random.default_rng(seed)
    pop = np.broadcast_to(inputs.base_population, (n_paths, 2, OPEN_AGE + 1)).copy()
    e = np.zeros(n_paths)
    f = np.zeros(n_paths)
    k = np.zeros(n_paths)
    out = np.empty((len(inputs.years), len(qs), 2 * (OPEN_AGE + 1)))
    out[0] = quantile(pop.reshape(n_paths, -1), qs)
    newborn = (1.0 - inputs.s0) / inputs.q[:, :, 0]
    for t in range(len(inputs.years) - 1):
        z = rng.standard_normal((n_paths, 3))
        phi = sp.migration_ar[t]
        e = phi * e + sp.migration_sd[t] * np.sqrt(1 - phi * phi) * z[:, 0]
        f = sp.tfr_ar[t] * f + sp.tfr_sd[t] * z[:, 1]
        k = k + sp.k_sd[t] * z[:, 2]
        q = q_from_m(inputs.mx[t] * np.exp(sp.lc_b[None] * k[:, None, None]))
        mig = inputs.migration[t][None] + e[:, None, None] * inputs.migration_unit[None]
        surv = pop * (1 - q)
        nxt = np.empty_like(pop)
        nxt[:, :, 1:] = surv[:, :, :-1]
        nxt[:, :, OPEN_AGE] += surv[:, :, OPEN_AGE]
        nxt[:, :, 1:] += mig[:, :, 1:]
        np.maximum(nxt, 0.0, out=nxt)
        births = (inputs.asfr[t] * 0.5 * (pop[:, 0] + nxt[:, 0])).sum(axis=1) * np.exp(f)
        ms = inputs.male_share[t]
        s0 = 1.0 - newborn[t] * q[:, :, 0]
        nxt[:, 0, 0] = np.maximum(births * (1 - ms) * s0[:, 0] + mig[:, 0, 0], 0.0)
        nxt[:, 1, 0] = np.maximum(births * ms * s0[:, 1] + mig[:, 1, 0], 0.0)
        pop = nxt
        out[t + 1] = quantile(pop.reshape(n_paths, -1), qs)
    return out


_MEMORY_CHILD = """
import json, resource, sys, tracemalloc
from handlingsrom.dataset import io
from handlingsrom.demography import stochastic
ds = io.load()
n, years = int(sys.argv[1]), int(sys.argv[2])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
stochastic.summarize(ds, n, 1, (0.1, 0.5, 0.9), end_year=ds.base_year + years)
peak = tracemalloc.get_traced_memory()[1]
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"traced_peak_mb": peak / 2**20, "max_rss_mb": rss / 1024,
                  "rss_before_mb": before / 1024}))
"""


def main() -> None:
    from handlingsrom.dataset import io
    from handlingsrom.demography import project_dataset
    from handlingsrom.demography import stochastic as st
    from handlingsrom.demography.engine import project
    from handlingsrom.demography.projection import prepare

    print(f"(load average now: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")
    ds = io.load()
    inputs, _, _ = prepare(ds)
    project_dataset(ds)
    t_engine = _median_time(lambda: project(inputs), 200)
    t_dataset = _median_time(lambda: project_dataset(ds), 100)
    print(f"deterministic 40 years, engine only:         {t_engine * 1e3:7.2f} ms (median of 200)")
    print(f"deterministic 40 years, project_dataset:     {t_dataset * 1e3:7.2f} ms (median of 100)")

    t_py = _median_time(lambda: plain_python_projection(inputs), 5)
    ref = np.array(plain_python_projection(inputs))
    diff = float(np.abs(ref - project(inputs).population).max())
    print(
        f"plain Python per cell, same projection:      {t_py * 1e3:7.2f} ms "
        f"(× {t_py / t_engine:.0f} the engine; max difference {diff:.2e} persons)"
    )

    n_paths, qs = 10_000, np.array([0.1, 0.5, 0.9])
    inputs_s, sp = st.prepare(ds)

    def np_quantile(x, q):
        return np.quantile(x, q, axis=0)

    def partition_quantile(x, q):
        return st.quantiles_last_axis(np.ascontiguousarray(x.T), q)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "q.csv"
        cmd = [str(CLI), "project", "--paths", str(n_paths), "--seed", "1", "--out", str(out)]
        wall, cpu = _best_interleaved(
            {
                "tight": lambda: tight_numpy_loop(inputs_s, sp, n_paths, 1, qs, np_quantile),
                "tight_partition": lambda: tight_numpy_loop(
                    inputs_s, sp, n_paths, 1, qs, partition_quantile
                ),
                "library": lambda: st.summarize_inputs(inputs_s, sp, n_paths, 1, qs),
                "cli": lambda: subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT),
                "startup": lambda: subprocess.run(
                    [str(CLI), "--version"], check=True, capture_output=True, cwd=ROOT
                ),
            },
            3,
        )
    print("10 000 paths × 40 years + quantiles per age and sex (best of 3, interleaved):")
    print("                                               wall s    CPU s")
    labels = {
        "tight": "tight NumPy loop, np.quantile",
        "tight_partition": "tight NumPy loop, partition quantiles",
        "library": "library (summarize_inputs), in process",
        "cli": "whole CLI process `project --paths 10000`",
        "startup": "CLI start-up alone (`--version`)",
    }
    for key, label in labels.items():
        print(f"  {label:43s} {wall[key]:7.2f}  {cpu[key]:7.2f}")
    for ref in ("tight", "tight_partition"):
        print(
            f"  CLI / {labels[ref]}: {wall['cli'] / wall[ref]:.2f}× wall, "
            f"{cpu['cli'] / cpu[ref]:.2f}× CPU"
        )

    print("peak memory of streamed quantiles (fresh process each):")
    for n, years in ((1_000, 40), (10_000, 40), (10_000, 80)):
        res = subprocess.run(
            [sys.executable, "-c", _MEMORY_CHILD, str(n), str(years)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        m = json.loads(res.stdout)
        print(
            f"  {n:6d} paths × {years} years: traced peak {m['traced_peak_mb']:6.1f} MB, "
            f"max RSS {m['max_rss_mb']:6.1f} MB (after import and load {m['rss_before_mb']:.1f} MB)"
        )


if __name__ == "__main__":
    main()

"""National runs benchmark: `.venv/bin/python -m bench bench_national`.

Prints:
1. all 357 municipalities × 40 years, deterministic: the computation in one process
   (estimation + engine for each municipality; median of 3, after the files are loaded),
   and the whole CLI process `handlingsrom national project --workers 0` and with a local
   Dask cluster of two workers (start-up, the CSV of 3.1 million rows included);
2. 357 municipalities × 1 000 paths × 40 years with quantiles (0.1, 0.5, 0.9) per year,
   age and sex, on a local Dask cluster of 1 and of 2 worker processes (cluster start-up
   included), the speed-up and the scaling efficiency (speed-up / 2), and the whole CLI
   process with two workers writing the 9.3 million rows (gzip).
Set BENCH_PATHS to change the paths (default 1000).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CLI = Path(sys.executable).parent / "handlingsrom"


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _cli(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([str(CLI), *args], check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    from handlingsrom.national import data, runner, tasks

    paths = int(os.environ.get("BENCH_PATHS", "1000"))
    nd = data.load()
    numbers = list(nd.numbers)
    chunks = tasks.chunks(numbers)
    print(f"load average at start: {os.getloadavg()[0]:.2f}; cores: {os.cpu_count()}")
    det = [_timed(lambda: tasks.project_task(numbers, 2017, 2057, None)) for _ in range(3)]
    print(f"deterministic 357 × 40 years, in process: {np.median(det):.2f} s (median of 3)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "p.csv"
        base = ["national", "project", "--base-year", "2017", "--to", "2057", "--out", str(out)]
        t0 = _cli([*base, "--workers", "0"])
        t2 = _cli([*base, "--workers", "2"])
        print(f"deterministic CLI process, --workers 0: {t0:.2f} s; --workers 2: {t2:.2f} s")
        args = (2017, 2057, None, paths, 1, (0.1, 0.5, 0.9))
        w1 = _timed(lambda: runner.run_chunks(tasks.quantiles_task, chunks, *args, workers=1))
        w2 = _timed(lambda: runner.run_chunks(tasks.quantiles_task, chunks, *args, workers=2))
        print(
            f"stochastic 357 × {paths} paths × 40 years with quantiles: 1 worker {w1:.1f} s, "
            f"2 workers {w2:.1f} s; speed-up {w1 / w2:.2f}×, efficiency {w1 / w2 / 2:.2f}"
        )
        q = Path(tmp) / "q.csv.gz"
        tq = _cli(["national", "project", "--paths", str(paths), "--out", str(q), "--workers", "2"])
        print(f"stochastic CLI process, 2 workers, writing {q.name}: {tq:.1f} s")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

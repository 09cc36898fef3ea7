"""National runs benchmark: `.venv/bin/python -m bench bench_national`.

Prints, each figure with the load average (1 min) of the shared machine just before and
after it, and the CPU seconds used (this process and its finished children):
1. all 357 municipalities × 40 years, deterministic: the computation in one process
   (estimation per municipality + the engine stepping all at once; median of 3, after the
   files are loaded), and the whole CLI process `handlingsrom national project` with
   `--workers 0` and with a local Dask cluster of two workers (start-up and the CSV of
   3.1 million rows included);
2. 357 municipalities × 1 000 paths × 40 years with quantiles (0.1, 0.5, 0.9) per year,
   age and sex, on a local Dask cluster of 1 and of 2 worker processes (cluster start-up
   included), the speed-up and the scaling efficiency (speed-up / 2), and the whole CLI
   process with two workers writing the 9.3 million rows (gzip).
Set BENCH_PATHS to change the paths (default 1000), BENCH_PARTS=det or stoch to run one
part only (add ``,inproc`` to time the stochastic computation in this process too, and
``,nocli`` to skip the stochastic CLI run), and BENCH_SAMPLE_CHUNKS=K to time the
stochastic runs on K evenly spread chunks of 12 municipalities (for a busy machine; the CPU
seconds per municipality extrapolate). "Cores busy" is CPU seconds ÷ wall seconds: under
other engineers' load it shows how much of the machine the run got.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CLI = Path(sys.executable).parent / "handlingsrom"


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def _timed(fn) -> tuple[float, float, str]:
    """(wall s, CPU s of this process and its finished children, 'load before→after')."""
    before = _load()
    t, c = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - t, _cpu() - c, f"{before}→{_load()}"


def _cli(args: list[str]) -> None:
    subprocess.run([str(CLI), *args], check=True, capture_output=True)


def main() -> None:
    from handlingsrom.national import data, runner, tasks

    paths = int(os.environ.get("BENCH_PATHS", "1000"))
    parts = os.environ.get("BENCH_PARTS", "det,stoch").split(",")
    sample = int(os.environ.get("BENCH_SAMPLE_CHUNKS", "0"))  # 0 = every municipality
    nd = data.load()
    numbers = list(nd.numbers)
    chunks = tasks.chunks(numbers)
    print(f"cores: {os.cpu_count()}; load average at start: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        if "det" in parts:
            tasks.project_task(numbers[:12], 2017, 2057, None)  # warm caches and imports
            det = [_timed(lambda: tasks.project_task(numbers, 2017, 2057, None)) for _ in range(3)]
            wall = [d[0] for d in det]
            i = int(np.argsort(wall)[1])
            print(
                f"deterministic 357 × 40 years, in process: {det[i][0]:.2f} s wall, "
                f"{det[i][1]:.2f} s CPU (median of 3: {', '.join(f'{w:.2f}' for w in wall)}); "
                f"load {det[i][2]}"
            )
            out = Path(tmp) / "p.csv"
            base = ["national", "project", "--base-year", "2017", "--to", "2057", "--out", str(out)]
            for w in ("0", "2"):
                wall_s, cpu_s, load = _timed(lambda w=w: _cli([*base, "--workers", w]))
                print(
                    f"deterministic CLI process, --workers {w}: {wall_s:.2f} s wall, "
                    f"{cpu_s:.2f} s CPU; load {load}"
                )
        if "stoch" in parts:
            args = (2017, 2057, None, paths, 1, (0.1, 0.5, 0.9))
            some = chunks[:: max(1, len(chunks) // sample)] if sample else chunks
            m = sum(len(c) for c in some)
            if "inproc" in parts:  # the computation alone, in this process
                ip = _timed(lambda: runner.run_chunks(tasks.quantiles_task, some, *args, workers=0))
                print(
                    f"stochastic {m} × {paths} × 40, in process: {ip[0]:.1f} s wall, {ip[1]:.1f} "
                    f"s CPU ({ip[1] / m:.3f} s per municipality); load {ip[2]}"
                )
            w1 = _timed(lambda: runner.run_chunks(tasks.quantiles_task, some, *args, workers=1))
            print(
                f"stochastic {m} × {paths} × 40, 1 worker: {w1[0]:.1f} s wall, {w1[1]:.1f} s "
                f"CPU ({w1[1] / m:.3f} s per municipality; {w1[1] / w1[0]:.2f} cores busy); "
                f"load {w1[2]}"
            )
            w2 = _timed(lambda: runner.run_chunks(tasks.quantiles_task, some, *args, workers=2))
            print(
                f"stochastic {m} × {paths} × 40, 2 workers: {w2[0]:.1f} s wall, {w2[1]:.1f} s "
                f"CPU ({w2[1] / w2[0]:.2f} cores busy); load {w2[2]}; speed-up "
                f"{w1[0] / w2[0]:.2f}×, efficiency {w1[0] / w2[0] / 2:.2f}"
            )
            if "nocli" in parts:
                return
            q = Path(tmp) / "q.csv.gz"
            cli = ["national", "project", "--paths", str(paths), "--out", str(q), "--workers", "2"]
            tq = _timed(lambda: _cli(cli))
            print(
                f"stochastic CLI process, 2 workers, writing {q.name}: {tq[0]:.1f} s; load {tq[2]}"
            )
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()

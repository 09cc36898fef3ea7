"""The whole main job as a user runs it: `handlingsrom run` on the default data, as a process.

Prints the wall time and CPU time (the run's process and its worker processes) of each of N
runs (a fresh process each time, so imports count), the median, the load average, and the
per-stage timings the last run recorded in run.json (for risk, stress and waiting: the
seconds their tasks worked, summed over the processes; scenarios_wall: the wall time of all
of them). The default run has 1 000 risk paths. Target: under 10 s on a 2-core machine.
Run: `.venv/bin/python -m bench bench_run` (env BENCH_RUNS=N, default 3).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    exe = Path(sys.executable).with_name("handlingsrom")
    cmd = (
        [str(exe)]
        if exe.exists()
        else [sys.executable, "-c", "from handlingsrom.cli import main; main()"]
    )
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    walls, cpus = [], []
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        out = Path(tmp) / "out"
        for i in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(
                [*cmd, "run", "--out", str(out), "--quiet"], check=True, stdout=subprocess.DEVNULL
            )
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
            print(f"run {i + 1}: {walls[-1]:.2f} s wall, {cpus[-1]:.2f} s CPU")
        record = json.loads((out / "run.json").read_text("utf-8"))
    print(
        f"median of {runs}: {statistics.median(walls):.2f} s wall (target < 10 s), "
        f"{statistics.median(cpus):.2f} s CPU"
    )
    print(
        f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f} "
        "(wall time above CPU time means other processes competed for the cores)"
    )
    print("stages of the last run (s):")
    for stage, seconds in record["timings_seconds"].items():
        print(f"  {stage:<12} {seconds:8.3f}")

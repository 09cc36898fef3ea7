"""Small municipalities: the whole main job for the default dataset scaled to 1/10, 1/100 and
1/1000 of its population, beside the default, as a user runs it (`handlingsrom run`, a fresh
process each time).

Two ways to scale (env BENCH_SMALL_MODES, default both):

- ``whole``: the municipality in miniature — the population and the municipality's births,
  and with them everything that grows with it: the accounts, the services' costs and
  places, the measures, investments and loans, the rules' NOK thresholds, the fund floors
  and caps and the unit sizes, and the same in the stress tests. A municipality of 12 400,
  1 240 and 124 residents with Bærum's structure.
- ``population``: only the population and the births (what issue 14 tried): the accounts
  stay Bærum's, so the money per inhabitant is 10–1 000 times Norway's (validate warns).

Prints the wall time of each run (env BENCH_RUNS=N runs each, default 1; the median), the
stages run.json recorded and the headline population. Target: each no slower than the
default. Run: `.venv/bin/python -m bench bench_small` (env BENCH_SMALL_FACTORS=0.1,0.01).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from handlingsrom.dataset import io as dataset_io

# Columns (file -> columns) and parameters that grow with the municipality.
AMOUNTS: dict[str, tuple[str, ...]] = {
    "budget.csv": ("amount_nok",),
    "services.csv": ("net_cost_nok", "gross_cost_nok"),
    "facilities.csv": ("places",),
    "measures.csv": ("amount_nok",),
    "investments.csv": ("cost_nok", "grant_nok", "running_cost_nok", "capacity", "fte"),
    "loans.csv": ("balance_nok",),
}
PARAMETERS = re.compile(
    r"^(buffer_fund_floor|buffer_fund_cap|capacity_module_\w+|\w+\.new_unit_size"
    r"|stoch_migration_sd|net_migration):"
)
SCENARIO_KEYS = re.compile(r"^(\s*(?:cost_nok|grant_nok|capacity|fte)\s*=\s*)([0-9.e+]+)", re.M)


def _round_keeping_total(values: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers summing to ``total``, each the floor or ceiling of ``values``
    (largest remainders first)."""
    floor = np.floor(values)
    left = int(total - floor.sum())
    order = np.argsort(-(values - floor), kind="stable")
    floor[order[: max(left, 0)]] += 1
    return floor.astype(int)


def _population(df: pd.DataFrame, factor: float) -> pd.DataFrame:
    df = df.copy()
    pop = df["population"].astype(float)
    out = np.zeros(len(df), dtype=int)
    for _, idx in df.groupby(["year", "sex"]).groups.items():
        values = pop.loc[idx].to_numpy() * factor
        out[df.index.get_indexer(idx)] = _round_keeping_total(values, round(values.sum()))
    df["population"] = out
    return df


def scale_dataset(src: Path, dest: Path, factor: float, whole: bool = True) -> Path:
    """A copy of the dataset at ``src`` with its population (and, with ``whole``, everything
    that grows with it) scaled by ``factor``."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    pop = pd.read_csv(dest / "population.csv", dtype=str, keep_default_na=False)
    pop["population"] = pop["population"].astype(int)
    _population(pop, factor).to_csv(dest / "population.csv", index=False, lineterminator="\n")
    births = pd.read_csv(dest / "births.csv", dtype=str, keep_default_na=False)
    own = births["area"] == "municipality"
    births.loc[own, "births"] = [str(round(float(b) * factor)) for b in births.loc[own, "births"]]
    births.to_csv(dest / "births.csv", index=False, lineterminator="\n")
    if not whole:
        return dest
    for file, columns in AMOUNTS.items():
        path = dest / file
        if not path.exists():
            continue
        t = pd.read_csv(path, dtype=str, keep_default_na=False)
        for col in columns:
            t[col] = [repr(float(v) * factor) if v.strip() else v for v in t[col]]
        t.to_csv(path, index=False, lineterminator="\n")
    rules = pd.read_csv(dest / "rules.csv", dtype=str, keep_default_na=False)
    nok = rules["unit"] == "NOK"
    rules.loc[nok, "threshold"] = [repr(float(v) * factor) for v in rules.loc[nok, "threshold"]]
    rules.to_csv(dest / "rules.csv", index=False, lineterminator="\n")
    for path in sorted((dest / "parameters").glob("*.yaml")):
        _scale_yaml(path, factor)
    for path in sorted((dest / "scenarios").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        text = SCENARIO_KEYS.sub(lambda m: f"{m.group(1)}{float(m.group(2)) * factor!r}", text)
        text = re.sub(
            r'("demography\.net_migration" = \{ add = )([0-9.]+)',
            lambda m: f"{m.group(1)}{float(m.group(2)) * factor!r}",
            text,
        )
        path.write_text(text, encoding="utf-8")
    return dest


def _scale_yaml(path: Path, factor: float) -> None:
    """Scale the values of the parameters that grow with the municipality (a unit size is
    kept at one place at least)."""
    out, key = [], ""
    for line in path.read_text(encoding="utf-8").split("\n"):
        if re.match(r"^\S", line):
            key = line if PARAMETERS.match(line) else ""
        elif key and (m := re.match(r"^(\s+value: )([-0-9.e+]+)\s*$", line)):
            value = float(m.group(2)) * factor
            if "unit_size" in key or "module" in key:
                value = max(value, 1.0)
            line = f"{m.group(1)}{value!r}"
        out.append(line)
    path.write_text("\n".join(out), encoding="utf-8")


def _command() -> list[str]:
    exe = Path(sys.executable).with_name("handlingsrom")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "from handlingsrom.cli import main; main()"]


def _run(data: Path | None, out: Path, runs: int) -> tuple[float, float, dict[str, float], str]:
    """Median wall and CPU seconds of ``runs`` runs, the last run's stages, and a note."""
    argv = [*_command(), "run", "--out", str(out), "--quiet"]
    if data is not None:
        argv += ["--data", str(data)]
    walls, cpus = [], []
    text = ""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=3600)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            note = f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1][:160]}"
            return statistics.median(walls), statistics.median(cpus), {}, note
        text = proc.stdout
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    residents = next((x for x in text.splitlines() if "2017:" in x), "").strip()
    timings = record["timings_seconds"]
    return statistics.median(walls), statistics.median(cpus), timings, residents


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "1"))
    factors = [float(x) for x in os.environ.get("BENCH_SMALL_FACTORS", "0.1,0.01,0.001").split(",")]
    modes = os.environ.get("BENCH_SMALL_MODES", "whole,population").split(",")
    stages = ("waiting", "stress", "risk", "charts", "write")
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    header = f"{'dataset':<22} {'wall s':>7} {'CPU s':>7}  " + " ".join(f"{s:>8}" for s in stages)
    print(header)
    with tempfile.TemporaryDirectory(prefix="bench-small-") as tmp:
        base = Path(tmp)
        cases: list[tuple[str, Path | None]] = [("default", None)]
        for mode in modes:
            for f in factors:
                folder = base / f"{mode}-{f:g}"
                scale_dataset(dataset_io.resolve(), folder, f, whole=mode == "whole")
                cases.append((f"{mode} × {f:g}", folder))
        for label, data in cases:
            wall, cpu, timings, note = _run(data, base / "out", runs)
            cells = " ".join(f"{timings.get(s, float('nan')):8.1f}" for s in stages)
            print(f"{label:<22} {wall:7.1f} {cpu:7.1f}  {cells}  {note}", flush=True)


if __name__ == "__main__":
    main()

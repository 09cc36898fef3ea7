"""Compare the tables of two `handlingsrom run` outputs: the largest difference per file.

Used to check that a change meant to be faster leaves the results as they were. Every CSV
under ``tables/`` of both folders is read; numeric columns are compared cell by cell
(absolute and relative difference), text columns must be equal. Prints one line per file
and exits 1 when a relative difference is above the tolerance or a text cell differs.

Run: `.venv/bin/python -m bench.compare_outputs BEFORE AFTER [--tol 1e-9]`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd


def compare_file(a: Path, b: Path) -> tuple[float, float, list[str]]:
    """Max absolute and relative difference of the numeric cells, and text differences."""
    x, y = pd.read_csv(a), pd.read_csv(b)
    notes: list[str] = []
    if list(x.columns) != list(y.columns) or x.shape != y.shape:
        return np.inf, np.inf, [f"shape or columns differ: {x.shape} vs {y.shape}"]
    max_abs = max_rel = 0.0
    for col in x.columns:
        u, v = x[col], y[col]
        if pd.api.types.is_numeric_dtype(u) and pd.api.types.is_numeric_dtype(v):
            uu, vv = u.to_numpy(dtype=float), v.to_numpy(dtype=float)
            both_nan = np.isnan(uu) & np.isnan(vv)
            diff = np.where(both_nan, 0.0, np.abs(uu - vv))
            if np.isnan(diff).any():
                notes.append(f"{col}: NaN in one only")
                diff = np.nan_to_num(diff, nan=np.inf)
            scale = np.maximum(np.abs(uu), np.abs(vv))
            with np.errstate(divide="ignore", invalid="ignore"):
                rel = np.where(diff > 0, diff / scale, 0.0)
            if diff.size:
                max_abs = max(max_abs, float(diff.max()))
                max_rel = max(max_rel, float(np.nanmax(rel)))
        else:
            bad = (u.fillna("").astype(str) != v.fillna("").astype(str)).to_numpy()
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                n = int(bad.sum())
                notes.append(f"{col}: {n} cells differ, e.g. {u.iloc[i]!r} vs {v.iloc[i]!r}")
    return max_abs, max_rel, notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--tol", type=float, default=1e-9, help="largest relative difference allowed")
    args = ap.parse_args(argv)
    files = sorted({p.name for p in (args.before / "tables").glob("*.csv")}
                   | {p.name for p in (args.after / "tables").glob("*.csv")})  # fmt: skip
    failed = False
    worst = 0.0
    for name in files:
        a, b = args.before / "tables" / name, args.after / "tables" / name
        if not a.exists() or not b.exists():
            print(f"{name}: only in {'after' if not a.exists() else 'before'}")
            failed = True
            continue
        max_abs, max_rel, notes = compare_file(a, b)
        worst = max(worst, max_rel)
        flag = "" if max_rel <= args.tol and not notes else "  <-- differs"
        failed |= bool(flag)
        print(f"{name:<28} max abs {max_abs:.3g}  max rel {max_rel:.3g}{flag}")
        for n in notes:
            print(f"    {n}")
    print(f"largest relative difference: {worst:.3g} (tolerance {args.tol:g})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

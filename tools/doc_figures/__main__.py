"""Rerun the commands behind the result figures of the docs and write the figures in.

    python -m tools.doc_figures [scenarios|services|all] [--out DIR]   # or: make doc-figures

`scenarios` rewrites the results section of `docs/scenarios.md`, `services` the marked
figures of `docs/services.md`. The commands' CSV files go to `--out` (kept) or to a
temporary folder (removed). Read the prose around the figures after a rerun: it is not
regenerated.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tools.doc_figures import scenarios, services
from tools.doc_figures.common import ROOT

# The shared public data, next to the repo (as for tools.build_default).
SHARED = ROOT.parent / "shared" / "data"


def regenerate(page: str, out: Path, shared: Path, run: bool) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if page == "scenarios":
        changed = scenarios.regenerate(out, run)
    else:
        changed = services.regenerate(out, shared, run)
    print(f"docs/{page}.md", "updated" if changed else "unchanged")


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tools.doc_figures", description=__doc__.splitlines()[0]
    )
    parser.add_argument("page", nargs="?", default="all", choices=["scenarios", "services", "all"])
    parser.add_argument("--out", type=Path, help="keep the commands' CSV files here")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument(
        "--no-run", action="store_true", help="reuse the CSV files already in --out"
    )
    args = parser.parse_args()
    if args.no_run and args.out is None:
        parser.error("--no-run needs --out")
    pages = ["scenarios", "services"] if args.page == "all" else [args.page]
    with tempfile.TemporaryDirectory(prefix="doc-figures-") as tmp:
        out = args.out or Path(tmp)
        for page in pages:
            regenerate(page, out / page, args.shared, not args.no_run)


if __name__ == "__main__":
    main()

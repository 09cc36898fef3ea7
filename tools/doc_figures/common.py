"""Helpers shared by the doc pages: run the CLI, format numbers, write between markers."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"

# The console script `handlingsrom` calls this function; calling it through the running
# interpreter finds the same installation wherever the venv's scripts live.
_CLI = "from handlingsrom.cli import main; main()"


def run_cli(args: Sequence[str]) -> str:
    """Run `handlingsrom ARGS` from the repo root, as the docs show it; return its stdout."""
    print("handlingsrom", " ".join(args), file=sys.stderr)
    done = subprocess.run(
        [sys.executable, "-c", _CLI, *args], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"handlingsrom {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def num(x: float, decimals: int = 0) -> str:
    """A number with a space between thousands, as the docs write them ("1 234.5")."""
    if decimals == 0:
        x = round(x)  # an int: no "-0" from tiny negative noise
    return f"{x:,.{decimals}f}".replace(",", " ")


def mnok(nok: float, decimals: int = 0) -> str:
    """NOK as NOK million."""
    return num(nok / 1e6, decimals)


def and_list(items: Sequence[str]) -> str:
    """'a, b and c', the way the docs list figures in a sentence."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> str:
    """A Markdown table; `align` has one letter per column, "r" for right-aligned (numbers)."""
    align = align or "l" * len(header)
    rule = "|" + "".join("---:|" if a == "r" else "---|" for a in align)
    return "\n".join([_row(header), rule, *map(_row, rows)])


def _row(cells: Sequence[str]) -> str:
    return "|" + "".join(f" {c} |" if c else " |" for c in cells)


def block(text: str) -> str:
    """Content that sits on its own lines between the markers (a table, a paragraph)."""
    return f"\n{text.strip()}\n"


def splice(doc: str, figures: Mapping[str, str]) -> str:
    """Replace what stands between each figure's markers; a missing marker is an error."""
    for name, content in figures.items():
        key = re.escape(name)
        pattern = re.compile(rf"(<!-- {key}:start -->).*?(<!-- {key}:end -->)", re.S)
        if not pattern.search(doc):
            raise SystemExit(f"marker <!-- {name}:start --> … <!-- {name}:end --> not found")
        doc = pattern.sub(lambda m, c=content: m.group(1) + c + m.group(2), doc, count=1)
    return doc


def update(path: Path, figures: Mapping[str, str]) -> bool:
    """Write the figures into the doc at `path`; True when its text changed."""
    old = path.read_text(encoding="utf-8")
    new = splice(old, figures)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old

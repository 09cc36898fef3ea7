"""Write a run's outputs into a folder, all or nothing.

Everything is written into a fresh temporary folder beside the target; only when every file
is complete is the old output moved aside and the new one renamed into place. A failed run
therefore leaves the previous output as it was and no half-written one. To avoid ever
deleting a user's files, an existing target is replaced only when it is empty or holds a
previous Handlingsrom output (it has a run.json written by Handlingsrom).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handlingsrom.errors import HandlingsromError
from handlingsrom.report.model import Table, clean, rounded

MARKER_KEY = "handlingsrom_run"


def csv_value(v: Any) -> str:
    v = clean(v)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        r = rounded(v)
        return str(int(r)) if r.is_integer() and abs(r) < 1e15 else repr(r)
    return str(v)


def write_csv(table: Table, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([c.key for c in table.columns])
        for row in table.rows:
            w.writerow([csv_value(v) for v in row])


def is_previous_output(folder: Path) -> bool:
    marker = folder / "run.json"
    if not marker.is_file():
        return False
    try:
        return MARKER_KEY in json.loads(marker.read_text("utf-8"))
    except (OSError, ValueError):
        return False


def check_target(out: Path) -> None:
    """Raise before any work is done when ``out`` may not be replaced."""
    if out.exists() and not out.is_dir():
        raise HandlingsromError(f"{out}: expected an output folder, found a file")
    if out.is_dir() and any(out.iterdir()) and not is_previous_output(out):
        raise HandlingsromError(
            f"{out}: folder exists and is not a Handlingsrom output (no run.json); "
            "choose another --out or empty it"
        )


def write_atomic(out: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(tmp)`` to write every file into a temporary folder, then swap it in."""
    out = out.absolute()
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    old: Path | None = None
    try:
        fill(tmp)
        os.chmod(tmp, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rmdir(old)
            os.replace(out, old)
        os.replace(tmp, out)
    except BaseException:
        if old is not None and old.exists() and not out.exists():
            os.replace(old, out)  # put the previous output back
            old = None
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def dump_json(data: dict[str, Any], path: Path) -> None:
    path.write_text(
        json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n",
        encoding="utf-8",
    )


def _json_default(o: Any) -> Any:
    v = clean(o)
    if v is not o:
        return v
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")

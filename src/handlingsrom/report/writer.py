"""Write a run's outputs into a folder, all or nothing.

Everything is written into a fresh temporary folder beside the target; only when every file
is complete is the old output moved aside and the new one renamed into place. A failed run
therefore leaves the previous output as it was and no half-written one. To avoid ever
deleting a user's files, an existing target is replaced only when it is empty or holds a
previous Handlingsrom output (it has a run.json written by Handlingsrom).

The temporary folders are named after the process that writes them
(``.<out>.new-<pid>-<random>``). A run killed by SIGKILL cannot remove its own; the next run
into the same folder removes those whose process is gone (:func:`remove_stale`), and puts a
previous output back if the killed run had moved it aside.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handlingsrom.dataset.io import check_writable
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
    """Raise before any work is done when ``out`` may not be replaced or cannot be written
    (its nearest existing parent is not a folder, or a folder this process cannot write)."""
    if out.exists() and not out.is_dir():
        raise HandlingsromError(f"{out}: expected an output folder, found a file")
    if out.is_dir() and any(out.iterdir()) and not is_previous_output(out):
        raise HandlingsromError(
            f"{out}: folder exists and is not a Handlingsrom output (no run.json); "
            "choose another --out or empty it"
        )
    check_writable(out.parent)


_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old)-(?:(?P<pid>\d+)-)?[^/]*$")
STALE_AFTER_SECONDS = 3600.0  # a temporary folder without a process id (older versions)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def remove_stale(out: Path) -> list[Path]:
    """Remove the temporary folders beside ``out`` that runs killed by SIGKILL left behind
    (their process is gone), and put back a previous output that such a run had moved
    aside. Returns the folders removed."""
    out = out.absolute()
    if not out.parent.is_dir():
        return []
    removed: list[Path] = []
    for path in sorted(out.parent.glob(f".{glob.escape(out.name)}.*-*")):
        m = _TEMP.match(path.name)
        if m is None or m.group("name") != out.name or not path.is_dir():
            continue
        pid = m.group("pid")
        if pid is not None:
            if int(pid) == os.getpid() or _alive(int(pid)):
                continue
        else:
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime < STALE_AFTER_SECONDS:
                    continue
        if m.group("kind") == "old" and not out.exists() and is_previous_output(path):
            os.replace(path, out)  # the killed run had moved the previous output aside
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def write_atomic(out: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(tmp)`` to write every file into a temporary folder, then swap it in."""
    out = out.absolute()
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    pid = os.getpid()
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-{pid}-", dir=out.parent))
    old: Path | None = None
    try:
        fill(tmp)
        os.chmod(tmp, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{pid}-", dir=out.parent))
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

"""A run stopped by a signal leaves nothing behind: no process, no output, no temporary folder.

Each test starts ``handlingsrom run`` as a process of its own (a new session, as a shell
would start a job), waits until its worker process (the stress tests and risk) is running,
sends SIGINT, SIGTERM or SIGKILL and checks the exit code, that every process of the run is
gone, and that the output's folder holds nothing. SIGKILL cannot be caught: the worker ends
because it asked the kernel to end it with its parent, and a temporary folder left by a run
killed while writing is removed by the next run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from handlingsrom.cli.signals import Terminated, signals_as_exceptions
from handlingsrom.plan.parallel import worker_pool
from handlingsrom.report import writer
from tests.foundation.mini import make_mini_dataset

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")

BUDGET = 120.0  # seconds: a generous bound, to prove that nothing hangs


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_mini_dataset(tmp_path_factory.mktemp("mini") / "mini")


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


def _start(mini: Path, out: Path) -> subprocess.Popen[str]:
    exe = Path(sys.executable).with_name("handlingsrom")
    argv = [str(exe), "run", "--data", str(mini), "--out", str(out), "-q"]
    return subprocess.Popen(
        [*argv, "--paths", "20", "--risk-paths", "200"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # a job of a non-interactive shell ignores SIGINT; a user's Ctrl-C does not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _wait_for(condition, proc: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + BUDGET
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the run ended ({proc.returncode}) before {what}: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"no {what} within {BUDGET} s")
        time.sleep(0.02)


def _gone(pids: list[int]) -> bool:
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.parametrize(
    ("sig", "code", "message"),
    [
        (signal.SIGINT, 130, "error: interrupted"),
        (signal.SIGTERM, 143, "error: terminated by SIGTERM"),
        (signal.SIGKILL, -signal.SIGKILL, ""),
    ],
    ids=["SIGINT", "SIGTERM", "SIGKILL"],
)
def test_a_signal_during_the_run_leaves_nothing_behind(
    mini: Path, tmp_path: Path, sig: signal.Signals, code: int, message: str
) -> None:
    out = tmp_path / "out"
    proc = _start(mini, out)
    workers: list[int] = []

    def worker_started() -> bool:
        workers[:] = _children(proc.pid)
        return bool(workers)

    _wait_for(worker_started, proc, "worker process")
    # At once, possibly while the parent still starts its workers: a signal handled in the
    # parent's after-fork hooks used to be printed as "Exception ignored" and lost (the run
    # finished with 0). Now it is noted and acted on once the workers are started
    # (plan/parallel.py).
    assert proc.poll() is None, "the run ended before the signal"
    os.kill(proc.pid, sig)
    _out, err = proc.communicate(timeout=BUDGET)
    assert proc.returncode == code, err
    if message:
        assert err.strip().splitlines()[-1] == message
        assert "Traceback" not in err
    assert _gone(workers), f"worker {workers} outlived the run"
    assert list(tmp_path.iterdir()) == [], "the run left files behind"


def test_a_run_killed_while_writing_leaves_a_temporary_folder_the_next_run_removes(
    mini: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    proc = _start(mini, out)
    _wait_for(lambda: any(tmp_path.glob(".out.new-*")), proc, "temporary output folder")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=BUDGET)
    left = list(tmp_path.glob(".out.new-*"))
    assert left and f".out.new-{proc.pid}-" in left[0].name
    assert writer.remove_stale(out) == left
    assert list(tmp_path.iterdir()) == []


def test_stale_folders_of_live_processes_and_of_other_outputs_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    mine = tmp_path / f".out.new-{os.getpid()}-abc"
    other = tmp_path / ".other.new-1-abc"
    new_style_dead = tmp_path / ".out.new-999999999-abc"
    for p in (mine, other, new_style_dead):
        p.mkdir()
    assert writer.remove_stale(out) == [new_style_dead]
    assert mine.exists() and other.exists()


def test_a_previous_output_moved_aside_by_a_killed_run_is_put_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    aside = tmp_path / ".out.old-999999999-abc"
    aside.mkdir()
    (aside / "run.json").write_text('{"handlingsrom_run": true}', encoding="utf-8")
    writer.remove_stale(out)
    assert (out / "run.json").exists() and not aside.exists()


def test_a_signal_during_the_workers_fork_is_not_lost() -> None:
    """A SIGTERM handled in the parent's after-fork hooks is raised once the workers are
    started (it used to be printed as "Exception ignored" and dropped)."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers are set in the main thread only")
    armed = [True]

    def in_the_fork_hooks() -> None:  # after logging's own hook, like a signal arriving there
        if armed[0]:
            armed[0] = False
            signal.raise_signal(signal.SIGTERM)

    os.register_at_fork(after_in_parent=in_the_fork_hooks)
    try:
        with pytest.raises(Terminated), signals_as_exceptions(), worker_pool(2) as pool:
            pool.submit(int).result(timeout=BUDGET)
            pytest.fail("the signal was lost: the pool went on working")
    finally:
        armed[0] = False

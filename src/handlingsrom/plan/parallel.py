"""Work beside the main process, through :mod:`concurrent.futures` (the stress tests and the
rule risk run in a second process while the main one solves the required savings).

Workers never outlive the run: each asks the kernel (Linux ``PR_SET_PDEATHSIG``) to end it
when its parent dies, even by SIGKILL, and a run that is interrupted cancels its work and
ends its workers before the interruption goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1
# The signals that stop a run (cli/signals.py): noted, not acted on, while the workers start.
_STOP = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _die_with_parent(parent: int) -> None:
    """Worker initializer: end this process when the parent ends, and leave Ctrl-C to the
    parent (which cancels the work). SIGTERM and SIGHUP end the worker the default way (a
    forked worker would otherwise inherit the parent's handlers, which raise)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _context() -> multiprocessing.context.BaseContext:
    # fork starts in milliseconds and shares the loaded modules; spawn elsewhere.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _start_workers(pool: ProcessPoolExecutor) -> None:
    """Start the pool's workers now, and act on a stop signal only once they are started.

    A Python signal handler runs in the main thread at the next bytecode, wherever that
    is; during a fork that can be the parent's after-fork hooks (logging's lock release),
    and an exception raised there is printed as "ignored" and dropped: the run went on and
    ended with 0 as if never stopped, or it was stopped halfway through the pool's own
    start and its clean-up failed. Masking the signals would not do: the kernel hands a
    process's signal to any thread that does not mask it. So while the workers start, a
    stop signal is only noted; the run's own handler then gets it at once, here.
    (A forked pool starts every worker on its first task.)"""
    if threading.current_thread() is not threading.main_thread():
        pool.submit(int)  # handlers can be swapped in the main thread only
        return
    noted: list[int] = []
    previous = {
        s: signal.signal(s, lambda signum, _frame: noted.append(signum))
        for s in _STOP
        if signal.getsignal(s) is not None  # None: set outside Python, cannot be restored
    }
    try:
        pool.submit(int)  # a no-op task: makes the pool start its workers
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if noted:
            signal.raise_signal(noted[0])  # to the handler the run had (or the default)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes that is torn down on any exit, interrupts included."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        _start_workers(pool)
        yield pool
    except BaseException:
        processes = list(getattr(pool, "_processes", {}).values())
        manager = getattr(pool, "_executor_manager_thread", None)
        pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            with contextlib.suppress(Exception):
                p.kill()
                p.join(timeout=5)
        if manager is not None:
            # Let the pool's thread close its wake-up pipe before the interpreter's exit
            # hook writes to it: Python 3.11 races there and prints an OSError (Bad file
            # descriptor) after the run's own message (seen about once in ten stops under
            # load).
            manager.join(timeout=5)
        raise
    else:
        pool.shutdown(wait=True)

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
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


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
        yield pool
    except BaseException:
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            with contextlib.suppress(Exception):
                p.kill()
                p.join(timeout=5)
        raise
    else:
        pool.shutdown(wait=True)

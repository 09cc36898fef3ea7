"""Signals as exceptions, so that an interrupted command cleans up before it exits.

Python turns SIGINT (Ctrl-C) into :class:`KeyboardInterrupt`; SIGTERM (``kill``, a CI
timeout, a container stop) and SIGHUP (the terminal closed) end the process at once by
default, without running ``finally`` blocks — leaving worker processes and half-written
temporary folders behind. Inside :func:`signals_as_exceptions` they raise
:class:`Terminated` instead, so the same clean-up runs as for Ctrl-C: the worker pool is
ended (:mod:`handlingsrom.plan.parallel`) and a temporary output folder removed
(:mod:`handlingsrom.report.writer`). SIGKILL cannot be caught: workers end with their
parent (``PR_SET_PDEATHSIG``) and the next run removes the temporary folders a killed run
left behind.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

INTERRUPTED = 130  # 128 + SIGINT, the shell's convention
_CAUGHT = (signal.SIGTERM, signal.SIGHUP)


class Terminated(BaseException):
    """The process received SIGTERM or SIGHUP (a BaseException, like KeyboardInterrupt, so
    that ``except Exception`` does not swallow it)."""

    def __init__(self, signum: int):
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(self.name)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _raise(signum: int, _frame: FrameType | None) -> None:
    # A second signal during the clean-up ends the process the default way.
    for s in _CAUGHT:
        signal.signal(s, signal.SIG_DFL)
    raise Terminated(signum)


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """Within the block SIGTERM and SIGHUP raise :class:`Terminated` (main thread only;
    elsewhere the block changes nothing). SIGINT keeps raising KeyboardInterrupt; a SIGINT
    the parent shell ignores (a background job) stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in _CAUGHT}
    for s in _CAUGHT:
        if previous[s] != signal.SIG_IGN:  # nohup: keep ignoring SIGHUP
            signal.signal(s, _raise)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
